/**
 * Writes the visitor's conversation to the cache, so a reload shows it before the network answers
 * (even offline), and reads it back once at start.
 *
 * A list change is written at once, and once more 300 ms later with whatever a burst of frames
 * added meanwhile: a burst costs about two writes per 300 ms, not one per frame. Outbox changes are
 * written at once (`save`).
 */
import type { Cache } from './cache';
import type { ChatContext } from './chat-context';
import { merge } from './messages';
import type { SessionRef } from './transport';
import type { Message } from './types';

export type Persistence = ReturnType<typeof createPersistence>;

const BURST_WRITE_DELAY_MS = 300;

export function createPersistence(context: ChatContext, cache: Cache, visitorId: () => string | undefined) {
  const { state, timers } = context;
  /** What the transport needs to resume this conversation (opaque to the core). */
  let session: SessionRef | undefined;

  function write() {
    const id = visitorId();
    if (id) void cache.set(id, { session, messages: state.messages.value, hasOlder: state.hasOlder.value });
  }

  /** Writes now (and cancels the pending burst write). */
  function save() {
    timers.cancel('save');
    write();
  }

  return {
    get session(): SessionRef | undefined {
      return session;
    },
    set session(next: SessionRef | undefined) {
      session = next;
    },
    save,

    /** Sets the list, and writes it at once and again at the end of a burst. */
    setList(list: readonly Message[]) {
      state.messages.value = list;
      if (timers.isPending('save')) return;
      write();
      timers.start('save', write, BURST_WRITE_DELAY_MS);
    },

    /**
     * Reads the visitor's conversation into the state (merged with anything already listed).
     * Returns the clientIds of the messages an earlier page had queued: an attempt may have reached the server.
     */
    async restore(id: string): Promise<string[]> {
      const stored = await cache.get(id);
      if (!stored) return [];
      session = stored.session;
      state.hasOlder.value = !!stored.hasOlder;
      state.messages.value = merge(stored.messages, state.messages.value);
      return stored.messages.filter((message) => message.status === 'sending').map((message) => message.clientId!);
    },

    /** Deletes a visitor's conversation from the cache. */
    forget: (id: string) => cache.del(id),
  };
}
