import * as assert from 'assert';
import { findCredentials, redact, redactWithLabels } from '../../../src/node/redact';
import { CREDENTIALS, LOOK_ALIKES } from './credentials';

describe('node/redact: credentials found by secretlint and hidden', () => {
  it('has at least 30 fake credentials of different kinds to hide', () => {
    assert.ok(new Set(CREDENTIALS.map((c) => c.kind)).size >= 30);
  });

  for (const { kind, secret, line } of CREDENTIALS) {
    it(`hides a ${kind}`, async () => {
      const text = `before\n${line}\nafter`;
      const hidden = await redact(text, []);
      assert.ok(!hidden.includes(secret), `${kind} survived:\n${hidden}`);
      assert.match(hidden, /\[redacted: [a-z-]+\]/);
      assert.ok(hidden.startsWith('before\n') && hidden.endsWith('\nafter'), `the text around it was lost:\n${hidden}`);
    });
  }

  it('hides every credential in hand-written sentences (a timeline event, a resolve summary), keeps the prose and says what it hid', async () => {
    for (const { kind, secret, line } of CREDENTIALS) {
      const written = `Found ${line} in #ops; revoked it at 14:05`;
      const { text, hidden } = await redactWithLabels(written, [{ name: 'api_token', value: 'tok-hand-typed-4f2a' }]);
      assert.ok(!text.includes(secret), `${kind} survived:\n${text}`);
      assert.ok(text.startsWith('Found ') && text.endsWith(' in #ops; revoked it at 14:05'), `the sentence was lost:\n${text}`);
      assert.ok(hidden.length > 0 && hidden.every((label) => text.includes(`[redacted: ${label}]`)), `${kind}: ${JSON.stringify(hidden)}`);
    }
    const { text, hidden } = await redactWithLabels('Tried tok-hand-typed-4f2a again: still 401', [{ name: 'api_token', value: 'tok-hand-typed-4f2a' }]);
    assert.deepStrictEqual([text, hidden], ['Tried [redacted: api_token] again: still 401', ['api_token']]);
    assert.deepStrictEqual(await redactWithLabels('Scaled consumers to 8', []), { text: 'Scaled consumers to 8', hidden: [] });
  });

  it('hides every credential when they come all together, in one output', async () => {
    const hidden = await redact(CREDENTIALS.map((c) => c.line).join('\n'), []);
    const left = CREDENTIALS.filter((c) => hidden.includes(c.secret)).map((c) => c.kind);
    assert.deepStrictEqual(left, []);
  });

  for (const text of LOOK_ALIKES) {
    it(`leaves a look-alike alone: ${text.split('\n')[0].slice(0, 60)}`, async () => {
      assert.deepStrictEqual(await findCredentials(text), []);
      assert.strictEqual(await redact(text, []), text);
    });
  }

  it('a secretlint-disable comment printed by a command does not switch redaction off', async () => {
    const token = CREDENTIALS.find((c) => c.kind === 'GitHub classic token')?.secret ?? '';
    const hidden = await redact(`# secretlint-disable\n${token}\n# secretlint-disable-next-line\n${token}`, []);
    assert.ok(!hidden.includes(token), hidden);
  });

  it('hides the whole AWS secret key, not the 40 characters from the start of its line', async () => {
    const aws = CREDENTIALS.find((c) => c.kind === 'AWS secret key (env)');
    assert.ok(aws);
    assert.strictEqual(await redact(aws.line, []), 'aws_secret_access_key = [redacted: aws]');
  });

  it('a key block cut by the output tail (END without BEGIN) hides everything before its END', async () => {
    const key = CREDENTIALS.find((c) => c.kind === 'RSA private key (PKCS#1)')?.secret ?? '';
    const tail = key.slice(key.indexOf('\n', 200) + 1);
    const hidden = await redact(`${tail}\ndone`, []);
    assert.strictEqual(hidden, '[redacted: credential]\ndone');
  });

  it('a key block whose END was not printed yet hides everything after its BEGIN', async () => {
    const key = CREDENTIALS.find((c) => c.kind === 'EC private key (SEC1)')?.secret ?? '';
    const hidden = await redact(`reading key\n${key.slice(0, 80)}`, []);
    assert.strictEqual(hidden, 'reading key\n[redacted: credential]');
  });

  it('hides the values of secret placeholders as well, labelled with the placeholder', async () => {
    assert.strictEqual(await redact('login ok for s3cr3t-value (s3cr3t-value)', [{ name: 'db password', value: 's3cr3t-value' }]), 'login ok for [redacted: db password] ([redacted: db password])');
  });

  it('reads a long run of one character in linear time (no quadratic pattern)', async () => {
    // Each shape's trigger repeated: a pattern that backtracks over the run would take minutes here.
    for (const unit of ['eyJ', 'a', 'Bearer ', 'x://a:', '-----BEGIN RSA PRIVATE KEY-----\n', ':']) {
      const text = unit.repeat(Math.ceil(200_000 / unit.length));
      const hidden = await redact(text, []);
      assert.ok(typeof hidden === 'string');
    }
  });
});
