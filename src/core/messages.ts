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
import type { Message, MessagePatch, MessageStatus } from './types';

type List = readonly Message[];

/** Receipts only move forward: `sent` < `delivered` < `read`; anything else (none, `sending`, `failed`) ranks below and may change freely. */
const rank = (s: MessageStatus | undefined): number => ['sent', 'delivered', 'read'].indexOf(s!);
const time = (m: Message): number => Date.parse(m.createdAt);
const FIELDS = 'id clientId text sender senderName createdAt status replyTo editedAt deleted attachments notice buttons action hidden'.split(' ') as (keyof Message)[];

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

/** Later fields win (duplicates of one id: last write wins), but a status never moves backwards and a deletion stays. */
function combine(old: Message, m: Message): Message {
  const n = { ...old, ...slim(m) };
  if (rank(n.status) < rank(old.status)) n.status = old.status;
  n.deleted ||= old.deleted;
  return slim(n);
}

/** Sorts by createdAt; the sort is stable, so arrival order breaks ties. */
const order = (list: Message[]): List => list.sort((a, b) => time(a) - time(b));

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
 */
export function merge(list: List, incoming: List, claim?: Claim): List {
  if (!incoming.length) return list;
  const out = list.slice();
  // Both ids of every listed message → its index (long histories merge in linear time).
  const at = new Map<string | undefined, number>();
  const index = (m: Message, i: number) => {
    at.set(m.id, i);
    if (m.clientId) at.set(m.clientId, i);
  };
  out.forEach(index);
  for (const m of incoming) {
    let i = at.get(m.id) ?? at.get(m.clientId);
    if (i === undefined && claim && m.sender === 'visitor' && !m.clientId) {
      const claimedAt = at.get(claim.message.clientId)!;
      if (mayClaim(out[claimedAt], m, claim)) {
        i = claimedAt;
        claim = undefined;
      }
    }
    if (i === undefined) i = out.push(slim(m)) - 1;
    else out[i] = combine(out[i]!, m);
    index(out[i]!, i);
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
export const find = (list: List, id: string): Message | undefined => list.find((m) => m.id === id || m.clientId === id);

/**
 * Applies an edit, delete or receipt, or a local status change (`sending` ⇄ `failed`), to the message
 * with that server id or clientId (same rules as {@link merge}: receipts only move forward).
 */
export function patch(list: List, p: MessagePatch): List {
  const old = find(list, p.id);
  return old ? list.map((m) => (m === old ? combine(old, { ...p, id: old.id } as Message) : m)) : list;
}

/** Id of the newest message the server knows (the cursor for `fetchSince`). */
export function lastServerId(list: List): string | undefined {
  for (let i = list.length; i--; ) if (list[i]!.id !== list[i]!.clientId) return list[i]!.id;
  return undefined;
}
