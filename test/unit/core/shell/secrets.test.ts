import * as assert from 'assert';
import { applyRedactions, isSecretPlaceholder, knownValueSpans, nameWords, redactionMark, redactKnownValues, splitSecretValues } from '../../../../src/core/shell/secrets';

describe('shell/secrets: which placeholders hold a secret', () => {
  const secret = ['token', 'api-token', 'DB_PASSWORD', 'db password', 'passwd', 'apiKey', 'api_key', 'APIKey', 'apikey', 'ssh.key', 'client-secret', 'AWSSecretAccessKey', 'github_tokens', 'Credentials', 'vault-token-2', 'session cookie', 'PWD', 'bearer'];
  const ordinary = ['domain', 'namespace', 'monkey', 'keyspace', 'tokenizer', 'passenger', 'secretary', 'pod name', 'service-name', 'db.host', 'user_1', 'hotkeys', 'cwd', 'bypass'];
  for (const name of secret) it(`[${name}] is secret`, () => assert.ok(isSecretPlaceholder(name), nameWords(name).join(' ')));
  for (const name of ordinary) it(`[${name}] is not`, () => assert.ok(!isSecretPlaceholder(name), nameWords(name).join(' ')));

  it('the setting adds words, matched on word parts too, in one or several parts', () => {
    assert.ok(!isSecretPlaceholder('pin-code'));
    assert.ok(isSecretPlaceholder('pin-code', ['pin']));
    assert.ok(isSecretPlaceholder('PIN_CODE', ['pin code']));
    assert.ok(isSecretPlaceholder('otpSeed', ['otp_seed']));
    assert.ok(!isSecretPlaceholder('seed-otp', ['otp seed']), 'the parts must come in that order');
    assert.ok(!isSecretPlaceholder('spinner', ['pin']), 'a word inside another word is not a part');
    assert.ok(!isSecretPlaceholder('domain', ['', ' ', '-']), 'an empty word matches nothing');
  });

  it('splits values into the secret ones (with names) and the plain ones', () => {
    assert.deepStrictEqual(splitSecretValues({ domain: 'example.com', 'api-token': 't0k3n', pin: '1234' }, ['pin']), {
      secrets: [
        { name: 'api-token', value: 't0k3n' },
        { name: 'pin', value: '1234' },
      ],
      plain: { domain: 'example.com' },
    });
  });
});

describe('shell/secrets: redacting known values', () => {
  it('hides every occurrence of a value, and its JSON-escaped and URL-encoded forms', () => {
    const value = 'p@ss "w0rd"/x';
    const text = `raw ${value}; json "${JSON.stringify(value).slice(1, -1)}"; url ?p=${encodeURIComponent(value)} and again ${value}`;
    assert.strictEqual(redactKnownValues(text, [{ name: 'password', value }]), 'raw [redacted: password]; json "[redacted: password]"; url ?p=[redacted: password] and again [redacted: password]');
  });

  it('leaves values too short to hide anything (they would blank the output) and empty ones', () => {
    assert.deepStrictEqual(knownValueSpans('a b abc', [{ name: 'pin', value: 'abc' }, { name: 'token', value: '' }]), []);
  });

  it('merges overlapping and touching spans into one mark, and keeps the text between marks', () => {
    const text = '0123456789';
    assert.strictEqual(
      applyRedactions(text, [
        { start: 1, end: 4, label: 'a' },
        { start: 3, end: 5, label: 'b' },
        { start: 5, end: 6, label: 'c' },
        { start: 8, end: 9, label: 'd' },
      ]),
      `0${redactionMark('a')}67${redactionMark('d')}9`,
    );
    assert.strictEqual(applyRedactions(text, [{ start: 0, end: 10, label: 'x' }, { start: 2, end: 3, label: 'y' }]), '[redacted: x]');
    assert.strictEqual(applyRedactions(text, []), text);
  });

  it('a longer value containing a shorter one is hidden whole', () => {
    assert.strictEqual(redactKnownValues('key=abcd-efgh-ijkl', [{ name: 'short', value: 'efgh' }, { name: 'long', value: 'abcd-efgh-ijkl' }]), 'key=[redacted: long]');
  });
});
