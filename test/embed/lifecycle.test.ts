import { describe, expect, it, vi } from 'vitest';
import type { ParleyConfig } from '../../src/core/config';
import { ParleyError } from '../../src/core/errors';
import type { Chat } from '../../src/core/model';
import { follow, report } from '../../src/embed/lifecycle';
import { makeChat } from '../core/chat-helpers';
import { fakeBackend } from '../core/fake-backend';

/** Lets the chat's promise chains (cache, connect) run. */
const settle = () => new Promise((r) => setTimeout(r, 5));

/** A chat on a fake backend that connects by `connect`, with the host's calls in `prepare`. */
function followed(connect: ParleyConfig['connect'], prepare?: (chat: Chat) => unknown) {
  const backend = fakeBackend();
  const { chat } = makeChat(backend);
  follow(chat, connect, prepare);
  return { backend, chat };
}

describe('connect policy', () => {
  it('eager: connects at once, after the calls made before the chat existed', async () => {
    const { backend } = followed('eager', async (chat) => {
      await new Promise((r) => setTimeout(r, 10));
      await chat.identify({ id: 'early', name: 'Early Bird' });
    });
    await settle();
    expect(backend.calls.connect).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 20));
    expect(backend.calls.connect).toHaveLength(1);
    // The identity set in `prepare` rode on the very first connection.
    expect(backend.calls.connect[0]?.identity).toMatchObject({ id: 'early' });
  });

  it('open: stays offline until the window opens', async () => {
    const { backend, chat } = followed('open');
    await settle();
    expect(backend.calls.connect).toHaveLength(0);
    expect(chat.status.value).toBe('idle');
    chat.setOpen(true);
    await settle();
    expect(backend.calls.connect).toHaveLength(1);
  });

  it('idle: connects once the browser is idle, or at once when the window opens first', async () => {
    vi.useFakeTimers();
    const microtasks = async () => {
      for (let i = 0; i < 50; i++) await Promise.resolve();
    };
    try {
      const idle = followed('idle');
      const opened = followed('idle');
      await microtasks();
      expect(idle.backend.calls.connect).toHaveLength(0);
      // Opening does not wait for idle time.
      opened.chat.setOpen(true);
      await microtasks();
      expect(opened.backend.calls.connect).toHaveLength(1);
      expect(idle.backend.calls.connect).toHaveLength(0);
      // Without requestIdleCallback (Node, Safari) idle time is the next task.
      await vi.advanceTimersByTimeAsync(1);
      expect(idle.backend.calls.connect).toHaveLength(1);
      expect(opened.backend.calls.connect).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('connects again after a logout (reset), as a fresh visitor', async () => {
    const { backend, chat } = followed('eager');
    await settle();
    await chat.identify({ id: 'u1' });
    await chat.reset();
    await settle();
    expect(backend.calls.connect.length).toBeGreaterThanOrEqual(2);
    expect(backend.calls.connect.at(-1)?.identity).toBeUndefined();
    expect(chat.status.value).not.toBe('idle');
  });

  it('does nothing more once the chat is destroyed', async () => {
    const { backend, chat } = followed('eager', () => new Promise((r) => setTimeout(r, 20)));
    chat.destroy();
    await new Promise((r) => setTimeout(r, 40));
    expect(backend.calls.connect).toHaveLength(0);
  });
});

describe('report', () => {
  it('logs one console error naming the key and emits one error event, without throwing', () => {
    const seen: unknown[] = [];
    const logged: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((e) => void logged.push(e));
    try {
      report(new ParleyError('config', 'Parley config: "position" must be …', { key: 'position' }), (name, data) => seen.push([name, data]));
      report('unknown command "opne"', (name, data) => seen.push([name, data]));
    } finally {
      spy.mockRestore();
    }
    expect(logged).toHaveLength(2);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toEqual(['error', expect.objectContaining({ code: 'config', key: 'position' })]);
    // Anything else becomes a config ParleyError too, so `error` listeners always get a `code`.
    expect(seen[1]).toEqual(['error', expect.objectContaining({ code: 'config', message: 'unknown command "opne"' })]);
    expect(logged[1]).toBeInstanceOf(ParleyError);
  });
});
