import { describe, expect, it } from 'vitest';
import { confirm, lastServerId, merge, patch, slim } from '../../src/core/messages';
import type { Message } from '../../src/core/types';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const iso = (s: number) => new Date(T0 + s * 1000).toISOString();
const agent = (id: string, s: number, text = id): Message => ({ id, text, sender: 'agent', createdAt: iso(s) });
const visitor = (id: string, s: number, text = id): Message => ({ id, text, sender: 'visitor', createdAt: iso(s) });
const optimistic = (clientId: string, s: number, text: string): Message => ({
  id: clientId,
  clientId,
  text,
  sender: 'visitor',
  createdAt: iso(s),
  status: 'sending',
});
const ids = (list: readonly Message[]) => list.map((m) => m.id);

describe('merge()', () => {
  it('orders messages by createdAt, then by arrival', () => {
    const list = merge([], [agent('b', 2), agent('a', 1), agent('c', 2)]);
    expect(ids(list)).toEqual(['a', 'b', 'c']);
    expect(ids(merge(list, [agent('d', 1)]))).toEqual(['a', 'd', 'b', 'c']);
  });

  it('keeps one copy of a message that arrives twice, the last write winning', () => {
    const list = merge([agent('a', 1, 'first')], [agent('a', 1, 'second'), agent('a', 1, 'third')]);
    expect(list).toHaveLength(1);
    expect(list[0]!.text).toBe('third');
  });

  it('returns the same list when nothing comes in', () => {
    const list = merge([], [agent('a', 1)]);
    expect(merge(list, [])).toBe(list);
  });

  it('never moves a receipt backwards when a stale copy arrives', () => {
    const list = merge([{ ...visitor('v', 1), status: 'read' }], [{ ...visitor('v', 1), status: 'sent' }, visitor('v', 1)]);
    expect(list[0]!.status).toBe('read');
  });

  it('keeps a deleted message deleted and its text hidden, whatever history says', () => {
    let list = merge([], [{ ...agent('a', 1, 'secret'), deleted: true, attachments: [{ id: 'f', name: 'f.png', type: 'image/png', size: 3, url: 'https://files.example/f.png' }] }]);
    expect(list[0]).toMatchObject({ text: '', deleted: true });
    expect(list[0]!.attachments).toBeUndefined();
    list = merge(list, [agent('a', 1, 'secret')]);
    expect(list[0]).toMatchObject({ text: '', deleted: true });
  });

  it('keeps only the fields rendering needs', () => {
    const raw = { ...agent('a', 1), sessionId: 'x', metadata: { big: true } } as Message;
    expect(Object.keys(slim(raw)).sort()).toEqual(['createdAt', 'id', 'sender', 'text']);
    expect(merge([], [raw])[0]).not.toHaveProperty('sessionId');
  });
});

describe('own messages and their echoes', () => {
  it('keeps the server id and time of a confirmed send when a stale optimistic copy of it is merged in (a tab taking over)', () => {
    const confirmed = confirm(merge([], [optimistic('c1', 5, 'hello')]), 'c1', { id: 's1', createdAt: iso(6) });
    // The tab taking over still shows the old owner's copy from before the confirmation.
    const list = merge(confirmed, [optimistic('c1', 5, 'hello')]);
    expect(list).toEqual([{ id: 's1', clientId: 'c1', text: 'hello', sender: 'visitor', createdAt: iso(6), status: 'sent' }]);
    // So the server's copy of it, from the connect that follows, is the same row.
    expect(merge(list, [visitor('s1', 6, 'hello')])).toHaveLength(1);
  });

  it('folds an echo that comes after the send result into the sent message', () => {
    let list = merge([], [optimistic('c1', 5, 'hello')]);
    list = confirm(list, 'c1', { id: 's1', createdAt: iso(6) });
    expect(list).toEqual([{ id: 's1', clientId: 'c1', text: 'hello', sender: 'visitor', createdAt: iso(6), status: 'sent' }]);
    list = merge(list, [visitor('s1', 6, 'hello')]);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: 's1', clientId: 'c1', status: 'sent' });
  });

  it('matches an echo that carries the clientId', () => {
    const list = merge(merge([], [optimistic('c1', 5, 'hi')]), [{ ...visitor('s9', 6, 'hi'), clientId: 'c1' }]);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: 's9', clientId: 'c1' });
  });

  it('never shows an echo that arrives before the send result next to the optimistic copy', () => {
    const sending = optimistic('c1', 5, 'hello');
    let list = merge([agent('a', 1)], [sending]);
    list = merge(list, [visitor('s1', 6, 'hello')], { message: sending });
    expect(ids(list)).toEqual(['a', 's1']);
    expect(list[1]).toMatchObject({ clientId: 'c1', status: 'sending' });
    list = confirm(list, 'c1', { id: 's1', createdAt: iso(6) });
    expect(list).toHaveLength(2);
    expect(list[1]).toMatchObject({ id: 's1', clientId: 'c1', status: 'sent' });
  });

  it('folds an early echo on confirmation even when it could not be claimed', () => {
    // Server trimmed the text: no claim, but the send result names the echo's id.
    let list = merge([], [optimistic('c1', 5, 'hello')]);
    list = merge(list, [visitor('s1', 6, 'hello (edited by server)')]);
    expect(list).toHaveLength(2);
    list = confirm(list, 'c1', { id: 's1', createdAt: iso(6) });
    expect(list).toEqual([
      { id: 's1', clientId: 'c1', text: 'hello (edited by server)', sender: 'visitor', createdAt: iso(6), status: 'sent' },
    ]);
  });

  it('gives a wrongly claimed message back its own place when the real id differs', () => {
    const sending = optimistic('c1', 5, 'ok');
    let list = merge([], [sending]);
    list = merge(list, [visitor('other', 6, 'ok')], { message: sending });
    expect(list).toHaveLength(1);
    list = confirm(list, 'c1', { id: 's2', createdAt: iso(7) });
    expect(ids(list)).toEqual(['other', 's2']);
    expect(list[0]!.clientId).toBeUndefined();
    expect(list[1]).toMatchObject({ clientId: 'c1', status: 'sent' });
  });

  it('does not claim an echo with other text, from an agent, or stored before the server can have received the message', () => {
    const sending = optimistic('c1', 100, 'hello');
    // The server can have stored it from second 40 on (a server time, see server-clock.ts).
    const claim = { message: sending, notBefore: T0 + 40_000 };
    const base = merge([], [sending]);
    expect(merge(base, [visitor('x', 101, 'bye')], claim)).toHaveLength(2);
    expect(merge(base, [visitor('y', 39, 'hello')], claim)).toHaveLength(2);
    expect(merge(base, [agent('z', 101, 'hello')], claim)).toHaveLength(2);
    expect(merge(base, [visitor('w', 41, 'hello')], claim)).toHaveLength(1);
    // Nothing known of the server's clock: no time rules the echo out.
    expect(merge(base, [visitor('v', -5000, 'hello')], { message: sending })).toHaveLength(1);
  });

  it('moves the confirmed message to the server time', () => {
    let list = merge([], [optimistic('c1', 10, 'me'), agent('a', 8)]);
    expect(ids(list)).toEqual(['a', 'c1']);
    list = confirm(list, 'c1', { id: 's1', createdAt: iso(7) });
    expect(ids(list)).toEqual(['s1', 'a']);
  });
});

describe('patch()', () => {
  const sent: Message = { ...visitor('v', 1, 'hi'), clientId: 'c', status: 'sent' };

  it('edits text and records the edit time', () => {
    const list = patch([sent], { id: 'v', text: 'hello', editedAt: iso(3) });
    expect(list[0]).toMatchObject({ text: 'hello', editedAt: iso(3) });
  });

  it('hides the text of a deleted message and ignores later edits', () => {
    let list = patch([sent], { id: 'v', deleted: true });
    expect(list[0]).toMatchObject({ text: '', deleted: true });
    list = patch(list, { id: 'v', text: 'back?' });
    expect(list[0]!.text).toBe('');
  });

  it('moves receipts only forward: sent → delivered → read', () => {
    let list = patch([sent], { id: 'v', status: 'read' });
    expect(list[0]!.status).toBe('read');
    list = patch(list, { id: 'v', status: 'delivered' });
    expect(list[0]!.status).toBe('read');
    expect(patch([sent], { id: 'v', status: 'delivered' })[0]!.status).toBe('delivered');
  });

  it('finds a message by its clientId and ignores unknown ids', () => {
    expect(patch([sent], { id: 'c', status: 'delivered' })[0]!.status).toBe('delivered');
    const list = [sent];
    expect(patch(list, { id: 'nope', text: 'x' })).toBe(list);
  });
});

describe('lastServerId()', () => {
  it('skips messages the server has not confirmed', () => {
    const list = merge([], [agent('a', 1), optimistic('c1', 2, 'x')]);
    expect(lastServerId(list)).toBe('a');
    expect(lastServerId([])).toBeUndefined();
  });
});
