import { describe, expect, it } from 'vitest';
import { confirm, merge } from '../../src/core/messages';
import type { Message } from '../../src/core/types';
import { applyDelta, diffList } from '../../src/tabs/list-delta';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString();
const incoming = (index: number): Message => ({ id: `m${index}`, text: `operator ${index}`, sender: 'agent', createdAt: at(index) });
const conversation = (count: number) => merge([], Array.from({ length: count }, (_, index) => incoming(index)));

/** What a follower holding `before` shows after the delta from `before` to `after`. */
function roundTrip(before: readonly Message[], after: readonly Message[]) {
  const delta = diffList(before, after);
  return { delta, shown: delta && applyDelta(before, delta) };
}

describe('list deltas between tabs', () => {
  it('sends one incoming message into a 2,000-message conversation as one row', () => {
    const before = conversation(2000);
    const after = merge(before, [incoming(2000)]);
    const { delta, shown } = roundTrip(before, after);
    expect(delta).toEqual({ length: 2001, at: [2000], rows: [incoming(2000)], removed: [] });
    expect(shown).toEqual(after);
  });

  it('sends a receipt on an earlier message as that row alone', () => {
    const sent: Message = { id: 'c1', clientId: 'c1', text: 'mine', sender: 'visitor', createdAt: at(3), status: 'sending' };
    const before = merge(conversation(50), [sent]);
    const after = merge(before, [{ ...sent, status: 'failed' }]);
    const { delta, shown } = roundTrip(before, after);
    expect(delta?.rows.map((row) => row.status)).toEqual(['failed']);
    expect(shown).toEqual(after);
  });

  it('carries a confirmed send that changed its id and place', () => {
    const sent: Message = { id: 'c1', clientId: 'c1', text: 'mine', sender: 'visitor', createdAt: at(90), status: 'sending' };
    const before = merge(conversation(40), [sent]);
    // The server's time puts it before the last two messages.
    const after = confirm(before, 'c1', { id: 's1', createdAt: at(37) });
    expect(after.findIndex((message) => message.id === 's1')).toBeLessThan(after.length - 1);
    const { delta, shown } = roundTrip(before, after);
    expect(delta).toBeDefined();
    expect(shown).toEqual(after);
  });

  it('carries removed rows', () => {
    const before = conversation(30);
    const after = before.filter((message) => message.id !== 'm12');
    const { delta, shown } = roundTrip(before, after);
    expect(delta?.removed).toEqual(['m12']);
    expect(shown).toEqual(after);
  });

  it('sends the whole list when most of it changed (another conversation, an older page)', () => {
    const before = conversation(20);
    expect(diffList(before, conversation(20).map((message) => ({ ...message, text: 'other' })))).toBeUndefined();
    const older = Array.from({ length: 40 }, (_, index) => ({ ...incoming(index), id: `old${index}`, createdAt: new Date(Date.UTC(2025, 0, 1, 0, index)).toISOString() }));
    expect(diffList(before, merge(before, older))).toBeUndefined();
  });

  it('refuses a delta that does not fit the list the follower holds (it asks for the whole list)', () => {
    const before = conversation(10);
    const delta = diffList(before, merge(before, [incoming(10)]))!;
    expect(applyDelta(conversation(9), delta)).toBeUndefined();
    expect(applyDelta(conversation(12), delta)).toBeUndefined();
    const removing = diffList(before, before.slice(1))!;
    expect(applyDelta(conversation(3), removing)).toBeUndefined();
  });

  it('gives the same list as the owner over a bounded sequence of mixed changes', () => {
    let owner: readonly Message[] = conversation(100);
    let follower = owner;
    for (let step = 0; step < 60; step++) {
      const next =
        step % 3 === 0
          ? merge(owner, [incoming(100 + step)])
          : step % 3 === 1
            ? merge(owner, [{ ...owner[(step * 7) % owner.length]!, text: `edited ${step}` }])
            : owner.filter((_, position) => position !== (step * 5) % owner.length);
      const delta = diffList(owner, next);
      follower = delta ? applyDelta(follower, delta)! : next.slice();
      owner = next;
      expect(follower, `step ${step}`).toEqual(owner);
    }
  });
});
