// The layering rules (see CONTRIBUTING.md), as lint errors: the arrows point inward,
// src/vscode → src/node → src/core, never back; media/ sees only src/protocol.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'crypto', 'child_process', 'util', 'events', 'stream', 'url', 'net', 'http', 'https', 'process', 'worker_threads', 'module'];

/** `no-restricted-imports` for one layer: packages it may not use and folders it may not reach. */
function layer(files, { packages, nodeBuiltins: noNode = false, folders, message }) {
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [...packages, ...(noNode ? nodeBuiltins : [])].map((name) => ({ name, message })),
          patterns: [
            ...(noNode ? [{ group: ['node:*'], message }] : []),
            // Relative imports only: a folder of src/ reached from another layer.
            ...folders.map((folder) => ({ regex: `^\\.{1,2}/(.*/)?${folder.replace('/', '\\/')}(/|$)`, message })),
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'media/dist/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '**/*.mjs', '**/*.cjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { ecmaVersion: 2022, sourceType: 'module' } },
    rules: {
      // Unused names are the compiler's job (noUnusedLocals / noUnusedParameters).
      '@typescript-eslint/no-unused-vars': 'off',
      // Control characters are what the terminal-output and quoting code is about.
      'no-control-regex': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  layer(['src/core/**/*.ts'], {
    packages: ['vscode', 'execa'],
    nodeBuiltins: true,
    folders: ['node', 'vscode', 'cli', 'extension'],
    message: 'src/core is pure: no vscode, no Node, nothing from src/node or src/vscode. Pass what it needs in.',
  }),
  layer(['src/node/**/*.ts'], {
    packages: ['vscode'],
    nodeBuiltins: false,
    folders: ['vscode', 'extension'],
    message: 'src/node is Node-only: no vscode, nothing from src/vscode.',
  }),
  layer(['src/protocol/**/*.ts'], {
    packages: ['vscode'],
    nodeBuiltins: true,
    folders: ['core', 'node', 'vscode'],
    message: 'src/protocol is the webview protocol: both sides import it, so it imports nothing of theirs.',
  }),
  layer(['media/**/*.ts'], {
    packages: ['vscode'],
    nodeBuiltins: true,
    folders: ['src/core', 'src/node', 'src/vscode', 'src/cli', 'src/extension'],
    message: 'A webview sees only src/protocol: it runs in a browser and talks to the host by messages.',
  }),
);
