import { afterEach, describe, expect, it } from 'vitest';
import { TAB_PROTOCOL, type TabEnvelope } from '../../src/tabs/protocol';
import { createTabs, type Lifecycle, type TabGroup } from '../../src/tabs/tabs';
import { manualClock, settle, type ManualClock } from '../helpers/manual-clock';

// Two or three "tabs" in one process: real BroadcastChannels, the lease election (Node has no Web Locks),
// a manual clock and a hand-driven page lifecycle each.
const joined: TabGroup[] = [];
afterEach(() => joined.splice(0).forEach((group) => group.leave()));

let keyCount = 0;
const freshKey = () => `pocketping/test-scope/visitor-${process.pid}-${++keyCount}-${Math.random()}`;

function openTab(tabId: string, key: string) {
  const clock = manualClock();
  let setActive: (active: boolean) => void = () => undefined;
  const lifecycle: Lifecycle = (handler) => {
    setActive = handler;
    return () => (setActive = () => undefined);
  };
  const logs: string[] = [];
  const tabs = createTabs({ BroadcastChannel, clock, lifecycle, tabId, log: (_level, message) => logs.push(message) });
  const ownership: boolean[] = [];
  const received: TabEnvelope[] = [];
  const group = tabs.join(key, { owner: (isOwner) => ownership.push(isOwner), message: (message) => received.push(message) });
  joined.push(group);
  return { group, clock, ownership, received, logs, setActive: (active: boolean) => setActive(active) };
}

async function run(tabs: { clock: ManualClock }[], ms: number) {
  for (let passed = 0; passed < ms; passed += 50) {
    for (const tab of tabs) tab.clock.advance(50);
    await settle(2);
  }
}

const types = (received: TabEnvelope[]) => received.map((message) => `${message.from}:${message.type}`);

describe('createTabs', () => {
  it('elects one owner among the tabs of a visitor and carries their messages, tagged with the sender', async () => {
    const key = freshKey();
    const first = openTab('tab-a', key);
    await run([first], 400);
    const second = openTab('tab-b', key);
    await run([first, second], 400);
    expect([first.group.isOwner(), second.group.isOwner()]).toEqual([true, false]);
    expect(first.ownership).toEqual([true]);
    expect(types(first.received)).toEqual(['tab-b:hello']);

    second.group.post({ type: 'typing', typing: true });
    first.group.post({ type: 'unread', count: 2 });
    await settle();
    expect(first.received.at(-1)).toEqual({ v: TAB_PROTOCOL, from: 'tab-b', type: 'typing', typing: true });
    expect(second.received.at(-1)).toEqual({ v: TAB_PROTOCOL, from: 'tab-a', type: 'unread', count: 2 });
  });

  it('keeps the tabs of two visitors apart', async () => {
    const mine = openTab('tab-a', freshKey());
    const theirs = openTab('tab-b', freshKey());
    await run([mine, theirs], 400);
    expect([mine.group.isOwner(), theirs.group.isOwner()]).toEqual([true, true]);
    mine.group.post({ type: 'unread', count: 1 });
    await settle();
    expect(theirs.received).toEqual([]);
  });

  it('hands the link to another tab when the owner page freezes, and takes it back only as a follower', async () => {
    const key = freshKey();
    const first = openTab('tab-a', key);
    await run([first], 400);
    const second = openTab('tab-b', key);
    await run([first, second], 400);

    first.setActive(false); // `freeze` or `pagehide`
    expect(first.ownership).toEqual([true, false]);
    await run([second], 400);
    expect(second.group.isOwner()).toBe(true);
    expect(types(second.received)).toEqual(['tab-a:bye']);

    first.setActive(true); // `resume`
    await run([first, second], 2_000);
    expect([first.group.isOwner(), second.group.isOwner()]).toEqual([false, true]);
    expect(types(second.received)).toEqual(['tab-a:bye', 'tab-a:hello']);
    expect(types(first.received)).toEqual(['tab-b:hello', 'tab-b:owner']);
  });

  it('announces a takeover to the other tabs', async () => {
    const key = freshKey();
    const first = openTab('tab-a', key);
    await run([first], 400);
    const second = openTab('tab-b', key);
    const third = openTab('tab-c', key);
    await run([first, second, third], 400);
    first.group.leave();
    await run([second, third], 400);
    expect([second.group.isOwner(), third.group.isOwner()]).toEqual([true, false]);
    expect(types(third.received)).toContain('tab-b:owner');
  });

  it('drops a message of another shape on the channel, with a debug log', async () => {
    const key = freshKey();
    const tab = openTab('tab-a', key);
    const intruder = new BroadcastChannel(`parley-tabs/v${TAB_PROTOCOL}/${key}`);
    intruder.postMessage({ v: TAB_PROTOCOL, from: 'evil', type: 'unread', count: 'lots' });
    intruder.postMessage({ v: TAB_PROTOCOL, from: 'evil', type: 'send', message: { text: '<img onerror=alert(1)>' } });
    intruder.close();
    await settle();
    expect(tab.received).toEqual([]);
    expect(tab.logs).toEqual(['tabs: dropped a message of another shape or version', 'tabs: dropped a message of another shape or version']);
  });
});
