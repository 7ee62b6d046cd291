/**
 * Rich messages from a tab that follows another tab of the visitor (two chats sharing one store and real
 * BroadcastChannels, against the local Pingstreams server over real HTTP and WebSockets): a bot action
 * tapped in the follower reaches the bot as an action (hidden, with `attributes.action`), a file
 * attached there is uploaded by the owner and sent once, and `ownsLink` says which tab holds the link,
 * moving when that tab goes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPingstreamsServer, type PingstreamsServer } from '../../servers/pingstreams/index.js';
import { memoryStore } from '../../src/storage/memory-store';
import type { KeyValueStore } from '../../src/storage/store';
import { pingstreams } from '../../src/transports/pingstreams/index';
import { sleep, until } from '../helpers/node-env';
import { destroyTabChats, openTabChat } from '../helpers/tab-chat';
import { fast } from '../transports/pingstreams/setup';

let srv: PingstreamsServer | undefined;
afterEach(async () => {
  destroyTabChats();
  await srv?.stop();
  srv = undefined;
});

const openTab = (store: KeyValueStore) =>
  openTabChat(pingstreams({ projectId: srv!.projectId, apiUrl: srv!.apiUrl, socket: fast, snapshotTimeout: 500 }), store, { random: 0.5 });

/** The messages the server stored for the (only) request. */
const stored = () => {
  const request = srv!.requests()[0] as { request_id: string } | undefined;
  return (request ? srv!.messages(request.request_id) : []) as { text: string; attributes?: { action?: string; subtype?: string } }[];
};

describe('a tab that follows another tab of the visitor', () => {
  it('hands a bot action over as an action: the bot gets attributes.action, the transcript does not show it', async () => {
    srv = await startPingstreamsServer();
    const store = memoryStore();
    const owner = openTab(store);
    await owner.start();
    owner.send('menu');
    await until(() => stored().length >= 2, 5000, 'the bot menu');
    const follower = openTab(store);
    await follower.start();
    expect([owner.ownsLink?.value, follower.ownsLink?.value]).toEqual([true, false]);

    follower.send('Talk to a human', { action: 'handoff' });
    await until(() => stored().some((message) => message.text === 'Action "handoff" done.'), 5000, 'the bot answering the action');
    expect(stored().find((message) => message.text === 'Talk to a human')?.attributes).toMatchObject({ action: 'handoff', subtype: 'info' });
    await until(() => follower.messages.value.some((message) => message.text === 'Action "handoff" done.'), 5000, 'the answer in the follower');
    expect(follower.messages.value.filter((message) => message.text === 'Talk to a human' && !message.hidden)).toEqual([]);
  });

  it('says which tab holds the link, and the follower holds it once the owner is gone', async () => {
    srv = await startPingstreamsServer();
    const store = memoryStore();
    const owner = openTab(store);
    await owner.start();
    const follower = openTab(store);
    await follower.start();
    expect([owner.ownsLink?.value, follower.ownsLink?.value]).toEqual([true, false]);
    owner.destroy();
    await until(() => follower.ownsLink?.value === true, 8000, 'the follower holding the link');
    expect(owner.ownsLink?.value).toBe(false);
  });

  it('sends a file attached in the follower once, through the owner; the follower offers no cancel it cannot keep', async () => {
    srv = await startPingstreamsServer();
    const store = memoryStore();
    const owner = openTab(store);
    await owner.start();
    owner.send('hello');
    await until(() => stored().length >= 1, 5000, 'the first message');
    const follower = openTab(store);
    await follower.start();
    const message = follower.sendFile(new File(['%PDF-1.4 from the follower'], 'follower.pdf', { type: 'application/pdf' }));
    // The owner uploads it: the follower shows no progress of its own, and Cancel there would drop the
    // file the owner reads (the message would come back from the owner's list anyway).
    expect(follower.uploadProgress(message.id)).toBeUndefined();
    expect(follower.cancelUpload(message.id)).toBe(false);
    await until(() => stored().some((row) => (row as { type?: string }).type === 'file'), 5000, 'the file message on the server');
    await until(() => follower.messages.value.some((row) => row.clientId === message.clientId && row.status === 'sent'), 5000, 'sent, in the follower');
    await sleep(300);
    expect(stored().filter((row) => (row as { type?: string }).type === 'file')).toHaveLength(1);
    expect(srv!.uploads.files()).toHaveLength(1);
  });
});
