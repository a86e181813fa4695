// Secret placeholder values reach a terminal through its environment (src/node/secretEnv.ts), never as
// typed text: every hostile value, in every quoting context, typed into bash, dash, zsh and fish through a
// real pty, arrives exactly, runs nothing, and is not in what was typed.
import * as assert from 'assert';
import { randomUUID } from 'crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { NoSecretReferenceError, referToSecrets, secretVariableName } from '../../../src/node/secretEnv';
import { substitutePlaceholders, UnsafePlaceholderError } from '../../../src/core/shell/placeholders';
import { UnquotableValueError, type ShellKind } from '../../../src/core/shell/quote';
import { hasScript, HOSTILE_VALUES, installedShells, typeIntoTerminal } from '../core/shell/support';

const marker = `/tmp/pwned-secret-${randomUUID()}`;
const secretValues = [...HOSTILE_VALUES, `tok-'"$(touch ${marker})\x15touch ${marker} #`, `x\x03\x7f\rtouch ${marker}`, 'k'.repeat(5000)];

/** Each context a placeholder stands in, with the text printf prints around the value. */
function contexts(kind: ShellKind): { template: string; around: [string, string] }[] {
  const all = [
    { template: 'printf %s [api-token]', around: ['', ''] as [string, string] },
    { template: "printf %s 'a [api-token] b'", around: ['a ', ' b'] as [string, string] },
    { template: 'printf %s "x [api-token]:y"', around: ['x ', ':y'] as [string, string] },
    { template: 'printf %s pre:[api-token]', around: ['pre:', ''] as [string, string] },
  ];
  return kind === 'bash' || kind === 'zsh' ? [...all, { template: "printf %s $'q\\t [api-token]'", around: ['q\t ', ''] }] : all;
}

describe('secret placeholders reach a terminal through its environment', () => {
  afterEach(() => rmSync(marker, { force: true }));

  it('names one variable per secret, from the letters and digits of its name', () => {
    assert.strictEqual(secretVariableName('api-token', new Set()), 'RUNBOOK_SECRET_API_TOKEN');
    assert.strictEqual(secretVariableName('DB password', new Set(['RUNBOOK_SECRET_DB_PASSWORD'])), 'RUNBOOK_SECRET_DB_PASSWORD_2');
    assert.strictEqual(secretVariableName('clé', new Set()), 'RUNBOOK_SECRET_CL');
    const { command, env } = referToSecrets('curl -H "Authorization: Bearer [token]" https://[host]/ -u admin:[password]', { host: 'api.example.com' }, [{ name: 'token', value: 't0k' }, { name: 'password', value: 'p w' }, { name: 'unused_key', value: 'x' }], 'bash');
    assert.strictEqual(command, 'curl -H "Authorization: Bearer ${RUNBOOK_SECRET_TOKEN}" https://api.example.com/ -u admin:"${RUNBOOK_SECRET_PASSWORD}"');
    assert.deepStrictEqual(env, { RUNBOOK_SECRET_TOKEN: 't0k', RUNBOOK_SECRET_PASSWORD: 'p w' }, 'only the secrets the command uses');
  });

  it('keeps the refusals of the placeholder rules, and refuses pwsh, cmd and backticks with Run and Capture offered', () => {
    assert.throws(() => referToSecrets("sh -c 'curl [token]'", {}, [{ name: 'token', value: 'v' }], 'bash'), UnsafePlaceholderError);
    for (const shell of ['pwsh', 'cmd'] as ShellKind[]) {
      assert.throws(() => referToSecrets('echo [token]', {}, [{ name: 'token', value: 'v' }], shell), (e: unknown) => e instanceof NoSecretReferenceError && /Run and Capture/.test(e.message));
    }
    assert.throws(() => referToSecrets('echo `echo [token]`', {}, [{ name: 'token', value: 'v' }], 'bash'), NoSecretReferenceError);
    assert.throws(() => referToSecrets('echo [token]', {}, [{ name: 'token', value: 'a\0b' }], 'bash'), UnquotableValueError);
  });

  for (const { kind, path: shellPath } of installedShells().filter((s) => s.kind !== 'pwsh')) {
    it(`${kind}: every hostile secret value, in every quoting context, arrives exactly, runs nothing and is never typed`, function () {
      if (!hasScript) this.skip();
      this.timeout(90_000);
      const dir = mkdtempSync(path.join(tmpdir(), 'secret-env-'));
      const lines: string[] = [];
      const env: Record<string, string> = {};
      const expected: string[] = [];
      secretValues.forEach((value, v) => {
        contexts(kind).forEach(({ template, around }, c) => {
          // One name per value, so that every value is in the terminal's environment at once.
          const referred = referToSecrets(`${template.replace('[api-token]', `[api-token-${v}]`)} > ${dir}/${v}-${c}`, {}, [{ name: `api-token-${v}`, value }], kind);
          lines.push(referred.command);
          Object.assign(env, referred.env);
          expected.push(`${v}-${c}\0${around[0]}${value}${around[1]}`);
        });
      });
      for (const line of lines) assert.ok(!/[\x00-\x1f\x7f]/.test(line) && line.length < 4095, `${kind}: typed ${JSON.stringify(line)}`);
      for (const value of secretValues.filter((v) => v.length >= 8)) assert.ok(!lines.some((line) => line.includes(value)), `${kind}: ${JSON.stringify(value)} was typed`);
      typeIntoTerminal(shellPath, kind, lines, env);
      assert.ok(!existsSync(marker), `${kind}: a secret value ran a command`);
      for (const entry of expected) {
        const [file, text] = entry.split('\0');
        assert.strictEqual(readFileSync(`${dir}/${file}`, 'utf8'), text, `${kind}: ${file} from ${lines[expected.indexOf(entry)]}`);
      }
      rmSync(dir, { recursive: true });
    });
  }

  it('the check can fail: the value filled in, as before, is in the typed line, and a 5,000-byte value is over the tty line', () => {
    const value = 'k'.repeat(5000);
    const typed = substitutePlaceholders('printf %s [api-token]', { 'api-token': value }, 'bash', { typed: true });
    assert.ok(typed.includes(value) && typed.length > 4095);
    const referred = referToSecrets('printf %s [api-token]', {}, [{ name: 'api-token', value }], 'bash').command;
    assert.ok(!referred.includes(value) && referred === 'printf %s "${RUNBOOK_SECRET_API_TOKEN}"', referred);
  });
});
