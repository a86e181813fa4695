// Every setting is read through src/config.ts, whose defaults come from the manifest: what VS Code's
// Settings editor shows as the default is what the code falls back to.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { defaultSetting, SECTION, workspaceSettings, type SettingKey } from '../../src/config';
import { contributes } from '../../package.json';

const KEYS = Object.keys(contributes.configuration.properties).map((id) => id.slice(SECTION.length + 1) as SettingKey);

suite('Settings', () => {
  test('each default is the one VS Code holds for the contributed setting', () => {
    assert.ok(KEYS.length >= 10, `contributed settings: ${KEYS.join(', ')}`);
    for (const key of KEYS) {
      const inspected = vscode.workspace.getConfiguration(SECTION).inspect(key);
      assert.deepStrictEqual(defaultSetting(key), inspected?.defaultValue, key);
    }
  });

  test('a value set in the workspace is what the reader returns', async () => {
    const configuration = vscode.workspace.getConfiguration(SECTION);
    await configuration.update('captureTimeoutSeconds', 17, vscode.ConfigurationTarget.Workspace);
    try {
      assert.strictEqual(workspaceSettings.get('captureTimeoutSeconds'), 17);
    } finally {
      await configuration.update('captureTimeoutSeconds', undefined, vscode.ConfigurationTarget.Workspace);
    }
    assert.strictEqual(workspaceSettings.get('captureTimeoutSeconds'), defaultSetting('captureTimeoutSeconds'));
  });
});
