// The few platform globals the pure core may use: standard in every JavaScript runtime we run in
// (Node, the extension host, a browser), declared here because the core compiles without Node's
// or the DOM's types (see tsconfig.json beside this file).
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array | ArrayBuffer): string;
}
