import * as assert from 'assert';
import { ReadOrder } from '../../../../src/core/incident/readOrder';

// The store's reads of a note against the events that come while they are in flight (see IncidentStore.readEntry).
describe('ReadOrder', () => {
  // A read in flight, a deletion, then the read ending: what it read must not come back as the note.
  async function readAcrossDeletion(order: ReadOrder): Promise<Map<string, string>> {
    const entries = new Map<string, string>([['a.md', 'old']]);
    let finishRead!: (text: string) => void;
    const read = (async () => {
      const ticket = order.begin('a.md');
      const text = await new Promise<string>((resolve) => (finishRead = resolve));
      if (!order.isCurrent('a.md', ticket)) return;
      entries.set('a.md', text);
    })();
    order.begin('a.md');
    entries.delete('a.md');
    finishRead('ticked');
    await read;
    return entries;
  }

  it('a read that was in flight when its file was deleted does not store it again', async () => {
    assert.deepStrictEqual([...(await readAcrossDeletion(new ReadOrder()))], []);
  });

  it('only the newest read of a file is current; other files are not affected', () => {
    const order = new ReadOrder();
    const first = order.begin('a.md');
    const other = order.begin('b.md');
    const second = order.begin('a.md');
    assert.strictEqual(order.isCurrent('a.md', first), false);
    assert.strictEqual(order.isCurrent('a.md', second), true);
    assert.strictEqual(order.isCurrent('b.md', other), true);
  });

  it('a ticket is never current for a file it was not handed out for', () => {
    const order = new ReadOrder();
    const ticket = order.begin('a.md');
    assert.strictEqual(order.isCurrent('b.md', ticket), false);
  });
});
