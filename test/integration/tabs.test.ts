/**
 * Several tabs of one visitor (issue 10): chats in one process sharing one store (the browser's
 * IndexedDB) and real BroadcastChannels (the lease election: Node has no Web Locks), against the
 * local PocketPing server over real HTTP and WebSockets. Every count comes from the server's rows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPocketPingServer, type PocketPingServer } from '../../servers/pocketping/index.js';
import { createCache } from '../../src/core/cache';
import { memoryStore } from '../../src/storage/memory-store';
import type { KeyValueStore } from '../../src/storage/store';
import { pocketping } from '../../src/transports/pocketping/index';
import type { Lifecycle } from '../../src/tabs/tabs';
import { sleep, until } from '../helpers/node-env';
import { destroyTabChats, openTabChat } from '../helpers/tab-chat';

const fast = { minDelay: 20, maxDelay: 150, stallMs: 2000, stallAttempts: 3, connectTimeout: 4000 };

let srv: PocketPingServer | undefined;

afterEach(async () => {
  destroyTabChats();
  await srv?.stop();
  srv = undefined;
});

/** A tab of the visitor whose browser storage is `store`; `setActive(false)` freezes its page (as `freeze` does). */
function openTab(store: KeyValueStore) {
  let setActive: (active: boolean) => void = () => undefined;
  const lifecycle: Lifecycle = (handler) => {
    setActive = handler;
    return () => (setActive = () => undefined);
  };
  const chat = openTabChat(pocketping({ endpoint: srv!.endpoint, socket: fast }), store, { lifecycle });
  const texts = () => chat.messages.value.map((message) => message.text);
  const allSent = () => chat.messages.value.every((message) => message.status !== 'sending' && message.status !== 'failed');
  return { chat, texts, allSent, setActive: (active: boolean) => setActive(active) };
}

const sessionIds = () => srv!.sessions().map((session) => session.id);
/** Every row the server stored for the (single) session, duplicates included. */
const storedRows = () => srv!.messages(sessionIds()[0]!).map((message) => message.content);
const linked = () => srv!.pp.connections.has(sessionIds()[0]!);

describe('one visitor, many tabs', () => {
  it('holds one link for all tabs, shows the same conversation in each, and stores every send once', async () => {
    srv = await startPocketPingServer({});
    const store = memoryStore();
    const first = openTab(store);
    await first.chat.start();
    const second = openTab(store);
    await second.chat.start();
    expect(first.chat.status.value).toBe('online');
    expect(second.chat.status.value).toBe('online');

    const inSecond: string[] = [];
    second.chat.on('message', (message) => inSecond.push(`message: ${message.text}`));
    second.chat.on('sent', (message) => inSecond.push(`sent: ${message.text}`));
    first.chat.send('from the first tab');
    second.chat.send('from the second tab 1');
    second.chat.send('from the second tab 2');
    await until(() => storedRows().length === 3 && first.allSent() && second.allSent(), 8000, 'three sent');
    await until(linked, 3000, 'stream');
    await srv.pp.sendOperatorMessage(sessionIds()[0]!, 'hello to both');
    await until(() => second.texts().includes('hello to both'), 4000, 'reply in the second tab');

    expect(sessionIds()).toHaveLength(1);
    expect(srv.pp.connections.size).toBe(1);
    // The second tab's host page hears about its own sends and the reply, as with one tab.
    expect(inSecond.sort()).toEqual(['message: hello to both', 'sent: from the second tab 1', 'sent: from the second tab 2']);
    // A custom event from the second tab goes through the owner's link.
    await second.chat.trigger('cart', { items: 2 });
    await until(() => srv!.events().length === 1, 3000, 'the custom event on the server');
    expect(srv.events()[0]).toMatchObject({ name: 'cart', data: { items: 2 } });
    // An edit made in the second tab is made by the owner, and shows in both tabs.
    const own = second.chat.messages.value.find((message) => message.text === 'from the second tab 1')!;
    await second.chat.edit(own.id, 'edited in the second tab');
    await until(() => srv!.messages(sessionIds()[0]!).some((message) => message.content === 'edited in the second tab'), 3000, 'the edit on the server');
    await until(() => second.texts().includes('edited in the second tab') && first.texts().includes('edited in the second tab'), 3000, 'the edit in both tabs');
    expect(storedRows().sort()).toEqual(['edited in the second tab', 'from the first tab', 'from the second tab 2', 'hello to both']);
    expect(second.texts()).toEqual(first.texts());
  });

  it('reproduction 1: the messages a closed tab queued offline reach the server once, through the tab left', async () => {
    srv = await startPocketPingServer({});
    const store = memoryStore();
    const tabA = openTab(store);
    await tabA.chat.start();
    const tabB = openTab(store);
    await tabB.chat.start();
    tabA.chat.send('before');
    await until(() => storedRows().length === 1 && tabB.allSent(), 6000, 'first sent');

    await srv.stop(); // tab A's link is down
    await until(() => tabA.chat.status.value === 'reconnecting' || tabA.chat.status.value === 'offline', 6000, 'link down');
    tabA.chat.send('queued 1');
    tabA.chat.send('queued 2');
    await sleep(200);
    tabA.chat.destroy(); // tab A is closed with two messages queued
    await srv.restart();

    await until(() => storedRows().length === 3 && tabB.allSent(), 10_000, 'queued messages sent by tab B');
    await until(linked, 6000, 'tab B holds the stream');
    await srv.pp.sendOperatorMessage(sessionIds()[0]!, 'operator');
    await until(() => tabB.texts().includes('operator'), 4000, 'operator message in tab B');
    await sleep(500); // time for a wrong second send
    expect(storedRows()).toEqual(['before', 'queued 1', 'queued 2', 'operator']);
    expect(tabB.texts()).toEqual(['before', 'queued 1', 'queued 2', 'operator']);
  }, 30_000);

  it('reproduction 2: a tab opened while the link is down sends nothing twice when the link comes back', async () => {
    srv = await startPocketPingServer({});
    const store = memoryStore();
    const tabA = openTab(store);
    await tabA.chat.start();
    tabA.chat.send('before');
    await until(() => storedRows().length === 1, 6000, 'first sent');

    await srv.stop();
    tabA.chat.send('queued 1');
    tabA.chat.send('queued 2');
    await sleep(200);
    const tabC = openTab(store);
    void tabC.chat.start();
    await until(() => tabC.texts().length === 3, 4000, 'the new tab shows the queue');
    await srv.restart();

    await until(() => storedRows().length === 3 && tabA.allSent() && tabC.allSent(), 10_000, 'sent');
    await sleep(800);
    expect(storedRows()).toEqual(['before', 'queued 1', 'queued 2']);
    expect(tabC.texts()).toEqual(['before', 'queued 1', 'queued 2']);
  }, 30_000);

  it('takes the link over from a tab whose page froze, and sends what the visitor typed in the other tab once', async () => {
    srv = await startPocketPingServer({});
    const store = memoryStore();
    const tabA = openTab(store);
    await tabA.chat.start();
    const tabB = openTab(store);
    await tabB.chat.start();
    tabA.chat.send('from A');
    await until(() => storedRows().length === 1 && tabB.allSent(), 6000, 'first sent');

    await srv.stop();
    await until(() => tabB.chat.status.value !== 'online', 6000, 'tab B shows the link down');
    tabB.chat.send('from B while down');
    await until(() => tabA.texts().includes('from B while down'), 2000, 'handed to the owner');
    tabA.setActive(false); // the owner's page freezes with the message queued
    await srv.restart();
    await until(() => storedRows().length === 2 && tabB.allSent(), 10_000, 'sent by tab B as the new owner');

    tabA.setActive(true); // it wakes up as a follower
    await until(() => tabA.allSent() && tabA.texts().length === 2, 4000, 'tab A shows the conversation again');
    await until(linked, 6000, 'stream');
    await srv.pp.sendOperatorMessage(sessionIds()[0]!, 'to both');
    await until(() => tabA.texts().includes('to both'), 4000, 'tab A follows live');
    await sleep(500);
    expect(storedRows()).toEqual(['from A', 'from B while down', 'to both']);
    expect(srv.pp.connections.size).toBe(1);
  }, 30_000);

  it('sends, once, a message a tab stored but closed before handing over, when another tab joins', async () => {
    srv = await startPocketPingServer({});
    const store = memoryStore();
    const owner = openTab(store);
    await owner.chat.start();
    owner.chat.send('hello');
    await until(() => storedRows().length === 1, 6000, 'first sent');

    // What a tab that died right after storing its send leaves behind: the queued record alone.
    const spec = pocketping({ endpoint: srv.endpoint });
    const cache = createCache(store, spec.backend, spec.scope);
    const visitorId = (await cache.getVisitor())!.id;
    const createdAt = new Date().toISOString();
    await cache.setQueued(visitorId, { id: 'lost-1', clientId: 'lost-1', text: 'typed in a closed tab', sender: 'visitor', createdAt, status: 'sending' });

    const joining = openTab(store);
    await joining.chat.start();
    await until(() => storedRows().length === 2 && owner.allSent(), 8000, 'the stored message sent');
    await until(() => joining.texts().includes('typed in a closed tab') && joining.allSent(), 4000, 'shown in the new tab');
    const reloaded = openTab(store); // one more join: nothing is sent again
    await reloaded.chat.start();
    await sleep(500);
    expect(storedRows()).toEqual(['hello', 'typed in a closed tab']);
  });

  it('reproduction 8: opening the window in one tab clears the badge in the others', async () => {
    srv = await startPocketPingServer({});
    const store = memoryStore();
    const tabA = openTab(store);
    await tabA.chat.start();
    const tabB = openTab(store);
    await tabB.chat.start();
    tabA.chat.send('hi');
    await until(() => storedRows().length === 1, 6000, 'sent');
    await until(linked, 3000, 'stream');
    await srv.pp.sendOperatorMessage(sessionIds()[0]!, 'one');
    await srv.pp.sendOperatorMessage(sessionIds()[0]!, 'two');
    await until(() => tabA.chat.unread.value === 2 && tabB.chat.unread.value === 2, 4000, 'two unread in both tabs');

    tabA.chat.setOpen(true);
    await until(() => tabB.chat.unread.value === 0, 2000, 'badge cleared in tab B');
    // While a window is open in one tab, what comes is not unread in any.
    await srv.pp.sendOperatorMessage(sessionIds()[0]!, 'three');
    await until(() => tabB.texts().includes('three'), 4000, 'third message');
    await sleep(200);
    expect([tabA.chat.unread.value, tabB.chat.unread.value]).toEqual([0, 0]);

    // Closed everywhere: one more is unread in both tabs, and still after a reload.
    tabA.chat.setOpen(false);
    await sleep(100);
    await srv.pp.sendOperatorMessage(sessionIds()[0]!, 'four');
    await until(() => tabA.chat.unread.value === 1 && tabB.chat.unread.value === 1, 4000, 'one unread in both tabs');
    await sleep(400); // the stored conversation is written at the end of a burst
    tabA.chat.destroy();
    tabB.chat.destroy();
    const reloaded = openTab(store);
    await reloaded.chat.start();
    expect(reloaded.chat.unread.value).toBe(1);
    expect(reloaded.texts()).toEqual(['hi', 'one', 'two', 'three', 'four']);
  });
});
