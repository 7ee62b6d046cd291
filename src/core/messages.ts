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
 *   sent when it is from the visitor, has the same text and was stored no earlier than the server can
 *   have received that message (a time on the SERVER's clock: see server-clock.ts and {@link merge});
 *   `confirm()` then keeps or undoes the claim once the real server id is known.
 */
import { appendIndexed, indexOf, positionOf } from './message-index';
import type { Message, MessagePatch, MessageStatus } from './types';

type List = readonly Message[];

/** Receipts only move forward: `sent` < `delivered` < `read`; anything else (none, `sending`, `failed`) ranks below and may change freely. */
const rank = (s: MessageStatus | undefined): number => ['sent', 'delivered', 'read'].indexOf(s!);
const time = (m: Message): number => Date.parse(m.createdAt);
const FIELDS = 'id clientId text sender senderName senderAvatar createdAt status replyTo editedAt deleted attachments notice buttons action hidden'.split(' ') as (keyof Message)[];

/** Keeps only what rendering needs (transports may hand over richer objects); deleted text is hidden. */
export function slim(m: Message): Message {
  const out: Record<string, unknown> = {};
  for (const k of FIELDS) if (m[k] !== undefined) out[k] = m[k];
  if (out.deleted) {
    out.text = '';
    delete out.attachments;
  }
  return out as unknown as Message;
}

/** Later fields win (duplicates of one id: last write wins), but a status never moves backwards, a deletion stays, and a confirmed send stays confirmed. */
function combine(old: Message, update: Message): Message {
  // A stale copy of a confirmed send (another tab's last post, the cache) adds nothing: it keeps its server id and time.
  if (old.id !== old.clientId && update.id === update.clientId) return old;
  const combined = { ...old, ...slim(update) };
  if (rank(combined.status) < rank(old.status)) combined.status = old.status;
  combined.deleted ||= old.deleted;
  return slim(combined);
}

/** Sorts by createdAt (each parsed once); the sort is stable, so arrival order breaks ties. */
function order(list: Message[]): List {
  const times = new Map(list.map((message) => [message, time(message)]));
  return list.sort((earlier, later) => times.get(earlier)! - times.get(later)!);
}

/**
 * The visitor's queued message whose send result is unknown (listed, status `sending`), and the
 * earliest server time (ms) its echo can carry (undefined: unknown, nothing is ruled out).
 */
export interface Claim {
  message: Message;
  notBefore?: number;
}

/** Whether `echo` (a visitor message of unknown id) may be the server's copy of the claimable message `own`. */
const mayClaim = (own: Message | undefined, echo: Message, claim: Claim): boolean =>
  !!own && own.id === own.clientId && own.text.trim() === echo.text.trim() && (claim.notBefore === undefined || time(echo) >= claim.notBefore);

/**
 * Merges incoming messages (live, history or catch-up) into the list.
 * Matches by server id, then by clientId; a visitor message that matches nothing may claim
 * `claim.message` (only an unclaimed, unconfirmed send with the same text, by an echo stored no
 * earlier than `claim.notBefore`).
 *
 * The common case (new messages no older than the newest listed, updates that keep their ids and
 * time) appends without sorting or walking the list ({@link appendInOrder}); anything else takes the
 * full merge, with the same result.
 */
export function merge(list: List, incoming: List, claim?: Claim): List {
  if (!incoming.length) return list;
  return appendInOrder(list, incoming, claim) ?? mergeAll(list, incoming, claim);
}

/**
 * The fast path of {@link merge}, or undefined when it does not apply: each incoming message is new
 * and no older than the newest before it, or updates a message without changing its ids or time
 * (so the order stays), and none is an echo that might claim the visitor's send.
 */
function appendInOrder(list: List, incoming: List, claim?: Claim): List | undefined {
  const index = indexOf(list);
  const appended: Message[] = [];
  /** Ids of the appended messages → their position after the list's (a batch may carry one id twice). */
  const appendedAt = new Map<string, number>();
  const positionOf = (id: string | undefined) => (id === undefined ? undefined : (index.get(id) ?? appendedAt.get(id)));
  const replaced = new Map<number, Message>();
  let newest = list.length ? time(list[list.length - 1]!) : -Infinity;
  for (const message of incoming) {
    const position = positionOf(message.id) ?? positionOf(message.clientId);
    if (position !== undefined) {
      const isListed = position < list.length;
      const old = isListed ? (replaced.get(position) ?? list[position]!) : appended[position - list.length]!;
      const combined = combine(old, message);
      if (combined.id !== old.id || combined.clientId !== old.clientId || time(combined) !== time(old)) return undefined;
      if (isListed) replaced.set(position, combined);
      else appended[position - list.length] = combined;
      continue;
    }
    if (claim && message.sender === 'visitor' && !message.clientId) return undefined;
    const created = time(message);
    if (!(created >= newest)) return undefined;
    newest = created;
    appendedAt.set(message.id, list.length + appended.length);
    if (message.clientId) appendedAt.set(message.clientId, list.length + appended.length);
    appended.push(slim(message));
  }
  return appendIndexed(list, appended, replaced);
}

/** The full merge: every message indexed, then the whole list sorted (exported as the reference for tests). */
export function mergeAll(list: List, incoming: List, claim?: Claim): List {
  const out = list.slice();
  // Both ids of every listed message → its position (long histories merge in linear time).
  const positions = new Map<string | undefined, number>();
  const remember = (message: Message, position: number) => {
    positions.set(message.id, position);
    if (message.clientId) positions.set(message.clientId, position);
  };
  out.forEach(remember);
  for (const message of incoming) {
    let position = positions.get(message.id) ?? positions.get(message.clientId);
    if (position === undefined && claim && message.sender === 'visitor' && !message.clientId) {
      const claimedAt = positions.get(claim.message.clientId)!;
      if (mayClaim(out[claimedAt], message, claim)) {
        position = claimedAt;
        claim = undefined;
      }
    }
    if (position === undefined) position = out.push(slim(message)) - 1;
    else out[position] = combine(out[position]!, message);
    remember(out[position]!, position);
  }
  return order(out);
}

/**
 * The backend accepted the visitor's message `clientId` as `result.id`: the optimistic message takes
 * the server id and time and becomes `sent`. An echo already in the list under that id is folded in;
 * a wrong claim (another message with the same text) is given back its own place.
 */
export function confirm(list: List, clientId: string, result: { id: string; createdAt: string }): List {
  const own = list.find((m) => m.clientId === clientId);
  if (!own) return list;
  const echo = list.find((m) => m.id === result.id && m !== own);
  const out = list.filter((m) => m !== own && m !== echo);
  if (own.id !== clientId && own.id !== result.id) out.push({ ...own, clientId: undefined, status: 'sent' });
  out.push(combine(combine(own, echo ?? ({} as Message)), { id: result.id, createdAt: result.createdAt, status: 'sent' } as Message));
  return order(out);
}

/** Finds a message by server id or clientId. */
export const find = (list: List, id: string): Message | undefined => list[positionOf(list, id)];

/**
 * Applies an edit, delete or receipt, or a local status change (`sending` ⇄ `failed`), to the message
 * with that server id or clientId (same rules as {@link merge}: receipts only move forward).
 */
export function patch(list: List, p: MessagePatch): List {
  const position = positionOf(list, p.id);
  if (position < 0) return list;
  const old = list[position]!;
  return appendIndexed(list, [], new Map([[position, combine(old, { ...p, id: old.id } as Message)]]));
}

/** Id of the newest message the server knows (the cursor for `fetchSince`). */
export function lastServerId(list: List): string | undefined {
  for (let position = list.length - 1; position >= 0; position--) {
    const message = list[position]!;
    if (message.id !== message.clientId) return message.id;
  }
  return undefined;
}
