import * as assert from 'assert';
import { ReadOrder } from '../../../../src/core/incident/readOrder';

// The store's reads of a note against the events that come while they are in flight (see IncidentStore.readEntry).
describe('ReadOrder', () => {
  it('a read that was in flight when its file was deleted does not store it again', async () => {
    const order = new ReadOrder();
    const entries = new Map<string, string>([['a.md', 'old']]);
    let finishRead!: (text: string) => void;
    const read = (async () => {
      const begun = order.begin();
      const text = await new Promise<string>((resolve) => (finishRead = resolve));
      if (order.claim('a.md', begun)) entries.set('a.md', text);
    })();
    order.deleted('a.md');
    entries.delete('a.md');
    finishRead('ticked');
    await read;
    assert.deepStrictEqual([...entries], []);
  });

  it('a read begun after the deletion (the file written again) stores what it read', () => {
    const order = new ReadOrder();
    order.deleted('a.md');
    assert.strictEqual(order.claim('a.md', order.begin()), true);
  });

  it('an older read that ends after a newer one has stored is refused; one that ends first stores, then the newer', () => {
    const order = new ReadOrder();
    const older = order.begin();
    const newer = order.begin();
    assert.strictEqual(order.claim('a.md', newer), true);
    assert.strictEqual(order.claim('a.md', older), false);
    const first = order.begin();
    const second = order.begin();
    assert.strictEqual(order.claim('a.md', first), true);
    assert.strictEqual(order.claim('a.md', second), true);
  });

  it('what happens to one file does not outdate reads of another', () => {
    const order = new ReadOrder();
    const begun = order.begin();
    order.deleted('b.md');
    assert.strictEqual(order.claim('b.md', order.begin()), true);
    assert.strictEqual(order.claim('a.md', begun), true);
  });

  it('a write numbered as it lands outdates a read begun while it was in flight, and gives way to one begun after', () => {
    const order = new ReadOrder();
    // The write began (it waits for the note's lock); a read begins meanwhile and reads the note before the write.
    const readDuringWrite = order.begin();
    const landed = order.begin();
    assert.strictEqual(order.claim('a.md', landed), true);
    assert.strictEqual(order.claim('a.md', readDuringWrite), false);
    // A read begun after the write landed holds its text or a newer one.
    const readAfter = order.begin();
    const nextLanded = order.begin();
    assert.strictEqual(order.claim('a.md', readAfter), true);
    assert.strictEqual(order.claim('a.md', nextLanded), true, 'a later write still stores after that read');
  });
});
