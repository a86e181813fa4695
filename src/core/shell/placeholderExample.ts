// What the box that asks for a placeholder's value shows as a hint: an example of the kind of value the name asks
// for ("[db-host]" → "db-1.internal.example.com"). Shown greyed as "e.g. …" in the empty box, never filled in, never
// run: the person types the real one. Names we cannot tell anything about get no example rather than a guess.

/** By the name's last word part, then any part: `db-host` is a host, `user-id` an id. */
const EXAMPLES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?:domain|fqdn)$/, 'api.example.com'],
  [/^(?:url|endpoint)$/, 'https://api.example.com'],
  [/^(?:host|hostname|server)$/, 'db-1.internal.example.com'],
  [/^(?:ip|address|addr)$/, '10.0.12.34'],
  [/^port$/, '8080'],
  [/^(?:service|app|application|deployment|container)$/, 'checkout'],
  [/^(?:namespace|ns)$/, 'production'],
  [/^pod$/, 'checkout-7d9c5b8f6-x2k4q'],
  [/^(?:cluster|context)$/, 'prod-eu-1'],
  [/^region$/, 'eu-west-1'],
  [/^(?:user|username|login)$/, 'deploy'],
  [/^(?:id|uuid)$/, '4f1c2a9e'],
  [/^(?:database|db|schema)$/, 'orders'],
  [/^(?:bucket)$/, 'backups-prod'],
  [/^(?:branch|ref)$/, 'main'],
  [/^(?:version|tag|release)$/, 'v2.14.3'],
  [/^(?:size)$/, '20Gi'],
  [/^(?:file|path|log)$/, '/var/log/app/error.log'],
  [/^(?:certificate|cert)$/, 'api-example-com-tls'],
  [/^(?:claim|pvc|volume)$/, 'data-orders-0'],
];

/** An example value for the placeholder `[name]`, or null when its name says nothing we can give an example of. */
export function placeholderExample(name: string): string | null {
  const parts = name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  for (const part of [...parts].reverse()) {
    const found = EXAMPLES.find(([pattern]) => pattern.test(part));
    if (found) return found[1];
  }
  return null;
}
