import { afterEach, describe, expect, it } from 'vitest';
import type { BroadcastChannelLike } from '../../src/tabs/channel';
import { leaseElection } from '../../src/tabs/lease';
import { manualClock, settle, type ManualClock } from '../helpers/manual-clock';

// Real BroadcastChannels (Node's) and one manual clock per tab. A frozen tab is one whose clock stands
// still and whose channel holds what arrives until it wakes up (as a browser does with a frozen page).
const open: { leave(): void }[] = [];
afterEach(() => open.splice(0).forEach((tab) => tab.leave()));

let electionCount = 0;
const freshName = () => `lease-test-${process.pid}-${++electionCount}-${Math.random()}`;

function joinTab(name: string, tabId: string, clock: ManualClock = manualClock()) {
  const changes: boolean[] = [];
  let frozen = false;
  const held: MessageEvent[] = [];
  class FreezableChannel implements BroadcastChannelLike {
    onmessage: ((event: MessageEvent) => void) | null = null;
    private readonly channel: BroadcastChannel;
    constructor(channelName: string) {
      this.channel = new BroadcastChannel(channelName);
      this.channel.onmessage = (event) => (frozen ? held.push(event) : this.onmessage?.(event));
    }
    postMessage(data: unknown) {
      this.channel.postMessage(data);
    }
    close() {
      this.channel.close();
    }
    deliverHeld() {
      for (const event of held.splice(0)) this.onmessage?.(event);
    }
  }
  const channels: FreezableChannel[] = [];
  class TrackedChannel extends FreezableChannel {
    constructor(channelName: string) {
      super(channelName);
      channels.push(this);
    }
  }
  const election = leaseElection({ BroadcastChannel: TrackedChannel, clock, tabId })(name, (owner) => changes.push(owner));
  const tab = {
    tabId,
    clock,
    changes,
    isOwner: () => changes.at(-1) === true,
    leave: () => election.leave(),
    freeze: () => void (frozen = true),
    wake() {
      frozen = false;
      for (const channel of channels) channel.deliverHeld();
    },
  };
  open.push(tab);
  return tab;
}

/** Moves the given tabs' clocks forward together, 50 ms at a time, letting messages arrive in between. */
async function run(tabs: { clock: ManualClock }[], ms: number) {
  for (let passed = 0; passed < ms; passed += 50) {
    for (const tab of tabs) tab.clock.advance(50);
    await settle(2);
  }
}

const owners = (tabs: { isOwner(): boolean; tabId: string }[]) => tabs.filter((tab) => tab.isOwner()).map((tab) => tab.tabId);

describe('leaseElection (the fallback without Web Locks)', () => {
  it('makes a lone tab the owner once nobody answered its ask and its claim', async () => {
    const tab = joinTab(freshName(), 'a');
    await run([tab], 100);
    expect(tab.isOwner()).toBe(false);
    await run([tab], 300);
    expect(tab.changes).toEqual([true]);
  });

  it('keeps one owner while a second tab joins and time goes by', async () => {
    const name = freshName();
    const first = joinTab(name, 'b');
    await run([first], 400);
    const second = joinTab(name, 'a'); // a smaller id does not steal a held lease
    await run([first, second], 10_000);
    expect(owners([first, second])).toEqual(['b']);
    expect(second.changes).toEqual([]);
  });

  it('elects exactly one of three tabs that start together', async () => {
    const name = freshName();
    const tabs = ['c', 'a', 'b'].map((id) => joinTab(name, id));
    await run(tabs, 5_000);
    expect(owners(tabs)).toEqual(['a']);
    expect(tabs.map((tab) => tab.changes.length)).toEqual([0, 1, 0]);
  });

  it('hands over at once when the owner leaves', async () => {
    const name = freshName();
    const first = joinTab(name, 'a');
    await run([first], 400);
    const second = joinTab(name, 'b');
    await run([first, second], 400);
    first.leave();
    expect(first.changes).toEqual([true, false]);
    await run([second], 400); // far less than the 3 s lease
    expect(second.isOwner()).toBe(true);
  });

  it('replaces a frozen owner after the lease expires, and the owner steps down when it wakes', async () => {
    const name = freshName();
    const frozen = joinTab(name, 'a');
    await run([frozen], 400);
    const other = joinTab(name, 'b');
    await run([frozen, other], 1_000);
    expect(owners([frozen, other])).toEqual(['a']);

    frozen.freeze();
    await run([other], 2_500); // no renewal from the frozen owner
    expect(other.isOwner()).toBe(false);
    await run([other], 1_000);
    expect(other.isOwner()).toBe(true);

    frozen.wake();
    await run([frozen, other], 2_000); // the old owner wakes up and renews its old term
    expect(owners([frozen, other])).toEqual(['b']);
    expect(frozen.changes).toEqual([true, false]);
  });

  it('ignores values of another shape on its channel', async () => {
    const name = freshName();
    const owner = joinTab(name, 'b');
    await run([owner], 400);
    const follower = joinTab(name, 'c');
    await run([owner, follower], 400);
    const intruder = new BroadcastChannel(`${name}/lease`);
    for (const junk of [null, 42, 'release', { v: 1, kind: 'release', from: 'x', term: -1 }, { v: 2, kind: 'release', from: 'x', term: 9 }])
      intruder.postMessage(junk);
    intruder.close();
    await run([owner, follower], 2_000);
    expect(owners([owner, follower])).toEqual(['b']);
    expect(follower.changes).toEqual([]);
  });
});
