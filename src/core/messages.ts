/**
 * The message list as pure functions: merge, de-duplicate, order, reconcile optimistic sends, patch.
 * Lists are immutable: every function returns a new array (or the same one when nothing changed),
 * ordered by `createdAt`, then by arrival.
 *
 * Identity of a message:
 * - the server `id`;
 * - the `clientId` of the visitor's own sends. An optimistic message starts as `{ id: clientId, clientId }`;
 *   once the backend answers it carries both ids (`{ id: serverId, clientId }`), so the list itself is the
 *   clientId → serverId map and a later echo with the server id merges into it instead of duplicating.
 * - an echo that arrives BEFORE the send result (no clientId, unknown id) may "claim" the message being
 *   sent when it is from the visitor, has the same text and was created after that send began (see
 *   {@link Claim}); `confirm()` then keeps or undoes the claim once the real server id is known.
 */
import type { Message, MessagePatch, MessageStatus } from './types';

/** The visitor's message whose send result is still unknown, and when its first attempt began (ms). */
export interface Claim {
  clientId: string;
  since: number;
}

const RANK: Record<MessageStatus, number> = { sending: 0, failed: 0, sent: 1, delivered: 2, read: 3 };
const rank = (s: MessageStatus | undefined): number => (s ? RANK[s] : -1);
const time = (m: Message): number => Date.parse(m.createdAt);
const FIELDS = 'id clientId text sender senderName createdAt status replyTo editedAt deleted attachments'.split(' ');

/** Keeps only what rendering needs (transports may hand over richer objects); deleted text is hidden. */
export function slim(m: Message): Message {
  const out: Record<string, unknown> = {};
  for (const k of FIELDS) if ((m as unknown as Record<string, unknown>)[k] !== undefined) out[k] = (m as unknown as Record<string, unknown>)[k];
  return hide(out as unknown as Message);
}

function hide(m: Message): Message {
  if (m.deleted) {
    m.text = '';
    delete m.attachments;
  }
  return m;
}

/** Later fields win (duplicates of one id: last write wins), but a status never moves backwards. */
function combine(old: Message, m: Message): Message {
  const n = { ...old, ...slim(m) };
  n.clientId = m.clientId ?? old.clientId;
  n.status = m.status && rank(m.status) >= rank(old.status) ? m.status : old.status;
  if (old.deleted) n.deleted = true;
  if (n.status === undefined) delete n.status;
  if (n.clientId === undefined) delete n.clientId;
  return hide(n);
}

/** Stable sort by createdAt (arrival order breaks ties), skipped when already ordered. */
function order(list: Message[]): Message[] {
  for (let i = 1; i < list.length; i++) {
    if (time(list[i]!) < time(list[i - 1]!)) {
      return list
        .map((m, j) => ({ m, t: time(m), j }))
        .sort((a, b) => a.t - b.t || a.j - b.j)
        .map((x) => x.m);
    }
  }
  return list;
}

/**
 * Merges incoming messages (live, history or catch-up) into the list.
 * Matches by server id, then by clientId; a visitor message that matches nothing may claim `claim`.
 */
export function merge(list: readonly Message[], incoming: readonly Message[], claim?: Claim): readonly Message[] {
  if (!incoming.length) return list;
  const out = list.slice();
  const at = new Map<string, number>();
  const index = (m: Message, i: number) => {
    at.set(m.id, i);
    if (m.clientId) at.set(m.clientId, i);
  };
  out.forEach(index);
  for (const m of incoming) {
    let i = at.get(m.id) ?? (m.clientId !== undefined ? at.get(m.clientId) : undefined);
    if (i === undefined && claim && m.sender === 'visitor' && !m.clientId) {
      const j = at.get(claim.clientId);
      const o = j === undefined ? undefined : out[j]!;
      // Only an unclaimed, unconfirmed send with the same text, and an echo created after it began.
      if (o && o.id === o.clientId && o.status === 'sending' && o.text.trim() === m.text.trim() && time(m) >= claim.since) {
        i = j;
        claim = undefined;
      }
    }
    if (i === undefined) {
      out.push(slim(m));
      index(m, out.length - 1);
    } else {
      out[i] = combine(out[i]!, m);
      index(out[i]!, i);
    }
  }
  return order(out);
}

/**
 * The backend accepted the visitor's message `clientId` as `result.id`: the optimistic message takes
 * the server id and time and becomes `sent`. An echo already in the list under that id is folded in;
 * a wrong claim (another message with the same text) is given back its own place.
 */
export function confirm(list: readonly Message[], clientId: string, result: { id: string; createdAt: string }): readonly Message[] {
  const own = list.find((m) => m.clientId === clientId);
  if (!own) return list;
  let rest = list.filter((m) => m !== own);
  if (own.id !== clientId && own.id !== result.id) {
    const { clientId: _, ...other } = own;
    rest.push({ ...other, status: 'sent' });
  }
  const echo = rest.find((m) => m.id === result.id);
  rest = rest.filter((m) => m !== echo);
  rest.push(combine(echo ? combine(own, echo) : own, { id: result.id, createdAt: result.createdAt, status: 'sent' } as Message));
  return order(rest);
}

/** Finds a message by server id or clientId. */
export function find(list: readonly Message[], id: string): Message | undefined {
  return list.find((m) => m.id === id || m.clientId === id);
}

/** Replaces fields of one message (by id or clientId) without any rule: local state changes. */
export function update(list: readonly Message[], id: string, fields: Partial<Message>): readonly Message[] {
  return list.map((m) => (m.id === id || m.clientId === id ? { ...m, ...fields } : m));
}

/** Applies an edit, delete or receipt. Receipts only move forward: sent → delivered → read. */
export function patch(list: readonly Message[], p: MessagePatch): readonly Message[] {
  const old = find(list, p.id);
  if (!old) return list;
  const n: Message = { ...old };
  if (p.text !== undefined && !old.deleted) n.text = p.text;
  if (p.editedAt) n.editedAt = p.editedAt;
  if (p.deleted) n.deleted = true;
  if (p.status && rank(p.status) > rank(old.status)) n.status = p.status;
  return list.map((m) => (m === old ? hide(n) : m));
}

/** Id of the newest message the server knows (the cursor for `fetchSince`). */
export function lastServerId(list: readonly Message[]): string | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.id !== list[i]!.clientId) return list[i]!.id;
  return undefined;
}
