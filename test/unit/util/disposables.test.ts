// src/util/disposables.ts: disposing many, each in order, none skipped when one throws.
import * as assert from 'node:assert/strict';
import { disposeAll } from '../../../src/util/disposables';

describe('disposeAll', () => {
  it('disposes each in order', () => {
    const order: number[] = [];
    disposeAll([1, 2, 3].map((n) => ({ dispose: () => order.push(n) })));
    assert.deepEqual(order, [1, 2, 3]);
  });

  it('disposes the rest when one throws, then rethrows', () => {
    const order: number[] = [];
    const failing = {
      dispose: () => {
        throw new Error('boom');
      },
    };
    assert.throws(() => disposeAll([failing, { dispose: () => order.push(2) }]), /boom/);
    assert.deepEqual(order, [2]);
  });
});
