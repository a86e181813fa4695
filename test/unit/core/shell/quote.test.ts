import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { quoteForShell, shellKindFromPath, UnquotableValueError, type ShellKind } from '../../../../src/core/shell/quote';
import { HOSTILE_VALUES, installedShells, printCommand, runInShell } from './support';

/** Exact expected forms: the quoting rules written down, for every shell, including those not installed here. */
const EXPECTED: Record<ShellKind, ReadonlyArray<[string, string]>> = {
  bash: [
    ['', "''"],
    ['plain-value.example.com', 'plain-value.example.com'],
    ["it's", "'it'\\''s'"],
    ["'", "\\'"],
    ['$(id)', "'$(id)'"],
    ['`id`', "'`id`'"],
    ['*.log', "'*.log'"],
    ['; rm -rf ~', "'; rm -rf ~'"],
    ['line1\nline2', "$'line1\\nline2'"],
    ['a!b\n', "$'a\\x21b\\n'"],
    ["it's\n", "$'it\\'s\\n'"],
    ['!!', "'!!'"],
    ['%PATH%', "'%PATH%'"],
    ['unicode: 日本語', "'unicode: 日本語'"],
  ],
  zsh: [
    ['', "''"],
    ["it's", "'it'\\''s'"],
    ['$(id)', "'$(id)'"],
    ['=cmd', "'=cmd'"],
    ['line1\nline2', "$'line1\\nline2'"],
    ['tab\there', "$'tab\\there'"],
  ],
  sh: [
    ['', "''"],
    ["it's", "'it'\\''s'"],
    ['$(id)', "'$(id)'"],
    // dash has no $'...': the newline stays inside single quotes.
    ['line1\nline2', "'line1\nline2'"],
  ],
  fish: [
    ['', "''"],
    ['plain', 'plain'],
    ["it's", "'it\\'s'"],
    ['back\\slash', "'back\\\\slash'"],
    ['$(id)', "'$(id)'"],
    ['(id)', "'(id)'"],
    ['%self', "'%self'"],
    ['line1\nline2', "'line1'\\n'line2'"],
    ['\n', '\\n'],
    ['a\x01', "'a'\\x01"],
  ],
  pwsh: [
    ['', "''"],
    ['plain', 'plain'],
    ["it's", "'it''s'"],
    ['\u2019', "'\u2019\u2019'"],
    ['$(Get-Process)', "'$(Get-Process)'"],
    ['-Force', "'-Force'"],
    ['@args', "'@args'"],
    ['a,b', "'a,b'"],
    ['`n', "'`n'"],
    ['; Remove-Item x', "'; Remove-Item x'"],
  ],
  cmd: [
    ['plain', 'plain'],
    ['C:\\Temp\\x', 'C:\\Temp\\x'],
    ['%PATH%', '^"^%PATH^%^"'],
    ['a & del x', '^"a ^& del x^"'],
    ['say "hi"', '^"say \\^"hi\\^"^"'],
    ['end \\', '^"end \\\\^"'],
    ['!x!', '^"^!x^!^"'],
    ['', '^"^"'],
  ],
};

describe('shell/quote: quoteForShell', () => {
  for (const [shell, cases] of Object.entries(EXPECTED) as [ShellKind, ReadonlyArray<[string, string]>][]) {
    describe(shell, () => {
      for (const [value, expected] of cases) {
        it(`quotes ${JSON.stringify(value)} as ${expected}`, () => {
          assert.strictEqual(quoteForShell(value, shell), expected);
        });
      }
    });
  }

  it('never leaves a hostile value bare in any shell', () => {
    const special = /[\s'"`$;&|<>*?[\]{}~!#%\\()\x00-\x1f\x7f]/;
    for (const shell of ['bash', 'zsh', 'sh', 'fish', 'pwsh'] as ShellKind[]) {
      for (const value of HOSTILE_VALUES) {
        if (value === '' || !special.test(value)) continue;
        assert.notStrictEqual(quoteForShell(value, shell), value, `${shell} left ${JSON.stringify(value)} bare`);
      }
    }
  });

  it('refuses a NUL byte in every shell, and line breaks in cmd', () => {
    for (const shell of ['bash', 'zsh', 'sh', 'fish', 'pwsh', 'cmd'] as ShellKind[]) {
      assert.throws(() => quoteForShell('a\0b', shell), UnquotableValueError);
    }
    assert.throws(() => quoteForShell('a\nb', 'cmd'), UnquotableValueError);
  });

  it('keeps pwsh single-quoted values free of unescaped quotes of any typographic kind', () => {
    for (const value of HOSTILE_VALUES) {
      const quoted = quoteForShell(value, 'pwsh');
      if (!quoted.startsWith("'")) continue;
      const body = quoted.slice(1, -1).replace(/(['\u2018\u2019\u201a\u201b])\1/g, '');
      assert.doesNotMatch(body, /['\u2018\u2019\u201a\u201b]/, JSON.stringify(value));
    }
  });

  it('leaves no cmd metacharacter unescaped', () => {
    for (const value of HOSTILE_VALUES.filter((v) => !/[\r\n]/.test(v))) {
      const quoted = quoteForShell(value, 'cmd');
      const unescaped = quoted.replace(/\^./g, '');
      assert.doesNotMatch(unescaped, /[()%!^"<>&|]/, `${JSON.stringify(value)} -> ${quoted}`);
    }
  });
});

describe('shell/quote: shellKindFromPath', () => {
  const cases: [string | undefined, ShellKind | undefined][] = [
    ['/usr/bin/fish', 'fish'],
    ['/bin/bash', 'bash'],
    ['/usr/local/bin/zsh', 'zsh'],
    ['/bin/sh', 'sh'],
    ['/bin/dash', 'sh'],
    ['/bin/ksh', 'sh'],
    ['-bash', 'bash'],
    ['C:\\Program Files\\PowerShell\\7\\pwsh.exe', 'pwsh'],
    ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'pwsh'],
    ['C:\\Windows\\System32\\cmd.exe', 'cmd'],
    ['C:\\Program Files\\Git\\bin\\bash.exe', 'bash'],
    ['/nix/store/abc-bash-5.2/bin/bash', 'bash'],
    ['/usr/bin/nu', undefined],
    ['', undefined],
    [undefined, undefined],
  ];
  for (const [path, kind] of cases) {
    it(`${JSON.stringify(path)} -> ${kind}`, () => assert.strictEqual(shellKindFromPath(path), kind));
  }
});

const shells = installedShells();
const missing = (['bash', 'sh', 'zsh', 'fish', 'pwsh'] as ShellKind[]).filter((k) => !shells.some((s) => s.kind === k));

describe(`shell/quote: round trip through real shells (installed: ${shells.map((s) => s.kind).join(', ')}; not installed, checked as strings only: ${missing.join(', ') || 'none'})`, () => {
  it('finds at least bash and sh to run', () => {
    assert.ok(shells.some((s) => s.kind === 'bash') && shells.some((s) => s.kind === 'sh'));
  });

  for (const { kind, path } of shells) {
    it(`${kind} (${path}) prints every hostile value exactly`, () => {
      for (const value of HOSTILE_VALUES) {
        assert.strictEqual(runInShell(kind, path, printCommand(kind, quoteForShell(value, kind))), value, JSON.stringify(value));
      }
    });
  }

  const bash = shells.find((s) => s.kind === 'bash');
  if (bash) {
    it('interactive bash (history expansion on) prints every hostile value exactly', () => {
      // Interactive shells expand `!!` in unquoted and double-quoted text; a pipe on stdin with -i enables it.
      const script = ['true', ...HOSTILE_VALUES.map((v) => `printf '<%s>' ${quoteForShell(v, 'bash')}`), 'exit', ''].join('\n');
      const run = spawnSync(bash.path, ['--norc', '--noprofile', '-i'], { input: script, encoding: 'utf8', timeout: 10000, env: { ...process.env, HOME: '/tmp' } });
      assert.strictEqual(run.stdout, HOSTILE_VALUES.map((v) => `<${v}>`).join(''));
    });
  }
});
