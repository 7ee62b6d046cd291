import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoff } from '../../src/core/backoff';
import { systemClock } from '../../src/core/env';
import { ParleyError } from '../../src/core/errors';
import { createOutbox, type OutboxEntry, type OutboxOptions } from '../../src/core/outbox';
import type { SendResult } from '../../src/transports/transport';
import { deferred } from './fake-backend';

const entry = (clientId: string): OutboxEntry => ({ clientId, text: `text ${clientId}`, attempts: 0 });
const network = () => new ParleyError('network', 'offline');

function setup(overrides: Partial<OutboxOptions> = {}) {
  const log: string[] = [];
  const saves: OutboxEntry[][] = [];
  const failures: ParleyError[] = [];
  const options: OutboxOptions = {
    clock: systemClock,
    random: () => 0.5,
    async send(e) {
      log.push(`send ${e.clientId}@${Date.now()}`);
      return { id: `s-${e.clientId}`, createdAt: new Date().toISOString() };
    },
    async verify() {
      return undefined;
    },
    sent: (e, r) => log.push(`sent ${e.clientId} as ${r.id}`),
    failed: (e, err) => {
      log.push(`failed ${e.clientId}`);
      failures.push(err);
    },
    save: () => saves.push(outbox.entries().slice()),
    ...overrides,
  };
  const outbox = createOutbox(options);
  return { outbox, log, saves, failures };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('backoff()', () => {
  it('grows exponentially with full jitter and stops at the cap', () => {
    expect([0, 1, 2, 3].map((n) => backoff(n, () => 0.999))).toEqual([999, 1998, 3996, 7992]);
    expect(backoff(10, () => 0.999)).toBe(29970);
    expect(backoff(3, () => 0)).toBe(0);
    expect(backoff(2, () => 0.5, 100, 1000)).toBe(200);
  });
});

describe('outbox', () => {
  it('sends in order, one message at a time', async () => {
    const pending = [deferred<SendResult>(), deferred<SendResult>()];
    const sent: string[] = [];
    const { outbox } = setup({
      send: (e) => (sent.push(e.clientId), pending[sent.length - 1]!.promise),
    });
    outbox.add(entry('a'));
    outbox.add(entry('b'));
    outbox.run(true);
    await vi.advanceTimersByTimeAsync(10);
    expect(sent).toEqual(['a']);
    pending[0]!.resolve({ id: 'sa', createdAt: '' });
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['a', 'b']);
    pending[1]!.resolve({ id: 'sb', createdAt: '' });
    await vi.advanceTimersByTimeAsync(0);
    expect(outbox.entries()).toEqual([]);
  });

  it('sends nothing while offline and goes at once when back online', async () => {
    const { outbox, log } = setup();
    outbox.add(entry('a'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(log).toEqual([]);
    outbox.run(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['send a@60000', 'sent a as s-a']);
  });

  it('retries network failures with jittered exponential backoff', async () => {
    let calls = 0;
    const { outbox, log } = setup({
      async send(e) {
        log.push(`send ${e.clientId}@${Date.now()}`);
        if (++calls < 4) throw network();
        return { id: 'ok', createdAt: '' };
      },
    });
    outbox.add(entry('a'));
    outbox.run(true);
    await vi.advanceTimersByTimeAsync(10_000);
    // random 0.5 → 500, 1000, 2000 ms between attempts.
    expect(log).toEqual(['send a@0', 'send a@500', 'send a@1500', 'send a@3500', 'sent a as ok']);
  });

  it('waits as long as the server asked when rate limited', async () => {
    let calls = 0;
    const { outbox, log } = setup({
      async send(e) {
        log.push(`send ${e.clientId}@${Date.now()}`);
        if (++calls === 1) throw new ParleyError('rate_limited', 'slow down', { status: 429, retryAfterMs: 7000 });
        return { id: 'ok', createdAt: '' };
      },
    });
    outbox.add(entry('a'));
    outbox.run(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log.slice(0, 2)).toEqual(['send a@0', 'send a@7000']);
  });

  it('marks a message failed after a refusal and carries on with the next one', async () => {
    const { outbox, log, failures } = setup({
      async send(e) {
        log.push(`send ${e.clientId}`);
        if (e.clientId === 'a') throw new ParleyError('forbidden', 'blocked', { status: 403 });
        return { id: 'sb', createdAt: '' };
      },
    });
    outbox.add(entry('a'));
    outbox.add(entry('b'));
    outbox.run(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(log).toEqual(['send a', 'failed a', 'send b', 'sent b as sb']);
    expect(failures[0]!.code).toBe('forbidden');
    expect(outbox.entries()).toEqual([expect.objectContaining({ clientId: 'a', failed: true, attempts: 1 })]);
  });

  it('gives up after the maximum number of attempts, and retry() queues it again', async () => {
    let up = false;
    const verified: string[] = [];
    const { outbox, log } = setup({
      maxAttempts: 3,
      async send(e) {
        log.push(`send ${e.clientId}`);
        if (!up) throw network();
        return { id: 'sa', createdAt: '' };
      },
      async verify(e) {
        verified.push(e.clientId);
        return undefined;
      },
    });
    outbox.add(entry('a'));
    outbox.run(true);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(log).toEqual(['send a', 'send a', 'send a', 'failed a']);
    up = true;
    expect(outbox.retry('a')).toBe(true);
    expect(outbox.retry('nope')).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(log.slice(4)).toEqual(['send a', 'sent a as sa']);
    // Before every re-send the outbox asked whether an earlier attempt had reached the server.
    expect(verified).toEqual(['a', 'a', 'a']);
  });

  it('never sends twice when the answer to an attempt was lost but the server stored it', async () => {
    let stored: SendResult | undefined;
    const { outbox, log } = setup({
      async send(e) {
        log.push(`send ${e.clientId}`);
        stored = { id: 'server-1', createdAt: '' };
        throw network(); // the server stored it; the answer never came back
      },
      verify: async () => stored,
    });
    outbox.add(entry('a'));
    outbox.run(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(log).toEqual(['send a', 'sent a as server-1']);
  });

  it('persists on every change and restores a queue from the cache first', async () => {
    const { outbox, saves, log } = setup();
    outbox.add(entry('b'));
    expect(saves.at(-1)).toEqual([entry('b')]);
    outbox.load([{ ...entry('a'), attempts: 2, at: 5 }]);
    expect(saves.at(-1)!.map((e) => e.clientId)).toEqual(['a', 'b']);
    expect(outbox.pending()?.clientId).toBe('a');
    outbox.run(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['send a@0', 'sent a as s-a', 'send b@0', 'sent b as s-b']);
    expect(saves.at(-1)).toEqual([]);
  });

  it('leaves no timer behind when disposed', async () => {
    const { outbox } = setup({
      send: async () => {
        throw network();
      },
    });
    outbox.add(entry('a'));
    outbox.run(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    outbox.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
