/**
 * Messages coming in (connect history, live frames, catch-ups, older pages): merged into the list
 * (messages.ts orders and de-duplicates), new incoming ones announced to the host, counted as unread
 * while the window is closed, and marked read once the visitor can see them.
 *
 * Read marks go out in batches: a message that comes while the window is open is marked read with
 * everything else that came before the next batch (`scheduleBatch`, default ~250 ms), so a burst of
 * 300 messages costs one `markRead`, not 300. Opening the window marks at once.
 */
import { warnOnFailure, type ChatContext } from './chat-context';
import { positionOf } from './message-index';
import { merge, slim, type Claim } from './messages';
import type { Persistence } from './persistence';
import type { Message } from './types';

export type Incoming = ReturnType<typeof createIncoming>;

/** Runs `task` once, at the next batch (an animation frame, a short timer; tests pass a fake). */
export type BatchScheduler = (task: () => void) => void;

/** The default pace of read marks during a burst. */
export const READ_BATCH_MS = 250;

/**
 * `claimable(list, text)` is the visitor's first queued message of `list` with this text whose send may already
 * be on the server (see outbox.ts): an echo of that text may claim it. `windowOpen()` says whether the visitor can see the conversation
 * (default: this chat's window is open; with several tabs: a window in any of them).
 */
export function createIncoming(
  context: ChatContext,
  persistence: Persistence,
  claimable: (list: readonly Message[], text: string) => Claim | undefined,
  windowOpen: () => boolean = () => context.state.isOpen.value,
  scheduleBatch: BatchScheduler = (task) => context.timers.start('read', task, READ_BATCH_MS),
) {
  const { state, transport, timers, log, serverClock } = context;
  /** Incoming ids not yet marked read. */
  let unseen: string[] = [];
  /** The run (`context.run.generation`) in which a batch of read marks was scheduled: a stop cancels it. */
  let readScheduled: number | undefined;

  /** Marks what the visitor has seen as read (once connected, while the window is open). */
  function flushRead() {
    if (!context.run.connected || !windowOpen() || !unseen.length) return;
    if (transport.capabilities.readReceipts) transport.markRead!(unseen).catch(warnOnFailure(log, 'markRead'));
    unseen = [];
  }

  /** Marks read at the next batch what came meanwhile. */
  function flushReadSoon() {
    if (readScheduled === context.run.generation) return;
    readScheduled = context.run.generation;
    scheduleBatch(() => {
      readScheduled = undefined;
      flushRead();
    });
  }

  /**
   * Merges `list` into `before`. A merge lets one echo claim one queued message, so a list carrying
   * the echoes of several queued messages (a catch-up after the tab that sent them closed) is merged
   * up to each echo in turn, each step with the first queued message of that echo's text: the tab
   * that sent them may have sent them in another order than this one lists them.
   */
  function mergeClaiming(before: readonly Message[], list: readonly Message[]): readonly Message[] {
    let merged = before;
    let rest = list;
    // Bounded: each step takes at least one message of the list.
    for (let step = 0; step < list.length && rest.length; step++) {
      const echoAt = rest.findIndex((message) => message.sender === 'visitor' && !message.clientId);
      if (echoAt < 0) return merge(merged, rest);
      merged = merge(merged, rest.slice(0, echoAt + 1), claimable(merged, rest[echoAt]!.text));
      rest = rest.slice(echoAt + 1);
    }
    return merged;
  }

  /** Merges `list`; when `live`, the new incoming ones are announced (and counted while closed). */
  function receive(list: readonly Message[], live: boolean) {
    if (!list.length) return;
    for (const message of list) serverClock.observe(message.createdAt);
    const before = state.messages.value;
    // Looked up before the merge: the list's index moves on to the merged list (looking up `before` afterwards
    // would build its index again, a walk of the whole conversation per message).
    const fresh: Message[] = [];
    const freshIds = new Set<string>();
    for (const message of list) {
      // A batch may carry one id twice: count it once.
      if (!live || message.sender === 'visitor' || freshIds.has(message.id) || positionOf(before, message.id) >= 0) continue;
      freshIds.add(message.id);
      fresh.push(message);
    }
    persistence.setList(mergeClaiming(before, list));
    if (!fresh.length) return;
    timers.cancel('agentTyping');
    state.agentTyping.value = null;
    unseen.push(...fresh.map((message) => message.id));
    flushReadSoon();
    for (const message of fresh) state.emit('message', slim(message));
    if (!windowOpen()) state.setUnread(state.unread.value + fresh.length);
  }

  /**
   * Lists an older page of history (`loadOlder`) before the messages listed: it is older than all of them, also
   * than those stored in the same millisecond (the list orders by time, then by arrival). A message both have
   * keeps the listed copy's fields (receipts that came since).
   */
  function receiveOlder(page: readonly Message[]) {
    if (!page.length) return;
    for (const message of page) serverClock.observe(message.createdAt);
    persistence.setList(merge(page, state.messages.value));
  }

  return {
    receive,
    receiveOlder,
    flushRead,
    /** Forgets what was not yet marked read and zeroes the unread count (a new conversation). */
    clearUnread() {
      unseen = [];
      state.setUnread(0);
    },
  };
}
