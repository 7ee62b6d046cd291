/**
 * A tab whose owner tab hangs (issue 10, chaos-tabs): the owner holds the link and never answers, so
 * a follower's `start()` must not wait forever. It resolves after OWNER_ANSWER_TIMEOUT_MS with status
 * `reconnecting` and one `network` error event; a send stays queued and shown; and the owner's state,
 * when it comes at last, is shown.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChat, OWNER_ANSWER_TIMEOUT_MS } from '../../src/core/chat';
import type { ParleyError } from '../../src/core/errors';
import { memoryStore } from '../../src/storage/memory-store';
import type { TabHandlers, Tabs } from '../../src/tabs/tabs';
import { TAB_PROTOCOL } from '../../src/tabs/protocol';
import { fakeBackend } from './fake-backend';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-01-01T10:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

/** The tabs as a follower sees them when the owner tab hangs: joined, never the owner, nothing heard. */
function hungOwnerTabs() {
  const joined: TabHandlers[] = [];
  const tabs: Tabs = {
    join(_key, handlers) {
      joined.push(handlers);
      return { tabId: 'follower', isOwner: () => false, post: () => undefined, leave: () => undefined };
    },
  };
  return { tabs, joined };
}

describe('a follower tab whose owner tab hangs', () => {
  it('resolves start() after the timeout with a clear status and error, keeps a send queued, and shows the owner once it answers', async () => {
    const { tabs, joined } = hungOwnerTabs();
    const chat = createChat(fakeBackend().spec(), { backend: 'fake' }, { store: memoryStore(), tabs, random: () => 0.5 });
    const errors: ParleyError[] = [];
    chat.on('error', (error) => errors.push(error));
    let started = false;
    void chat.start().then(() => (started = true));
    await vi.advanceTimersByTimeAsync(OWNER_ANSWER_TIMEOUT_MS - 100);
    expect(started).toBe(false);
    expect(chat.status.value).toBe('connecting');

    await vi.advanceTimersByTimeAsync(200);
    expect(started).toBe(true);
    expect(chat.status.value).toBe('reconnecting');
    expect(errors.map((error) => error.code)).toEqual(['network']);
    expect(errors[0]!.message).toMatch(/another tab/i);

    const queued = chat.send('typed while the owner hangs');
    expect(chat.messages.value).toEqual([expect.objectContaining({ text: 'typed while the owner hangs', status: 'sending' })]);

    // The owner answers at last: its state is shown (with this tab's send, not yet listed by it).
    joined[0]!.message({
      v: TAB_PROTOCOL,
      from: 'owner',
      type: 'state',
      state: { messages: [], status: 'online', agentTyping: null, hasOlder: false, csat: 'none' },
      revision: 1,
    });
    expect(chat.status.value).toBe('online');
    expect(chat.messages.value.map((message) => message.clientId)).toEqual([queued.clientId]);
    chat.destroy();
  });
});
