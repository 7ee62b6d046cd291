import { describe, expect, it } from 'vitest';
import { createEmitter } from '../../src/core/emitter';

describe('createEmitter()', () => {
  it('calls every listener, unsubscribes, and reports a throwing listener without starving the others', async () => {
    const e = createEmitter<{ ping: number }>();
    const got: number[] = [];
    const thrown: unknown[] = [];
    const onError = (err: unknown) => thrown.push(err);
    process.on('uncaughtException', onError);
    try {
      e.on('ping', () => {
        throw new Error('host bug');
      });
      const off = e.on('ping', (n) => got.push(n));
      e.emit('ping', 1);
      off();
      e.emit('ping', 2);
      await new Promise((r) => setTimeout(r, 0));
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(got).toEqual([1]);
    expect(thrown.map((x) => (x as Error).message)).toEqual(['host bug', 'host bug']);
  });
});
