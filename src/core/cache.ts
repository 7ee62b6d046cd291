/**
 * Where the chat keeps its state in a {@link KeyValueStore}. Every key is namespaced by backend and
 * scope (endpoint / project / deployment), and the conversation also by visitor, so two sites, two
 * backends or two users of one browser never see each other's data:
 *
 * - `parley/<backend>/<scope>/visitor` → {@link VisitorRecord} (who this browser is for this backend);
 * - `parley/<backend>/<scope>/<visitorId>/chat` → {@link ConversationRecord}, written as ONE value so
 *   the outbox and the messages it refers to can never disagree after a reload.
 */
import type { KeyValueStore } from '../storage/store';
import type { SessionRef } from '../transports/transport';
import type { OutboxEntry } from './outbox';
import type { Identity, Message } from './types';

export interface VisitorRecord {
  id: string;
  identity?: Identity;
}

export interface ConversationRecord {
  session?: SessionRef;
  /** The newest messages (at most {@link MAX_CACHED}). */
  messages: readonly Message[];
  outbox: readonly OutboxEntry[];
  hasOlder?: boolean;
}

/** Messages kept per conversation. */
export const MAX_CACHED = 500;

/** The cache of one backend instance. */
export interface Cache {
  visitor(): Promise<VisitorRecord | undefined>;
  setVisitor(v: VisitorRecord): Promise<void>;
  conversation(visitorId: string): Promise<ConversationRecord | undefined>;
  setConversation(visitorId: string, c: ConversationRecord): Promise<void>;
  /** Deletes everything of one visitor (conversation and any future per-visitor key). */
  forget(visitorId: string): Promise<void>;
}

/** The cache of `backend` + `scope` on `store`. */
export function createCache(store: KeyValueStore, backend: string, scope: string): Cache {
  const base = `parley/${encodeURIComponent(backend)}/${encodeURIComponent(scope)}/`;
  const ns = (visitorId: string) => `${base}${encodeURIComponent(visitorId)}/`;
  return {
    visitor: () => store.get<VisitorRecord>(base + 'visitor'),
    setVisitor: (v) => store.set(base + 'visitor', v),
    conversation: (id) => store.get<ConversationRecord>(ns(id) + 'chat'),
    setConversation: (id, c) => store.set(ns(id) + 'chat', { ...c, messages: c.messages.slice(-MAX_CACHED) }),
    async forget(id) {
      for (const key of await store.keys(ns(id))) await store.del(key);
    },
  };
}
