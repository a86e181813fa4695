// A small checker for the JSON-schema subset our request schemas use (type, required, properties, enum, lengths,
// pattern, items, maxItems). Our bodies are built by us: the checker is what the unit tests hold them to, and
// what each send checks before it goes, so a body the service would refuse is caught with its path.

export type Shape =
  | { type: 'string'; enum?: readonly string[]; minLength?: number; maxLength?: number; pattern?: RegExp }
  | { type: 'number' }
  | { type: 'boolean' }
  | { type: 'null' }
  | { type: 'object'; required?: readonly string[]; properties?: Record<string, Shape>; additionalProperties?: boolean }
  | { type: 'array'; items?: Shape; minItems?: number; maxItems?: number }
  | { anyOf: readonly Shape[] };

/** Every way `value` breaks `shape`, each as "path: what" (empty when it fits). Lengths count code points. */
export function checkShape(value: unknown, shape: Shape, path = ''): string[] {
  const at = path || '(body)';
  if ('anyOf' in shape) {
    const results = shape.anyOf.map((s) => checkShape(value, s, path));
    return results.some((r) => r.length === 0) ? [] : [`${at}: matches none of its ${shape.anyOf.length} allowed shapes (${results.map((r) => r[0]).join(' | ')})`];
  }
  switch (shape.type) {
    case 'string': {
      if (typeof value !== 'string') return [`${at}: must be a string`];
      const problems: string[] = [];
      const length = [...value].length;
      if (shape.enum && !shape.enum.includes(value)) problems.push(`${at}: must be one of ${shape.enum.join(', ')}`);
      if (shape.minLength !== undefined && length < shape.minLength) problems.push(`${at}: at least ${shape.minLength} characters`);
      if (shape.maxLength !== undefined && length > shape.maxLength) problems.push(`${at}: at most ${shape.maxLength} characters (has ${length})`);
      if (shape.pattern && !shape.pattern.test(value)) problems.push(`${at}: does not match ${shape.pattern.source}`);
      return problems;
    }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? [] : [`${at}: must be a number`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: must be true or false`];
    case 'null':
      return value === null ? [] : [`${at}: must be null`];
    case 'array': {
      if (!Array.isArray(value)) return [`${at}: must be an array`];
      const problems: string[] = [];
      if (shape.minItems !== undefined && value.length < shape.minItems) problems.push(`${at}: at least ${shape.minItems} items`);
      if (shape.maxItems !== undefined && value.length > shape.maxItems) problems.push(`${at}: at most ${shape.maxItems} items (has ${value.length})`);
      if (shape.items) value.forEach((item, i) => problems.push(...checkShape(item, shape.items as Shape, `${path}[${i}]`)));
      return problems;
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: must be an object`];
      const record = value as Record<string, unknown>;
      const problems: string[] = [];
      for (const key of shape.required ?? []) if (record[key] === undefined) problems.push(`${path ? path + '.' : ''}${key}: required`);
      for (const [key, child] of Object.entries(record)) {
        const childShape = shape.properties?.[key];
        const childPath = path ? `${path}.${key}` : key;
        if (childShape) {
          if (child !== undefined) problems.push(...checkShape(child, childShape, childPath));
        } else if (shape.additionalProperties === false) problems.push(`${childPath}: not allowed here`);
      }
      return problems;
    }
  }
}

/** UTF-8 length of `text` (the core has no TextEncoder): what a service's byte limit counts. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const point of text) {
    const code = point.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** The size of `value` as it goes on the wire (JSON, UTF-8). */
export function jsonBytes(value: unknown): number {
  return utf8Bytes(JSON.stringify(value) ?? '');
}
