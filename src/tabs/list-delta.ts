/**
 * What changed in the owner tab's message list since its last post, and how a follower applies it, so a
 * busy conversation does not copy (and validate, and re-announce) its whole list to every tab on every
 * change: one incoming message travels as one row.
 *
 * Lists are immutable and a message that did not change is the same object in the next list, so a change
 * is found by comparing references. A row is named by its key (clientId, else id: a confirmed send keeps
 * its clientId while its id changes). A delta names:
 * - `rows`: the rows added or changed, each with `at`, its position in the new list;
 * - `removed`: the keys of rows that are gone;
 * - `length`: the new list's length (the follower checks its result against it).
 * The rows that did not change keep their order between them (lists are sorted stably), so the follower
 * takes its list without the removed and changed rows and puts the changed ones back at their positions.
 * When that does not hold (or most rows changed), {@link diffList} returns undefined: send the whole list.
 */
import { appendIndexed } from '../core/message-index';
import type { Message } from '../core/types';

type List = readonly Message[];

export interface ListDelta {
  length: number;
  at: number[];
  rows: Message[];
  removed: string[];
}

const keyOf = (message: Message): string => message.clientId || message.id;

/** Rows changed in place or appended: one walk comparing references, nothing else (the common case). */
function diffInPlace(before: List, after: List): ListDelta | undefined {
  if (after.length < before.length) return undefined;
  const delta: ListDelta = { length: after.length, at: [], rows: [], removed: [] };
  for (let position = 0; position < after.length; position++) {
    const message = after[position]!;
    const old = before[position];
    if (message === old) continue;
    if (old && keyOf(old) !== keyOf(message)) return undefined;
    delta.at.push(position);
    delta.rows.push(message);
  }
  return delta;
}

/** Any change, as long as the rows that did not change kept their order. */
function diffMoved(before: List, after: List): ListDelta | undefined {
  const beforeAt = new Map<string, number>();
  before.forEach((message, position) => beforeAt.set(keyOf(message), position));
  const delta: ListDelta = { length: after.length, at: [], rows: [], removed: [] };
  const present = new Set<string>();
  let lastKept = -1;
  for (let position = 0; position < after.length; position++) {
    const message = after[position]!;
    const key = keyOf(message);
    present.add(key);
    const old = beforeAt.get(key);
    if (old !== undefined && before[old] === message) {
      if (old < lastKept) return undefined;
      lastKept = old;
      continue;
    }
    delta.at.push(position);
    delta.rows.push(message);
  }
  for (const key of beforeAt.keys()) if (!present.has(key)) delta.removed.push(key);
  return delta;
}

/**
 * The change from `before` to `after`, or undefined when sending the whole list is simpler (the unchanged
 * rows moved, or more than half of the rows changed).
 */
export function diffList(before: List, after: List): ListDelta | undefined {
  const delta = diffInPlace(before, after) ?? diffMoved(before, after);
  if (!delta || delta.rows.length + delta.removed.length > Math.max(8, after.length / 2)) return undefined;
  return delta;
}

/** Rows changed in place or appended in order: a patched copy; otherwise undefined. */
function patch(list: List, delta: ListDelta): List | undefined {
  let appendAt = list.length;
  for (let index = 0; index < delta.rows.length; index++) {
    const position = delta.at[index]!;
    if (position < list.length ? keyOf(list[position]!) !== keyOf(delta.rows[index]!) : position !== appendAt++) return undefined;
  }
  if (appendAt !== delta.length) return undefined;
  const appended = delta.rows.slice(delta.rows.length - (delta.length - list.length));
  const replaced = new Map<number, Message>();
  let sameIds = true;
  for (let index = 0; index < delta.rows.length - appended.length; index++) {
    const position = delta.at[index]!;
    const row = delta.rows[index]!;
    replaced.set(position, row);
    sameIds &&= row.id === list[position]!.id && row.clientId === list[position]!.clientId;
  }
  // The list's index moves on with it when no row changed its ids (a long list is not walked again).
  if (sameIds) return appendIndexed(list, appended, replaced);
  const out = list.concat(appended);
  for (const [position, row] of replaced) out[position] = row;
  return out;
}

/** `list` with `delta` applied, or undefined when it does not fit (the follower asks for the whole list). */
export function applyDelta(list: List, delta: ListDelta): List | undefined {
  if (!delta.removed.length) {
    const patched = patch(list, delta);
    if (patched) return patched;
  }
  const changed = new Set(delta.rows.map(keyOf));
  const removed = new Set(delta.removed);
  const kept = list.filter((message) => !removed.has(keyOf(message)) && !changed.has(keyOf(message)));
  if (kept.length + delta.rows.length !== delta.length) return undefined;
  const out: Message[] = [];
  let keptIndex = 0;
  let rowIndex = 0;
  for (let position = 0; position < delta.length; position++) {
    if (delta.at[rowIndex] === position) out.push(delta.rows[rowIndex++]!);
    else out.push(kept[keptIndex++]!);
  }
  return rowIndex === delta.rows.length ? out : undefined;
}
