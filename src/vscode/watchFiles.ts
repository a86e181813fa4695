import * as vscode from 'vscode';

/**
 * Follows files matching `pattern` on disk (git pull, another window, a hand edit): `onChange` for created or
 * changed files, `onDelete` for deleted ones. Disposing it removes the watcher and its listeners together.
 */
export function watchFiles(pattern: vscode.GlobPattern, onChange: (uri: vscode.Uri) => void, onDelete: (uri: vscode.Uri) => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(pattern);
  return vscode.Disposable.from(watcher, watcher.onDidCreate(onChange), watcher.onDidChange(onChange), watcher.onDidDelete(onDelete));
}
