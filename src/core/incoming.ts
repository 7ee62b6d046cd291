/**
 * Messages coming in (connect history, live frames, catch-ups, older pages): merged into the list
 * (messages.ts orders and de-duplicates), new incoming ones announced to the host, counted as unread
 * while the window is closed, and marked read once the visitor can see them.
 */
import { warnOnFailure, type ChatContext } from './chat-context';
import { merge, slim, type Claim } from './messages';
import type { Persistence } from './persistence';
import type { Message } from './types';

export type Incoming = ReturnType<typeof createIncoming>;

/**
 * `claimable()` is the visitor's queued message whose send may already be on the server (see
 * outbox.ts): an echo may claim it. `windowOpen()` says whether the visitor can see the conversation
 * (default: this chat's window is open; with several tabs: a window in any of them).
 */
export function createIncoming(
  context: ChatContext,
  persistence: Persistence,
  claimable: () => Claim | undefined,
  windowOpen: () => boolean = () => context.state.isOpen.value,
) {
  const { state, transport, timers, log, serverClock } = context;
  /** Incoming ids not yet marked read. */
  let unseen: string[] = [];

  /** Marks what the visitor has seen as read (once connected, while the window is open). */
  function flushRead() {
    if (!context.run.connected || !windowOpen() || !unseen.length) return;
    if (transport.capabilities.readReceipts) transport.markRead!(unseen).catch(warnOnFailure(log, 'markRead'));
    unseen = [];
  }

  /** Merges `list`; when `live`, the new incoming ones are announced (and counted while closed). */
  function receive(list: readonly Message[], live: boolean) {
    if (!list.length) return;
    for (const message of list) serverClock.observe(message.createdAt);
    const known = new Set(state.messages.value.map((message) => message.id));
    persistence.setList(merge(state.messages.value, list, claimable()));
    if (!live) return;
    const fresh: Message[] = [];
    for (const message of list) {
      // A batch may carry one id twice: count it once.
      if (message.sender === 'visitor' || known.has(message.id)) continue;
      known.add(message.id);
      fresh.push(message);
    }
    if (!fresh.length) return;
    timers.cancel('agentTyping');
    state.agentTyping.value = null;
    unseen.push(...fresh.map((message) => message.id));
    flushRead();
    for (const message of fresh) state.emit('message', slim(message));
    if (!windowOpen()) state.setUnread(state.unread.value + fresh.length);
  }

  return {
    receive,
    flushRead,
    /** Forgets what was not yet marked read and zeroes the unread count (a new conversation). */
    clearUnread() {
      unseen = [];
      state.setUnread(0);
    },
  };
}
