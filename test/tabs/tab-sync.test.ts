/**
 * The chat's side of many tabs (tab-sync.ts) over real BroadcastChannels and the lease election, with the
 * chat's state model as plain signals: what each tab shows, and what travels between them.
 */
import { signal } from '@preact/signals-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { CsatState } from '../../src/core/model';
import { merge } from '../../src/core/messages';
import type { ConnectionStatus, Message } from '../../src/core/types';
import { TAB_PROTOCOL, type TabEnvelope } from '../../src/tabs/protocol';
import { createTabSync, type TabSync } from '../../src/tabs/tab-sync';
import { createTabs } from '../../src/tabs/tabs';
import { manualClock, settle, type ManualClock } from '../helpers/manual-clock';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, minute)).toISOString();
const incoming = (index: number): Message => ({ id: `m${index}`, text: `operator ${index}`, sender: 'agent', createdAt: at(index) });
const conversation = (count: number) => merge([], Array.from({ length: count }, (_, index) => incoming(index)));

const syncs: TabSync[] = [];
const channels: BroadcastChannel[] = [];
afterEach(() => {
  syncs.splice(0).forEach((sync) => sync.leave());
  channels.splice(0).forEach((channel) => channel.close());
});

let keyCount = 0;
const freshKey = () => `pocketping/sync-scope/visitor-${process.pid}-${++keyCount}-${Math.random()}`;

/** A tab: its state model (signals), the events its host page hears, and its tab sync (`paced`: posts paced on its clock, as in the chat). */
function openTab(tabId: string, key: string, messages: readonly Message[] = [], paced = false) {
  const clock = manualClock();
  let unpacedNow = 0;
  const status = signal<ConnectionStatus>('idle');
  const unread = signal(0);
  const heard: string[] = [];
  /** The messages the chat was asked to queue as possibly sent already (left by a tab that left). */
  const adopted: string[] = [];
  /** Hides the page for good (`pagehide`): the tab leaves the others. */
  let hide = () => undefined as void;
  const state = {
    messages: signal<readonly Message[]>(messages),
    status,
    operatorOnline: signal<boolean | undefined>(undefined),
    agentTyping: signal<{ name?: string } | null>(null),
    hasOlder: signal(false),
    csat: signal<CsatState>('none'),
    welcomeMessage: signal<string | undefined>(undefined),
    unread,
    isOpen: signal(false),
    setStatus: (next: ConnectionStatus) => (status.value = next),
    setUnread: (count: number) => (unread.value = count),
    emit: (type: 'message' | 'sent', message: Message) => heard.push(`${type}: ${message.text}`),
  };
  const lifecycle = (handler: (active: boolean) => void) => {
    hide = () => handler(false);
    return () => undefined;
  };
  const tabs = createTabs({ BroadcastChannel, clock, tabId, lifecycle });
  const sync = createTabSync(tabs, key, {
    state,
    own: async () => void (status.value = 'online'),
    disown: () => undefined,
    enqueue(messages, maybeSent) {
      if (maybeSent) adopted.push(...messages.map((message) => message.text));
      state.messages.value = merge(state.messages.value, messages);
    },
    collectStored: async () => undefined,
    chat: () => {
      throw new Error('no chat actions in these tests');
    },
    seen: () => undefined,
    keep: () => undefined,
    log: () => undefined,
    // Unpaced: a clock on which each post comes a second after the one before, so none waits.
    clock: paced ? clock : { ...clock, now: () => (unpacedNow += 1000) },
  });
  syncs.push(sync);
  return { clock, state, heard, adopted, sync, hide: () => hide() };
}

/** Every message on the visitor's channel, as another same-origin script would see it. */
function listen(key: string) {
  const seen: TabEnvelope[] = [];
  const channel = new BroadcastChannel(`parley-tabs/v${TAB_PROTOCOL}/${key}`);
  channel.onmessage = (event: MessageEvent) => seen.push(event.data as TabEnvelope);
  channels.push(channel);
  return { seen, channel };
}

async function run(tabs: { clock: ManualClock }[], ms: number) {
  for (let passed = 0; passed < ms; passed += 50) {
    for (const tab of tabs) tab.clock.advance(50);
    await settle(2);
  }
}

const ids = (list: readonly Message[]) => list.map((message) => message.id);

/** Tab A opens with `messages` and becomes the owner; tab B joins and shows A's state (`paced`: A posts as the chat does). */
async function ownerAndFollower(key: string, messages: readonly Message[], paced = false) {
  const owner = openTab('tab-a', key, messages, paced);
  await run([owner], 400);
  const follower = openTab('tab-b', key);
  await run([owner, follower], 400);
  await follower.sync.ready;
  return { owner, follower };
}

/**
 * Tab B, the owner of a 5-message conversation, and a raw channel on its key to play other tabs on: `post`
 * sends a delta from `from` listing `rows` (and `removed` keys), `send(n)` is a queued visitor message "left n".
 */
async function ownerHearingOthers() {
  const key = freshKey();
  const tab = openTab('tab-b', key, conversation(5));
  await run([tab], 400);
  expect(tab.sync.isOwner()).toBe(true);
  const wire = listen(key);
  const details = { status: 'online', agentTyping: null, hasOlder: false, csat: 'none' };
  const send = (index: number): Message => ({ id: `z${index}`, clientId: `z${index}`, text: `left ${index}`, sender: 'visitor', createdAt: at(40 + index), status: 'sending' });
  const post = (from: string, rows: Message[], revision: number, removed: string[] = []) =>
    wire.channel.postMessage({ v: TAB_PROTOCOL, from, type: 'delta', delta: { length: 5 + rows.length, at: rows.map((_, index) => 5 + index), rows, removed }, details, revision, since: revision - 1 });
  const bye = (from: string) => wire.channel.postMessage({ v: TAB_PROTOCOL, from, type: 'bye' });
  return { tab, send, post, bye };
}

describe('tab sync', () => {
  it('sends each incoming message to the other tabs as one row, not the whole conversation, and each tab shows the same rows', async () => {
    const key = freshKey();
    const { owner, follower } = await ownerAndFollower(key, conversation(2000));
    expect(owner.sync.isOwner()).toBe(true);
    expect(ids(follower.state.messages.value)).toEqual(ids(owner.state.messages.value));

    const wire = listen(key);
    for (let index = 2000; index < 2005; index++) {
      owner.state.messages.value = merge(owner.state.messages.value, [incoming(index)]);
      await settle(2);
    }
    // A receipt on an earlier message, and a burst of three in one go.
    owner.state.messages.value = merge(owner.state.messages.value, [{ ...incoming(10), text: 'operator 10, edited' }]);
    owner.state.messages.value = merge(owner.state.messages.value, [incoming(2005), incoming(2006), incoming(2007)]);
    await settle(3);

    const posts = wire.seen.filter((message) => message.type === 'delta' || message.type === 'state');
    expect(posts.map((message) => message.type)).toEqual(['delta', 'delta', 'delta', 'delta', 'delta', 'delta']);
    expect(posts.map((message) => (message.type === 'delta' ? message.delta.rows.length : 0))).toEqual([1, 1, 1, 1, 1, 4]);
    expect(follower.state.messages.value).toEqual(owner.state.messages.value);
    // The follower's host page hears each new one once (not the edit, not the history it joined with).
    expect(follower.heard).toEqual([2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007].map((index) => `message: operator ${index}`));
  });

  it('sends a burst of incoming messages, each its own event, to the other tabs in a few posts; the other tab shows and announces each once', async () => {
    const key = freshKey();
    const { owner, follower } = await ownerAndFollower(key, conversation(100), true);

    const wire = listen(key);
    // 100 messages, one per event (as socket frames come), 5 ms apart: half a second.
    for (let index = 100; index < 200; index++) {
      owner.state.messages.value = merge(owner.state.messages.value, [incoming(index)]);
      await settle(1);
      owner.clock.advance(5);
    }
    await run([owner, follower], 200);

    const posts = wire.seen.filter((message) => message.type === 'delta' || message.type === 'state');
    // The first at once, then one per POST_BATCH_MS (100 ms) at most.
    expect(posts.length).toBeGreaterThan(1);
    expect(posts.length).toBeLessThanOrEqual(7);
    expect(follower.state.messages.value).toEqual(owner.state.messages.value);
    expect(follower.heard).toEqual(Array.from({ length: 100 }, (_, offset) => `message: operator ${100 + offset}`));
  });

  it('asks for the whole conversation after a gap (a post it missed), then follows the deltas again', async () => {
    const key = freshKey();
    const { owner, follower } = await ownerAndFollower(key, conversation(50));

    const wire = listen(key);
    // A delta on top of a post the follower never saw (as when a post is lost): it must not be half-applied.
    wire.channel.postMessage({ v: TAB_PROTOCOL, from: 'tab-a', type: 'delta', delta: { length: 52, at: [51], rows: [incoming(51)], removed: [] }, details: { status: 'online', agentTyping: null, hasOlder: false, csat: 'none' }, revision: 90, since: 89 });
    await settle(4);
    expect(ids(follower.state.messages.value)).not.toContain('m51');
    owner.state.messages.value = merge(owner.state.messages.value, [incoming(50)]);
    await settle(4);

    expect(wire.seen.filter((message) => message.from === 'tab-b').map((message) => message.type)).toEqual(['resync']);
    expect(wire.seen.filter((message) => message.from === 'tab-a').map((message) => message.type)).toEqual(['state', 'delta']);
    expect(follower.state.messages.value).toEqual(owner.state.messages.value);
    expect(ids(follower.state.messages.value).at(-1)).toBe('m50');
  });

  it('shows a send typed in the follower at once, and the owner\'s confirmed copy once the owner lists it', async () => {
    const key = freshKey();
    const { owner, follower } = await ownerAndFollower(key, conversation(20));

    const send: Message = { id: 'c1', clientId: 'c1', text: 'from the follower', sender: 'visitor', createdAt: at(30), status: 'sending' };
    follower.sync.handOver(send);
    expect(follower.state.messages.value.at(-1)).toEqual(send);
    await settle(4);
    expect(owner.state.messages.value.at(-1)?.clientId).toBe('c1');
    owner.state.messages.value = merge(owner.state.messages.value, [{ ...send, id: 's1', status: 'sent' }]);
    await settle(4);
    expect(follower.state.messages.value).toEqual(owner.state.messages.value);
    expect(follower.heard).toEqual(['sent: from the follower']);
  });

  it('posts, as the owner leaves, a send it had not posted yet (typed just before the tab closed): the next owner lists it', async () => {
    const key = freshKey();
    const { owner, follower } = await ownerAndFollower(key, conversation(5), true);

    const queued = (index: number): Message => ({ id: `c${index}`, clientId: `c${index}`, text: `queued ${index}`, sender: 'visitor', createdAt: at(40 + index), status: 'sending' });
    owner.state.messages.value = merge(owner.state.messages.value, [queued(1)]);
    await settle(2);
    owner.clock.advance(20);
    // Within the owner's batch time: this one waits for the next post...
    owner.state.messages.value = merge(owner.state.messages.value, [queued(2)]);
    await settle(2);
    expect(follower.state.messages.value.map((message) => message.text)).not.toContain('queued 2');
    // ...and the page is hidden for good before then.
    owner.hide();
    await run([follower], 400);

    expect(follower.sync.isOwner()).toBe(true);
    expect(follower.state.messages.value.filter((message) => message.status === 'sending').map((message) => message.text)).toEqual(['queued 1', 'queued 2']);
  });

  it("adopts the queued sends of the owner before it whose last post came after the election, once that tab says bye, and only then", async () => {
    const { tab, send, post, bye } = await ownerHearingOthers();
    // Another owner (a lease split for a moment) posts and keeps running: its sends are its own.
    post('tab-y', [send(0)], 3);
    // The owner before this one posts its last sends, then leaves.
    post('tab-z', [send(1)], 8);
    post('tab-z', [send(2), incoming(9)], 9);
    bye('tab-z');
    await settle(4);

    expect(tab.adopted).toEqual(['left 1', 'left 2']);
  });

  it("adopts only what the departing owner's last posts still listed as queued: a send it confirmed or dropped meanwhile is not", async () => {
    const { tab, send, post, bye } = await ownerHearingOthers();
    post('tab-z', [send(1), send(2), send(3)], 8);
    // Its next post: the first one confirmed (a server id now), the third one gone (its upload was cancelled).
    post('tab-z', [{ ...send(1), id: 'server-1', status: 'sent' }, send(2)], 9, ['z3']);
    bye('tab-z');
    await settle(4);

    expect(tab.adopted).toEqual(['left 2']);
  });
});
