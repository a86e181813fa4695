import * as assert from 'assert';
import { randomUUID } from 'crypto';
import { existsSync, rmSync } from 'fs';
import { findPlaceholders, findPlaceholderSpans, substitutePlaceholders } from '../../../../src/core/shell/placeholders';
import { quoteContextsAt } from '../../../../src/core/shell/context';
import type { QuoteContext, ShellKind } from '../../../../src/core/shell/quote';
import { HOSTILE_VALUES, installedShells, runInShell } from './support';

describe('shell/placeholders: findPlaceholders', () => {
  const cases: [string, string[]][] = [
    ['curl -s https://[domain]/api/health | jq', ['domain']],
    ['kubectl logs -n [namespace] deploy/[service] --since=[window]', ['namespace', 'service', 'window']],
    ['ping -c 3 [host] && ping -c 3 [host]', ['host']],
    ['kubectl describe pod [pod name]', ['pod name']],
    ['dig +short [service-name].[zone.internal]', ['service-name', 'zone.internal']],
    ['curl -d \'{"host": "[host]"}\' https://[api_host]/v1', ['host', 'api_host']],
    ['echo "[Brief description]"', ['Brief description']],
    ['psql -h [db.host] -U [user_1] -c "select 1"', ['db.host', 'user_1']],
    ['grep [été] log', ['été']],
    ['[cmd] --version', ['cmd']],
    ['x=[a][b]', ['a', 'b']],
    // Not placeholders:
    ['if [ -f /etc/app.conf ]; then cat /etc/app.conf; fi', []],
    ['[[ -n $TOKEN ]] && echo set', []],
    ['[[ $x == y ]]', []],
    ['echo ${arr[0]} ${arr[idx]} ${#list[@]}', []],
    ['echo $((a[i] + 1))', []],
    ['ls /var/log/app-[0-9].log', []],
    ['tr [a-z] [A-Z]', []],
    ['grep -E "[A-Za-z0-9]+" file', []],
    ["tr '[:upper:]' '[:lower:]'", []],
    ['ls [!a]*', []],
    ['ps aux | grep "[n]ginx"', []],
    ['jq ".items[].name"', []],
    ['jq ".items[0].spec"', []],
    ['echo \\[escaped]', []],
    ['echo [ spaced ]', []],
    ['echo [two  spaces]', []],
    ['echo $[x]', []],
    ['echo [[nested]]', []],
    ['', []],
  ];
  for (const [command, names] of cases) {
    it(`${JSON.stringify(command)} -> [${names.join(', ')}]`, () => {
      assert.deepStrictEqual(findPlaceholders(command), names);
    });
  }

  it('reports every occurrence with its position', () => {
    const command = 'ping [host]; ping [host]';
    assert.deepStrictEqual(findPlaceholderSpans(command), [
      { name: 'host', start: 5, end: 11 },
      { name: 'host', start: 18, end: 24 },
    ]);
  });
});

describe('shell/context: quoteContextsAt', () => {
  const at = (command: string, shell: ShellKind): QuoteContext => {
    const offset = command.indexOf('[v]');
    return quoteContextsAt(command, shell, [offset])[0];
  };
  const cases: [string, ShellKind, QuoteContext['quote'], number][] = [
    ['echo [v]', 'bash', 'none', 0],
    ["echo '[v]'", 'bash', 'single', 0],
    ["echo 'it''s [v]'", 'bash', 'single', 0],
    ['echo "a [v]"', 'bash', 'double', 0],
    ['echo "a \\" [v]"', 'bash', 'double', 0],
    ['echo "$(printf %s [v])"', 'bash', 'none', 0],
    ['echo "$(printf "%s" "[v]")"', 'bash', 'double', 0],
    ['echo `printf %s [v]`', 'bash', 'none', 1],
    ["echo \"`printf %s '[v]'`\"", 'bash', 'single', 1],
    ["echo $'a\\'[v]'", 'bash', 'ansi', 0],
    ['echo \\\'[v]', 'bash', 'none', 0],
    ['echo ${x:-[v]}', 'bash', 'none', 0],
    ['echo $((1)) "[v]"', 'bash', 'double', 0],
    ["echo 'a\\' [v]", 'fish', 'single', 0],
    ['echo (echo "[v]")', 'fish', 'double', 0],
    ["Write-Output 'it''s [v]'", 'pwsh', 'single', 0],
    ['Write-Output "$(Get-Date) [v]"', 'pwsh', 'double', 0],
    ['Write-Output "`"[v]"', 'pwsh', 'double', 0],
    ['Write-Output \u2018[v]\u2019', 'pwsh', 'single', 0],
    ['echo ^"[v]', 'cmd', 'none', 0],
    ['echo "[v]"', 'cmd', 'double', 0],
  ];
  for (const [command, shell, quote, backticks] of cases) {
    it(`${shell}: ${command} -> ${quote}${backticks ? ` in ${backticks} backtick level(s)` : ''}`, () => {
      assert.deepStrictEqual(at(command, shell), { quote, backticks });
    });
  }
});

describe('shell/placeholders: substitutePlaceholders', () => {
  it('quotes each value for the shell and leaves unknown placeholders as written', () => {
    assert.strictEqual(
      substitutePlaceholders('curl https://[domain]/x?q=[query] [other]', { domain: 'example.com', query: 'a b' }, 'bash'),
      "curl https://example.com/x?q='a b' [other]",
    );
  });

  it('accepts a Map and ignores inherited object keys', () => {
    assert.strictEqual(substitutePlaceholders('echo [host]', new Map([['host', 'h 1']]), 'sh'), "echo 'h 1'");
    assert.strictEqual(substitutePlaceholders('echo [constructor]', {}, 'sh'), 'echo [constructor]');
  });

  it('closes and reopens the quotes that are open where the placeholder stands', () => {
    assert.strictEqual(substitutePlaceholders("jq '.host == \"[h]\"'", { h: "x'y" }, 'bash'), "jq '.host == \"''x'\\''y''\"'");
    assert.strictEqual(substitutePlaceholders('echo "id: [h]"', { h: '$(id)' }, 'bash'), 'echo "id: "\'$(id)\'""');
    assert.strictEqual(substitutePlaceholders("Write-Output 'a [h]'", { h: "it's" }, 'pwsh'), "Write-Output 'a it''s'");
    assert.strictEqual(substitutePlaceholders('Write-Output "a [h]"', { h: '$env:X "q"' }, 'pwsh'), 'Write-Output "a `$env:X `"q`""');
  });

  it('escapes for each level of backticks', () => {
    assert.strictEqual(substitutePlaceholders('echo `echo [h]`', { h: 'a`b' }, 'bash'), "echo `echo 'a\\`b'`");
  });
});

// Templates with the placeholder in every quoting position; `expected(v)` is what printf prints.
const TEMPLATES: { template: string; expected: (v: string) => string; shells: ShellKind[] }[] = [
  { template: 'printf %s [v]', expected: (v) => v, shells: ['bash', 'sh', 'zsh', 'fish'] },
  { template: 'printf %s pre-[v]-post', expected: (v) => `pre-${v}-post`, shells: ['bash', 'sh', 'zsh', 'fish'] },
  { template: "printf %s 'a [v] b'", expected: (v) => `a ${v} b`, shells: ['bash', 'sh', 'zsh', 'fish'] },
  { template: 'printf %s "a [v] b"', expected: (v) => `a ${v} b`, shells: ['bash', 'sh', 'zsh', 'fish'] },
  // Command substitution drops trailing newlines; the trailing x keeps them.
  { template: 'printf %s "$(printf %s [v]; printf x)"', expected: (v) => `${v}x`, shells: ['bash', 'sh', 'zsh'] },
  { template: 'printf %s "$(printf %s "<[v]>"; printf x)"', expected: (v) => `<${v}>x`, shells: ['bash', 'sh', 'zsh'] },
  { template: 'printf %s "`printf %s [v]; printf x`"', expected: (v) => `${v}x`, shells: ['bash', 'sh', 'zsh'] },
  { template: "printf %s \"`printf %s '<[v]>'; printf x`\"", expected: (v) => `<${v}>x`, shells: ['bash', 'sh', 'zsh'] },
  { template: "printf %s $'tab\\t [v]'", expected: (v) => `tab\t ${v}`, shells: ['bash', 'zsh'] },
];

const shells = installedShells().filter((s) => s.kind !== 'pwsh');

describe(`shell/placeholders: substituted commands run in real shells (${shells.map((s) => s.kind).join(', ')})`, () => {
  for (const { kind, path } of shells) {
    for (const { template, expected, shells: forShells } of TEMPLATES) {
      if (!forShells.includes(kind)) continue;
      it(`${kind}: ${template} prints every hostile value exactly`, () => {
        for (const value of HOSTILE_VALUES) {
          const command = substitutePlaceholders(template, { v: value }, kind);
          assert.strictEqual(runInShell(kind, path, command), expected(value), `${JSON.stringify(value)} via ${command}`);
        }
      });
    }
  }
});

describe('shell/placeholders: a planted value runs nothing', () => {
  const marker = `/tmp/pwned-${randomUUID()}`;
  const attacks = [
    `$(touch ${marker})`,
    `\`touch ${marker}\``,
    `x; touch ${marker}`,
    `x' ; touch ${marker}; echo '`,
    `x" ; touch ${marker}; echo "`,
    `x\ntouch ${marker}`,
    `x && touch ${marker}`,
    `x | touch ${marker}`,
    `'$(touch ${marker})'`,
    `\\'$(touch ${marker})`,
  ];
  afterEach(() => rmSync(marker, { force: true }));

  it('the check can fail: the same value pasted in unquoted does create the file', () => {
    const bash = shells.find((s) => s.kind === 'bash');
    assert.ok(bash, 'bash is needed for this check');
    runInShell('bash', bash.path, 'echo ' + `$(touch ${marker})`);
    assert.ok(existsSync(marker));
  });

  for (const { kind, path } of shells) {
    it(`${kind}: no template and no attack creates ${marker}`, () => {
      for (const { template, shells: forShells } of TEMPLATES) {
        if (!forShells.includes(kind)) continue;
        for (const attack of attacks) {
          const command = substitutePlaceholders(template, { v: attack }, kind);
          runInShell(kind, path, command);
          assert.ok(!existsSync(marker), `${command} created the file`);
        }
      }
    });
  }
});
