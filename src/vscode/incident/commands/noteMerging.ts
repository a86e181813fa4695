// Incident: Enable Note Merging — sets git up to merge incident notes with the CLI's merge-note driver, shipped in
// the extension as dist/cli.js: the `.gitattributes` line (to commit) and the driver in the repository's config.
import * as vscode from 'vscode';
import { defaultSetting } from '../../../config';
import { enableNoteMerging, NoteMergingSetup } from '../../../node/mergeDriver';
import { ActionableError, type CommandTable } from '../../commands';
import type { Services } from '../../services';

const EXTENSION_ID = 'incident-runbook.incident-runbook';

/**
 * The driver command: the CLI bundled with this extension, run by the Node that runs the extension host (Electron
 * as Node in desktop VS Code, plain Node in a server), so it needs no Node of the person's own.
 */
function driverCommand(): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`the extension ${EXTENSION_ID} is not installed`);
  const cli = vscode.Uri.joinPath(extension.extensionUri, 'dist', 'cli.js').fsPath;
  const quote = (text: string): string => `"${text.replace(/(["\\$`])/g, '\\$1')}"`;
  return `ELECTRON_RUN_AS_NODE=1 ${quote(process.execPath)} ${quote(cli)} merge-note %O %A %B %P`;
}

export function noteMergingCommands(services: Services): CommandTable {
  return {
    'incidentRunbook.enableNoteMerging': async (folderArg): Promise<NoteMergingSetup | undefined> => {
      const folders = vscode.workspace.workspaceFolders ?? [];
      const folder =
        folderArg instanceof vscode.Uri
          ? vscode.workspace.getWorkspaceFolder(folderArg)
          : folders.length <= 1
            ? folders[0]
            : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Enable note merging for the repository of which folder?' });
      if (!folder) {
        if (folders.length === 0) throw new ActionableError('Open the folder that holds your incident notes first; note merging is set up in its git repository.', [], 'warning');
        return undefined;
      }
      const incidents = vscode.Uri.joinPath(folder.uri, services.settings.get('incidentsFolder', folder.uri) || defaultSetting('incidentsFolder'));
      let setup: NoteMergingSetup;
      try {
        setup = enableNoteMerging(incidents.fsPath, driverCommand());
      } catch (error) {
        throw new ActionableError(`Note merging was not enabled: ${error instanceof Error ? error.message : String(error)}.`);
      }
      services.log.info(`enableNoteMerging: ${setup.attributesFile}: ${setup.attributesLine}; merge.incident-note.driver = ${setup.driver}`);
      const attributes = setup.attributesAdded ? `added \`${setup.attributesLine}\` to .gitattributes (commit it so your team merges notes too)` : `.gitattributes already had \`${setup.attributesLine}\``;
      void vscode.window.showInformationMessage(`Note merging enabled: ${attributes}, and set the merge.incident-note driver in this repository's git config (each clone needs this command once).`);
      return setup;
    },
  };
}
