import * as assert from 'assert';
import { placeholderExample } from '../../../../src/core/shell/placeholderExample';

describe('placeholder examples', () => {
  it('come from the name’s last word part first: [db-host] is a host, [db-user] a user', () => {
    assert.deepStrictEqual(['domain', 'db-host', 'db-user', 'service', 'user-id', 'namespace'].map(placeholderExample), [
      'api.example.com', 'db-1.internal.example.com', 'deploy', 'checkout', '4f1c2a9e', 'production',
    ]);
  });

  it('a name that says nothing we know gets no example, not a guess', () => {
    assert.deepStrictEqual(['x', 'thing', 'foo_bar'].map(placeholderExample), [null, null, null]);
  });
});
