// src/util/debouncer.ts: one run per key after a burst goes quiet.
import * as assert from 'node:assert/strict';
import { Debouncer } from '../../../src/util/debouncer';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Debouncer', () => {
  it('runs once, after the burst goes quiet', async () => {
    const debouncer = new Debouncer(20);
    let runs = 0;
    for (let i = 0; i < 5; i++) {
      debouncer.schedule(() => runs++);
      await wait(5);
    }
    assert.equal(runs, 0);
    assert.ok(debouncer.isPending());
    await wait(40);
    assert.equal(runs, 1);
    assert.ok(!debouncer.isPending());
  });

  it('keeps a pending run per key, so one document does not delay another', async () => {
    const debouncer = new Debouncer(20);
    const ran: string[] = [];
    debouncer.schedule(() => ran.push('a'), 'a');
    debouncer.schedule(() => ran.push('b'), 'b');
    debouncer.schedule(() => ran.push('a2'), 'a');
    await wait(40);
    assert.deepEqual(ran.sort(), ['a2', 'b']);
  });

  it('drops a cancelled key, and everything on dispose', async () => {
    const debouncer = new Debouncer(10);
    const ran: string[] = [];
    debouncer.schedule(() => ran.push('a'), 'a');
    debouncer.schedule(() => ran.push('b'), 'b');
    debouncer.cancel('a');
    assert.ok(!debouncer.isPending('a'));
    debouncer.schedule(() => ran.push('c'), 'c');
    debouncer.dispose();
    await wait(30);
    assert.deepEqual(ran, []);
  });
});
