/**
 * A visitor change reports the previous visitor's FAILED messages too (found by
 * e2e/chaos-tabs-visitor.test.ts on Genesys: a message whose attempts ran out while its tab was offline
 * showed Retry; reset() in another tab then dropped it with no event, neither stored nor reported).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ParleyError } from '../../src/core/errors';
import { makeChat } from './chat-helpers';
import { fakeBackend } from './fake-backend';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-01-01T10:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a visitor change with a failed message', () => {
  it.for(['reset', 'identify'] as const)('%s() reports it as not sent (code ended, with its text)', async (change) => {
    const backend = fakeBackend();
    const { chat, events } = makeChat(backend);
    await chat.identify({ id: 'first-user' });
    await chat.start();
    backend.onSend = async () => {
      throw new ParleyError('validation', 'refused');
    };
    chat.send('refused once');
    await vi.advanceTimersByTimeAsync(10);
    expect(chat.messages.value[0]!.status).toBe('failed');

    if (change === 'reset') await chat.reset();
    else await chat.identify({ id: 'second-user' });
    const ended = events('error').filter((error) => error.code === 'ended');
    expect(ended.map((error) => error.texts)).toEqual([['refused once']]);
    chat.destroy();
  });
});
