// Places in a command line where no quoting of a value keeps it from running, and values that must not be
// typed into a terminal. Each refusal is checked against real shells: filled the way it used to be, the value
// runs; filled now, it is refused with where it stands.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { randomUUID } from 'crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { quoteContextsAt } from '../../../../src/core/shell/context';
import { substitutePlaceholders, unsafePlaceholder, UnsafePlaceholderError, UntypeableValueError } from '../../../../src/core/shell/placeholders';
import { quoteInContext, type ShellKind } from '../../../../src/core/shell/quote';
import { hasScript, HOSTILE_VALUES, installedShells, runInShell, typeIntoTerminal } from './support';

const shells = installedShells().filter((s) => s.kind !== 'pwsh');
const marker = `/tmp/pwned-${randomUUID()}`;
const attacks = [`$(touch ${marker})`, `a[$(touch ${marker})]`, `\`touch ${marker}\``, `x\ntouch ${marker} #`];

// [template, shells it is unsafe in, what the refusal names, line, column]
const UNSAFE: [string, ShellKind[], RegExp, number, number][] = [
  ['printf %s "${NS:-[v]}"', ['bash', 'sh', 'zsh'], /\$\{ … \} expansion inside double quotes/, 1, 18],
  ['echo $(( [v] + 1 ))', ['bash', 'sh', 'zsh'], /arithmetic/, 1, 10],
  ['(( [v] > 0 )) && echo big', ['bash', 'zsh'], /arithmetic/, 1, 4],
  ['[[ [v] -gt 0 ]] && echo big', ['bash'], /arithmetic comparison in \[\[ … \]\]/, 1, 4],
  ['[[ 0 -lt [v] ]] && echo big', ['bash'], /arithmetic comparison/, 1, 10],
  ['let n=1+[v]', ['bash'], /let/, 1, 9],
  ['cat <<EOF\nhost: [v]\nEOF', ['bash', 'sh', 'zsh'], /here-document/, 2, 7],
  ["cat <<'EOF'\n[v]\nEOF", [], /here-document/, 2, 1],
  ['sh -c "echo [v]"', ['bash', 'sh', 'zsh'], /sh -c/, 1, 13],
  ["bash -c 'echo [v]'", ['bash', 'sh', 'zsh'], /bash -c/, 1, 15],
  ["sudo -u app bash -lc 'echo [v]'", [], /bash -c/, 1, 28],
  ["kubectl exec api-0 -- sh -c 'ls [v]'", [], /sh -c/, 1, 33],
  ["ssh db1 'tail -n 50 [v]'", [], /ssh runs on the remote host/, 1, 21],
  ['ssh -i key.pem [host] uptime [v]', [], /ssh/, 1, 30],
  ['watch -n 5 kubectl get pods -n [v]', [], /watch/, 1, 32],
  ['eval echo [v]', ['bash', 'sh', 'zsh'], /eval/, 1, 11],
  ['echo hi # [v]', ['sh'], /a comment/, 1, 11],
  ['kubectl get pods\necho "[v]" # [v]', [], /a comment/, 2, 14],
];

describe('shell/placeholders: where no quoting is safe, the placeholder is refused', () => {
  afterEach(() => rmSync(marker, { force: true }));

  for (const [template, _unsafeIn, where, line, column] of UNSAFE) {
    it(`refuses ${JSON.stringify(template)}, naming where it stands (line ${line}, column ${column})`, () => {
      for (const shell of ['bash', 'zsh', 'sh'] as ShellKind[]) {
        assert.throws(
          () => substitutePlaceholders(template, { v: 'anything', host: 'db1' }, shell),
          (error: unknown) => error instanceof UnsafePlaceholderError && where.test(error.message) && error.line === line && error.column === column && error.placeholder === 'v',
          `${shell}: ${template}`,
        );
      }
    });
  }

  it('names the same refusal before any value is known, so the run is refused before a value is asked for', () => {
    for (const [template, _unsafeIn, where, line, column] of UNSAFE) {
      for (const shell of ['bash', 'zsh', 'sh'] as ShellKind[]) {
        const refusal = unsafePlaceholder(template, shell);
        assert.ok(refusal instanceof UnsafePlaceholderError, `${shell}: ${template} is refused with no value`);
        assert.ok(where.test(refusal.message) && refusal.line === line && refusal.column === column && refusal.placeholder === 'v', `${shell}: ${template}: ${refusal.message}`);
      }
    }
    assert.strictEqual(unsafePlaceholder('echo [v] && sh -c "echo hi"', 'bash'), undefined, 'a placeholder outside the sh -c string');
    assert.strictEqual(unsafePlaceholder('curl -s https://[domain]/api/health | jq', 'bash'), undefined);
  });

  for (const { kind, path: shellPath } of shells) {
    it(`${kind}: filled the way it was before, a value there does run (the refusal is needed)`, () => {
      for (const [template, unsafeIn] of UNSAFE) {
        if (!unsafeIn.includes(kind)) continue;
        const offset = template.lastIndexOf('[v]');
        const ran = attacks.some((attack) => {
          rmSync(marker, { force: true });
          const filled = template.slice(0, offset) + quoteInContext(attack, kind, quoteContextsAt(template, kind, [offset])[0]) + template.slice(offset + 3);
          try {
            execFileSync(shellPath, ['-c', filled], { stdio: 'ignore', timeout: 10_000, env: { ...process.env, NS: '', HOME: '/tmp' } });
          } catch {
            // A failing command may still have run the value.
          }
          return existsSync(marker);
        });
        assert.ok(ran, `${template}: no attack ran in ${kind}, so this case does not show the danger`);
      }
    });
  }

  it('keeps filling where quoting is enough', () => {
    const cases: [string, string][] = [
      ['[[ -f /etc/[v] ]] && echo yes', "[[ -f /etc/'a b' ]] && echo yes"],
      ['echo ${NS:-[v]}', "echo ${NS:-'a b'}"],
      ['ssh [v] uptime', "ssh 'a b' uptime"],
      ['kubectl exec [v] -- ls /tmp', "kubectl exec 'a b' -- ls /tmp"],
      ['echo "[v]" # note', 'echo "\'a b\'" # note'.replace('"\'a b\'"', '""\'a b\'""')],
      ["echo 'a#[v]'", "echo 'a#''a b'''"],
      ['grep -c [v] app.log', "grep -c 'a b' app.log"],
      ['cat <<< [v]', "cat <<< 'a b'"],
      ['echo $((1 + 2)) [v]', "echo $((1 + 2)) 'a b'"],
      ['cat <<EOF\nx\nEOF\necho [v]', "cat <<EOF\nx\nEOF\necho 'a b'"],
    ];
    for (const [template, expected] of cases) assert.strictEqual(substitutePlaceholders(template, { v: 'a b' }, 'bash'), expected, template);
  });
});

describe('shell/placeholders: values typed into a terminal', () => {
  const keys = [`\x15touch ${marker} #`, `x\x03touch ${marker}`, `x\x17\x17touch ${marker} #`, `x\x1atouch ${marker}`, `x\x7f\x7f\x7ftouch ${marker} #`, `a\rtouch ${marker}`, 'tab\there'];
  afterEach(() => rmSync(marker, { force: true }));

  it('sh, pwsh and cmd refuse a value with a control character (they cannot spell it); bash, zsh and fish spell it in plain characters', () => {
    for (const shell of ['sh', 'pwsh', 'cmd'] as ShellKind[]) {
      for (const value of keys) {
        assert.throws(() => substitutePlaceholders('echo [v]', { v: value }, shell, { typed: true }), (error: unknown) => error instanceof UntypeableValueError && /Run and Capture/.test(error.message), `${shell}: ${JSON.stringify(value)}`);
      }
      // Passed as an argument (Run and Capture), the same value is fine.
      assert.ok(substitutePlaceholders('echo [v]', { v: keys[0] }, shell === 'cmd' ? 'sh' : shell));
    }
    for (const shell of ['bash', 'zsh', 'fish'] as ShellKind[]) {
      for (const value of [...keys, ...HOSTILE_VALUES]) {
        const typed = substitutePlaceholders('echo [v]', { v: value }, shell, { typed: true });
        assert.ok(!/[\x00-\x1f\x7f]/.test(typed), `${shell}: ${JSON.stringify(typed)} would type a control character`);
      }
    }
  });

  for (const { kind, path: shellPath } of shells) {
    it(`${kind}: every hostile value typed through a real pty arrives exactly and runs nothing`, function () {
      if (!hasScript) this.skip();
      this.timeout(90_000);
      const dir = mkdtempSync(path.join(tmpdir(), 'typed-'));
      const values = [...HOSTILE_VALUES, ...keys].filter((v) => !v.includes('\0'));
      const lines: string[] = [];
      const sent: number[] = [];
      values.forEach((value, n) => {
        try {
          lines.push(substitutePlaceholders(`printf %s [v] > ${dir}/${n}`, { v: value }, kind, { typed: true }));
          sent.push(n);
        } catch (error) {
          assert.ok(error instanceof UntypeableValueError && kind === 'sh', `${kind}: ${JSON.stringify(value)}: ${String(error)}`);
        }
      });
      typeIntoTerminal(shellPath, kind, lines);
      assert.ok(!existsSync(marker), `${kind}: a typed value ran a command`);
      for (const n of sent) assert.strictEqual(readFileSync(`${dir}/${n}`, 'utf8'), values[n], `${kind}: ${JSON.stringify(values[n])} typed as ${lines[sent.indexOf(n)]}`);
      rmSync(dir, { recursive: true });
    });
  }

  it('the pty check can fail: sh given the value in single quotes, as before, runs what Ctrl-U leaves', function () {
    const sh = shells.find((s) => s.kind === 'sh');
    if (!hasScript || !sh) this.skip();
    typeIntoTerminal(sh.path, 'sh', [`echo '${keys[0]}'`]);
    assert.ok(existsSync(marker));
    assert.strictEqual(runInShell('sh', sh.path, `printf %s '${keys[0]}'`), keys[0], 'as an argument, the same text is only text');
  });
});
