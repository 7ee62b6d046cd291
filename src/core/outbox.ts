/**
 * The outbox is the list itself: the visitor's messages with status `sending`, in list order. They
 * are sent one at a time, with jittered exponential backoff between attempts, only while online. A
 * message gives up (`failed`) after a refusal or {@link MAX_ATTEMPTS} attempts; `retry()` queues it
 * again.
 *
 * Never twice. A send whose answer was lost (network error after the server stored it, or a page
 * closed mid-flight) is ambiguous. So before any attempt that may follow an earlier one (a retry, or
 * a message restored from the cache), the outbox catches up with the backend (`fetchSince`) and
 * accepts, as the confirmation, a visitor message with the same text stored no earlier than the
 * server can have received ours. That time is on the SERVER's clock (server-clock.ts: learned from
 * the backend's own timestamps), so a visitor clock minutes off changes nothing. If it finds one,
 * that is the message and nothing is sent again. The rule is honest, not magic: an identical text
 * sent from another tab after ours was written is taken for ours. Every send carries the message's
 * `clientId`, for backends that take an idempotency key.
 */
import { effect } from '@preact/signals-core';
import { retryDelay } from './backoff';
import type { ChatContext } from './chat-context';
import { ParleyError, toParleyError } from './errors';
import type { Incoming } from './incoming';
import { confirm, find, lastServerId, merge, patch, type Claim } from './messages';
import { positionOf } from './message-index';
import type { Persistence } from './persistence';
import type { SendResult } from './transport';
import type { Attachment, Message } from './types';

export type Outbox = ReturnType<typeof createOutbox>;

/** Failed attempts (catch-ups and sends) after which a message is `failed` (with an `error` event; `retry()` queues it again). */
export const MAX_ATTEMPTS = 6;
const MAX_TEXT_LENGTH = 4000;

/** The visitor's text, trimmed; a `validation` error when it is empty or longer than 4000 characters. */
export function checkText(text: string): string {
  const trimmed = String(text).trim();
  if (!trimmed || trimmed.length > MAX_TEXT_LENGTH) throw new ParleyError('validation', `A message must have 1 to ${MAX_TEXT_LENGTH} characters`);
  return trimmed;
}

/** A visitor's message still waiting to upload its file. */
const isQueuedFile = (message: Message) => message.id === message.clientId && (message.status === 'sending' || message.status === 'failed');

export function createOutbox(context: ChatContext, persistence: Persistence, visitorId: () => string | undefined) {
  const { state, transport, timers, random, serverClock, retry } = context;
  /** clientIds of messages an attempt may already have delivered: look (catch up) before sending again. */
  const mayBeOnServer = new Set<string>();
  /** clientId → failed attempts (catch-ups and sends) in a row. */
  const failures = new Map<string, number>();
  /** The visitor whose send is in flight (one at a time per visitor). */
  let inFlightFor: string | undefined;
  /** Set once the chat's parts are wired (the outbox and the incoming list need each other). */
  let incoming: Incoming | undefined;

  /** The backend's answer for `clientId` once confirmed: it then carries a server id (the send's answer, or an echo that claimed it). */
  function confirmation(clientId: string): SendResult | undefined {
    const message = find(state.messages.value, clientId);
    return message && message.id !== clientId ? message : undefined;
  }

  /**
   * The attachments to send with a queued message: its file is uploaded first (once: a later attempt
   * reuses the stored copy, which then also replaces the local preview in the list).
   */
  async function attachmentsOf(queued: Message): Promise<Attachment[] | undefined> {
    const clientId = queued.clientId!;
    const { files } = context;
    if (!files.has(clientId)) {
      // Uploaded by an earlier page (the message carries the stored copy), or handed over by another tab
      // of this visitor (its `blob:` URL is readable while that tab lives), or lost with its page.
      const local = queued.attachments?.find((attachment) => attachment.url.startsWith('blob:'));
      if (!local) return queued.attachments;
      const file = await fetch(local.url).then((answer) => answer.blob(), () => undefined);
      if (!file) throw new ParleyError('validation', 'A file queued before the page was reloaded is lost', { reason: 'file-lost' });
      files.add(clientId, Object.assign(file, { name: local.name }), local.url);
    }
    let stored = files.stored(clientId);
    if (!stored) {
      const options = files.begin(clientId);
      try {
        stored = await transport.upload!(files.file(clientId)!, options);
      } finally {
        files.finish(clientId, stored);
      }
      state.messages.value = state.messages.value.map((message) => (message.clientId === clientId ? { ...message, attachments: [stored!] } : message));
      persistence.save();
    }
    return [stored];
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
      if (!result && mayBeOnServer.has(clientId)) {
        const list = await transport.fetchSince(lastServerId(state.messages.value));
        if (visitor !== visitorId()) return;
        incoming!.receive(list, true);
        result = confirmation(clientId);
      }
      if (!result) {
        if (generation !== context.run.generation) return;
        const attachments = await attachmentsOf(queued);
        if (generation !== context.run.generation || !find(state.messages.value, clientId)) return; // stopped or cancelled meanwhile
        mayBeOnServer.add(clientId);
        result = await transport.send({ clientId, text: queued.text, replyTo: queued.replyTo, attachments, action: queued.action, hidden: queued.hidden });
        serverClock.observe(result.createdAt);
        if (visitor !== visitorId()) return;
      }
      failures.delete(clientId);
      context.files.drop(clientId);
      state.messages.value = confirm(state.messages.value, clientId, result);
      persistence.save();
      state.emit('sent', find(state.messages.value, clientId)!);
    } catch (failure) {
      if (generation !== context.run.generation) return; // stopped: it waits, queued, for the next start
      if (!find(state.messages.value, clientId)) return; // cancelled (its upload aborted): nothing to report
      const error = toParleyError(failure);
      // Every failed attempt counts, the catch-up before a resend as much as the send.
      const failed = (failures.get(clientId) ?? 0) + 1;
      failures.set(clientId, failed);
      if (error.retryable && failed < MAX_ATTEMPTS) {
        timers.start('send', () => void pump(), retryDelay(error, failed - 1, random, retry));
      } else {
        failures.delete(clientId);
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
      mayBeOnServer.add(message.clientId!); // it was tried: look before sending again
      failures.delete(message.clientId!);
      state.messages.value = patch(state.messages.value, { id, status: 'sending' });
      persistence.save();
      void pump();
    },

    /**
     * Cancels a queued file message: its upload stops and the message is REMOVED (nothing was sent).
     * Only while the file is not uploaded yet; returns whether it was cancelled.
     */
    cancelUpload(id: string): boolean {
      const message = find(state.messages.value, id);
      const clientId = message?.clientId;
      if (!clientId || !isQueuedFile(message) || context.files.stored(clientId)) return false;
      failures.delete(clientId);
      state.messages.value = state.messages.value.filter((listed) => listed !== message);
      context.files.drop(clientId);
      persistence.save();
      return true;
    },

    /** Messages queued by an earlier page: an attempt may have reached the server. */
    markRestored(clientIds: readonly string[]) {
      for (const clientId of clientIds) mayBeOnServer.add(clientId);
    },

    /**
     * The first queued message of `list` with `text` whose send result is unknown and may be claimed by an
     * echo of that text, with the earliest server time its echo can carry.
     */
    claimable(list: readonly Message[], text: string): Claim | undefined {
      // Looked up by clientId (the list's index), oldest first: asked on every incoming echo, so no walk of the list.
      let earliest = -1;
      for (const clientId of mayBeOnServer) {
        const position = positionOf(list, clientId);
        const queued = list[position];
        // Not claimed yet (its id is still its clientId), and the text the server stored for it (as sent: trimmed).
        const isCandidate = queued?.status === 'sending' && queued.id === clientId && queued.text === text;
        if (isCandidate && (earliest < 0 || position < earliest)) earliest = position;
      }
      const message = list[earliest];
      return message && { message, notBefore: serverClock.earliestStored(message.createdAt) };
    },

    /**
     * Resolves once nothing is waiting to be sent (every queued message sent or failed), as soon as
     * the chat is not online, or after `timeoutMs`, whichever comes first.
     */
    drain(timeoutMs: number): Promise<void> {
      return new Promise<void>((resolve) => {
        let finished = false;
        let stopWatching: (() => void) | undefined;
        const finish = () => {
          if (finished) return;
          finished = true;
          context.clock.clearTimeout(timer);
          stopWatching?.();
          resolve();
        };
        const timer = context.clock.setTimeout(finish, timeoutMs);
        stopWatching = effect(() => {
          const waiting = state.messages.value.some((message) => message.status === 'sending');
          if (!waiting || state.status.value !== 'online') finish();
        });
        if (finished) stopWatching();
      });
    },

    /** Back online: the backoff wait is over. */
    stopWaiting() {
      timers.cancel('send');
    },
  };
}
