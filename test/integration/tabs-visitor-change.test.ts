/**
 * A visitor change in one tab reaches the other tabs of the backend (issue 10, found by
 * e2e/chaos-tabs-visitor.test.ts): after `identify()` as another user or `reset()` in one tab, every
 * tab shows the new visitor's conversation, and what they send is stored for the new visitor, never
 * as the previous one. Chats in one process sharing one store and real BroadcastChannels, against the
 * local PocketPing server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPocketPingServer, type PocketPingServer } from '../../servers/pocketping/index.js';
import { memoryStore } from '../../src/storage/memory-store';
import type { KeyValueStore } from '../../src/storage/store';
import { pocketping } from '../../src/transports/pocketping/index';
import { sleep, until } from '../helpers/node-env';
import { destroyTabChats, openTabChat } from '../helpers/tab-chat';

let srv: PocketPingServer | undefined;

afterEach(async () => {
  destroyTabChats();
  await srv?.stop();
  srv = undefined;
});

function openTab(store: KeyValueStore) {
  const chat = openTabChat(pocketping({ endpoint: srv!.endpoint, socket: { minDelay: 20, maxDelay: 150 } }), store);
  return { chat, texts: () => chat.messages.value.map((message) => message.text) };
}

/** The texts stored for each session, oldest session first. */
const storedBySession = () => srv!.sessions().map((session) => [...new Map(srv!.messages(session.id).map((row) => [row.id, row.content])).values()]);

describe('a visitor change in one tab', () => {
  it.each(['identify', 'reset'] as const)('%s(): the other tab follows, and sends as the new visitor', async (change) => {
    srv = await startPocketPingServer({});
    const store = memoryStore();
    const tabA = openTab(store);
    // A signed-in visitor (identifying an anonymous one keeps its conversation: no change of visitor).
    await tabA.chat.identify({ id: 'user-first', name: 'First' });
    await tabA.chat.start();
    const tabB = openTab(store);
    await tabB.chat.start();
    tabA.chat.send('as the first visitor');
    await until(() => storedBySession().flat().length === 1 && tabB.texts().length === 1, 6000, 'first sent');

    if (change === 'identify') await tabB.chat.identify({ id: 'user-ada', name: 'Ada' });
    else await tabB.chat.reset();
    await until(() => tabA.texts().length === 0, 4000, 'tab A shows the new visitor');
    expect(tabA.chat.identity.value?.id).toBe(change === 'identify' ? 'user-ada' : undefined);

    tabB.chat.send('as the second visitor, from tab B');
    await until(() => storedBySession().length === 2, 8000, 'a new session');
    await until(() => tabA.texts().includes('as the second visitor, from tab B'), 4000, 'tab A shows it');
    tabA.chat.send('as the second visitor, from tab A');
    await until(() => tabB.texts().includes('as the second visitor, from tab A'), 4000, 'tab B shows it');
    await until(() => storedBySession()[1]?.length === 2, 8000, 'both stored for the new visitor');
    await sleep(300); // time for a wrong second send
    expect(storedBySession()).toEqual([['as the first visitor'], ['as the second visitor, from tab B', 'as the second visitor, from tab A']]);
    expect(tabA.texts()).toEqual(tabB.texts());
  }, 30_000);
});
