/**
 * A tab that becomes the owner of the visitor's link reads the cache again (another tab may have
 * written since): when nothing changed, the conversation it shows stays as it is (no row renders again).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createChat } from '../../src/core/chat';
import type { Chat } from '../../src/core/model';
import type { Message } from '../../src/core/types';
import { createTabs } from '../../src/tabs/tabs';
import { listableStore } from '../helpers/stores';
import { realClock } from '../helpers/node-env';
import { fakeBackend } from './fake-backend';

const BASE = 'parley/fake/test/';
const cached: Message[] = Array.from({ length: 3 }, (_, n) => ({ id: `s${n}`, text: `cached ${n}`, sender: 'agent', createdAt: `2026-01-01T09:0${n}:00.000Z` }));
let chat: Chat | undefined;
afterEach(() => chat?.destroy());

describe('a tab taking the link over', () => {
  it('keeps the conversation it shows when the cache holds the same', async () => {
    const store = listableStore();
    await store.set(BASE + 'visitor', { version: 1, id: 'v1' });
    await store.set(BASE + 'v1/chat', { version: 1, messages: cached });
    const backend = fakeBackend();
    backend.onConnect = async () => new Promise(() => undefined); // never answers: what shows is the cache
    const tabs = createTabs({ BroadcastChannel, clock: realClock, tabId: 'only-tab' });
    chat = createChat(backend.spec(), { backend: 'fake' }, { store, tabs, clock: realClock, log: () => undefined });
    const lists: (readonly Message[])[] = [];
    chat.messages.subscribe((list) => lists.push(list));
    void chat.start();
    await expect.poll(() => backend.calls.connect.length).toBe(1); // owner: it read the cache again, then connected
    expect(chat.messages.value.map((message) => message.text)).toEqual(['cached 0', 'cached 1', 'cached 2']);
    // The empty list, then the cache read once: the owner's second read changed nothing.
    expect(lists.map((list) => list.length)).toEqual([0, 3]);
  });
});
