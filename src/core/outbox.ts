/**
 * The outbox is the list itself: the visitor's messages with status `sending`, in list order. They
 * are sent one at a time, with jittered exponential backoff between attempts, only while online. A
 * message gives up (`failed`) after a refusal or {@link MAX_ATTEMPTS} attempts; `retry()` queues it
 * again.
 *
 * Never twice. A send whose answer was lost (network error after the server stored it, or a page
 * closed mid-flight) is ambiguous. So before any attempt that may follow an earlier one (a retry, or
 * a message restored from the cache), the outbox catches up with the backend (`fetchSince`) and
 * accepts, as the confirmation, a visitor message with the same text created no earlier than one
 * minute (clock skew) before the message was written (see `merge` in messages.ts). If it finds one,
 * that is the message and nothing is sent again. The rule is honest, not magic: an identical text
 * sent from another tab within that window is taken for ours.
 */
import { retryDelay } from './backoff';
import type { ChatContext } from './chat-context';
import { ParleyError, toParleyError } from './errors';
import type { Incoming } from './incoming';
import { confirm, find, lastServerId, merge, patch } from './messages';
import type { Persistence } from './persistence';
import type { SendResult } from './transport';
import type { Message } from './types';

export type Outbox = ReturnType<typeof createOutbox>;

/** Attempts (catch-ups and sends) before a message is `failed`. */
export const MAX_ATTEMPTS = 6;
const MAX_TEXT_LENGTH = 4000;

/** The visitor's text, trimmed; a `validation` error when it is empty or longer than 4000 characters. */
export function checkText(text: string): string {
  const trimmed = String(text).trim();
  if (!trimmed || trimmed.length > MAX_TEXT_LENGTH) throw new ParleyError('validation', `A message must have 1 to ${MAX_TEXT_LENGTH} characters`);
  return trimmed;
}

export function createOutbox(context: ChatContext, persistence: Persistence, visitorId: () => string | undefined) {
  const { state, transport, timers, random } = context;
  /** clientId → attempts made; a message in here may already be on the server. */
  const attempts = new Map<string, number>();
  /** The visitor whose send is in flight (one at a time per visitor). */
  let inFlightFor: string | undefined;
  /** Set once the chat's parts are wired (the outbox and the incoming list need each other). */
  let incoming: Incoming | undefined;

  /** The backend's answer for `clientId` once confirmed: it then carries a server id (the send's answer, or an echo that claimed it). */
  function confirmation(clientId: string): SendResult | undefined {
    const message = find(state.messages.value, clientId);
    return message && message.id !== clientId ? message : undefined;
  }

  function giveUp(clientId: string) {
    state.messages.value = patch(state.messages.value, { id: clientId, status: 'failed' });
    persistence.save();
  }

  /**
   * Sends the first queued message. A stop (end, error, destroy) lets an answer already on its way
   * still confirm its message, but nothing new is sent until the next start; an answer for another
   * visitor (after reset() or a new user) is dropped.
   */
  async function pump(): Promise<void> {
    const queued = state.messages.value.find((message) => message.status === 'sending');
    const visitor = visitorId();
    if (!queued || !context.run.connected || state.status.value !== 'online') return;
    if (inFlightFor === visitor || timers.isPending('send')) return;
    const clientId = queued.clientId!;
    const generation = context.run.generation;
    inFlightFor = visitor;
    try {
      let result = confirmation(clientId);
      if (!result && attempts.has(clientId)) {
        const list = await transport.fetchSince(lastServerId(state.messages.value));
        if (visitor !== visitorId()) return;
        incoming!.receive(list, true);
        result = confirmation(clientId);
      }
      if (!result) {
        if (generation !== context.run.generation) return;
        attempts.set(clientId, (attempts.get(clientId) ?? 0) + 1);
        result = await transport.send({ clientId, text: queued.text, replyTo: queued.replyTo });
        if (visitor !== visitorId()) return;
      }
      state.messages.value = confirm(state.messages.value, clientId, result);
      persistence.save();
      state.emit('sent', find(state.messages.value, clientId)!);
    } catch (failure) {
      if (generation !== context.run.generation) return; // stopped: it waits, queued, for the next start
      const error = toParleyError(failure);
      const attemptsMade = attempts.get(clientId)!; // set before the catch-up or the send that failed
      if (error.retryable && attemptsMade < MAX_ATTEMPTS) {
        timers.start('send', () => void pump(), retryDelay(error, attemptsMade - 1, random));
      } else {
        giveUp(clientId);
        state.emit('error', error);
      }
    } finally {
      if (inFlightFor === visitor) inFlightFor = undefined;
      // Also after a send of a stopped chat failed: a restarted one waits for this turn to end.
      void pump();
    }
  }

  return {
    pump,
    connectTo(parts: Incoming) {
      incoming = parts;
    },

    /** Queues a new message (status `sending`) and saves it at once; `pump()` sends it. */
    enqueue(message: Message) {
      state.messages.value = merge(state.messages.value, [message]);
      persistence.save();
    },

    /** Queues a `failed` message again; it is looked for on the server before it is sent again. */
    retry(id: string) {
      const message = find(state.messages.value, id);
      if (message?.status !== 'failed') return;
      attempts.set(message.clientId!, 0); // it was tried: look before sending again
      state.messages.value = patch(state.messages.value, { id, status: 'sending' });
      persistence.save();
      void pump();
    },

    /** Messages queued by an earlier page: an attempt may have reached the server. */
    markRestored(clientIds: readonly string[]) {
      for (const clientId of clientIds) attempts.set(clientId, 0);
    },

    /** The queued message whose send result is unknown and may be claimed by an echo. */
    claimable: (): Message | undefined => state.messages.value.find((message) => message.status === 'sending' && attempts.has(message.clientId!)),

    /** Back online: the backoff wait is over. */
    stopWaiting() {
      timers.cancel('send');
    },
  };
}
