// `vscode` resolves to this empty module in this folder's tsconfig: any use of it fails to compile
// ("has no exported member"), so the layer stays free of the VS Code API. See CONTRIBUTING.md.
export declare const vscodeIsNotAllowedHere: never;
