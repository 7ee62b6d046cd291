/**
 * Where each message of a list is: both ids of every message (server id and, for the visitor's
 * own sends, clientId) → its position. Lists are immutable, so an index belongs to one list array;
 * it is built on first use (one walk) and handed on to the list that {@link appendIndexed} makes, so
 * a conversation that grows at its end is never walked again.
 *
 * The indexes live in a WeakMap keyed by the list: a cache with no observable state (an index is
 * only ever what a walk of its list would give), dropped with the list.
 */
import type { Message } from './types';

type List = readonly Message[];
export type ListIndex = Map<string, number>;

const indexes = new WeakMap<List, ListIndex>();

function add(index: ListIndex, message: Message, position: number): void {
  index.set(message.id, position);
  if (message.clientId) index.set(message.clientId, position);
}

/** The index of `list` (built now when the list has none). */
export function indexOf(list: List): ListIndex {
  let index = indexes.get(list);
  if (!index) {
    index = new Map();
    for (let position = 0; position < list.length; position++) add(index, list[position]!, position);
    indexes.set(list, index);
  }
  return index;
}

/** Position of the message with that server id or clientId, or -1. */
export function positionOf(list: List, id: string | undefined): number {
  return id === undefined ? -1 : (indexOf(list).get(id) ?? -1);
}

/**
 * `list` with `appended` at its end and `replaced` (position → message with the same ids) swapped
 * in, indexed without a walk: the index moves from the old list to the new one.
 */
export function appendIndexed(list: List, appended: readonly Message[], replaced: ReadonlyMap<number, Message>): List {
  const index = indexOf(list);
  const out = list.concat(appended);
  for (const [position, message] of replaced) out[position] = message;
  for (let position = list.length; position < out.length; position++) add(index, out[position]!, position);
  // The old list keeps no index that now names messages it does not hold (rebuilt if it is used again).
  indexes.delete(list);
  indexes.set(out, index);
  return out;
}
