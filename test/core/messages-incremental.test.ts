/**
 * The incremental merge (appending in order without sorting or walking the list) gives exactly what
 * the full merge gives: compared step by step over generated conversations (seeded, bounded), with
 * in-order and late messages, duplicates, receipts, edits, echoes of the visitor's sends and claims.
 */
import { describe, expect, it } from 'vitest';
import { confirm, find, merge, mergeAll, patch, type Claim } from '../../src/core/messages';
import type { Message, MessageStatus } from '../../src/core/types';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function seeded(seed: number) {
  let value = seed >>> 0;
  const next = () => {
    value = (value + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(value ^ (value >>> 15), 1 | value);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
  return { next, below: (count: number) => Math.floor(next() * count), pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]! };
}

const STATUSES: (MessageStatus | undefined)[] = [undefined, 'sent', 'delivered', 'read'];

/** One conversation's incoming batches: mostly new messages in order, sometimes late, repeated or changed. */
function generate(seed: number, batches: number) {
  const random = seeded(seed);
  let clock = 0;
  const sent: Message[] = [];
  const steps: { incoming: Message[]; claim?: Claim }[] = [];
  let list: readonly Message[] = [];
  for (let step = 0; step < batches; step++) {
    const incoming: Message[] = [];
    const size = 1 + random.below(4);
    for (let n = 0; n < size; n++) {
      const kind = random.next();
      if (kind < 0.55 || !sent.length) {
        clock += random.below(3); // equal times happen: arrival order breaks the tie
        const message: Message = { id: `m${sent.length}`, text: `text ${sent.length}`, sender: random.pick(['agent', 'visitor', 'bot'] as const), createdAt: iso(clock) };
        sent.push(message);
        incoming.push(message);
      } else if (kind < 0.65) {
        // Late: stored earlier than what is listed.
        const message: Message = { id: `late${sent.length}`, text: 'late', sender: 'agent', createdAt: iso(Math.max(0, clock - 1 - random.below(5))) };
        sent.push(message);
        incoming.push(message);
      } else if (kind < 0.8) incoming.push({ ...random.pick(sent), status: random.pick(STATUSES) }); // a duplicate or a receipt
      else if (kind < 0.88) incoming.push({ ...random.pick(sent), text: 'edited', editedAt: iso(clock) });
      else if (kind < 0.94) {
        // The server's echo of the visitor's send: with its clientId, or without (it may claim).
        const own = list.find((message) => message.id === message.clientId);
        const serverId = `s${sent.length}`;
        const echo: Message = { id: serverId, text: own?.text ?? 'echo', sender: 'visitor', createdAt: iso(clock) };
        if (own && random.next() < 0.5) echo.clientId = own.clientId;
        sent.push(echo);
        incoming.push(echo);
      } else {
        // Moved in time (a server correcting its timestamp).
        incoming.push({ ...random.pick(sent), createdAt: iso(random.below(clock + 1)) });
      }
    }
    let claim: Claim | undefined;
    if (random.next() < 0.15) {
      clock += 1;
      const clientId = `c${step}`;
      const own: Message = { id: clientId, clientId, text: `mine ${step}`, sender: 'visitor', createdAt: iso(clock), status: 'sending' };
      list = mergeAll(list, [own]);
      steps.push({ incoming: [own] });
      if (random.next() < 0.5) claim = { message: own, notBefore: random.next() < 0.5 ? undefined : T0 + clock * 1000 };
      if (claim) incoming.push({ id: `claim${step}`, text: own.text, sender: 'visitor', createdAt: iso(clock) });
    }
    steps.push({ incoming, claim });
    list = mergeAll(list, incoming, claim);
  }
  return steps;
}

describe('merge() incremental', () => {
  it('gives the same list as the full merge over generated conversations', () => {
    for (let seed = 1; seed <= 30; seed++) {
      let incremental: readonly Message[] = [];
      let full: readonly Message[] = [];
      for (const { incoming, claim } of generate(seed, 60)) {
        incremental = merge(incremental, incoming, claim);
        full = mergeAll(full, incoming, claim);
        // Compared as JSON: thousands of comparisons, each a deep one.
        expect(JSON.stringify(incremental), `seed ${seed}`).toBe(JSON.stringify(full));
      }
      // Lookups by id after the incremental steps find what a walk finds.
      expect(JSON.stringify(full.map((message) => find(incremental, message.id)))).toBe(JSON.stringify(full));
    }
  });

  it('gives the same list after patches and confirmations in between', () => {
    let incremental: readonly Message[] = [];
    let full: readonly Message[] = [];
    const random = seeded(7);
    for (let step = 0; step < 300; step++) {
      const message: Message = { id: `m${step}`, text: `t${step}`, sender: 'agent', createdAt: iso(step) };
      incremental = merge(incremental, [message]);
      full = mergeAll(full, [message]);
      if (step % 7 === 0) {
        const change = { id: `m${random.below(step + 1)}`, status: random.pick(STATUSES) };
        incremental = patch(incremental, change);
        full = full.map((each) => (each.id === change.id ? { ...each, ...(rankOf(change.status) > rankOf(each.status) ? { status: change.status } : {}) } : each));
      }
      if (step % 11 === 0) {
        const own: Message = { id: `c${step}`, clientId: `c${step}`, text: 'own', sender: 'visitor', createdAt: iso(step), status: 'sending' };
        incremental = confirm(merge(incremental, [own]), own.clientId!, { id: `s${step}`, createdAt: iso(step) });
        full = confirm(mergeAll(full, [own]), own.clientId!, { id: `s${step}`, createdAt: iso(step) });
      }
      expect(JSON.stringify(incremental)).toBe(JSON.stringify(full));
    }
    expect(find(incremental, 'c11')?.id).toBe('s11');
  });

  it('keeps the list it was given unchanged (lists are immutable)', () => {
    const list = merge([], [{ id: 'a', text: 'a', sender: 'agent', createdAt: iso(1) }]);
    const next = merge(list, [{ id: 'b', text: 'b', sender: 'agent', createdAt: iso(2) }]);
    expect(list.map((message) => message.id)).toEqual(['a']);
    expect(next.map((message) => message.id)).toEqual(['a', 'b']);
    // The earlier list still finds its own messages (and not the later one).
    expect(find(list, 'a')?.id).toBe('a');
    expect(find(list, 'b')).toBeUndefined();
  });
});

function rankOf(status: MessageStatus | undefined): number {
  return ['sent', 'delivered', 'read'].indexOf(status!);
}
