/**
 * Where the chat keeps its state in a {@link KeyValueStore}. Every key is namespaced by backend and
 * scope (endpoint / project / deployment), and the conversation also by visitor, so two sites, two
 * backends or two users of one browser never see each other's data:
 *
 * - `parley/<backend>/<scope>/visitor` → {@link VisitorRecord} (who this browser is for this backend);
 * - `parley/<backend>/<scope>/<visitorId>/chat` → {@link ConversationRecord}, written as ONE value so
 *   the history and the outbox (its messages with status `sending`) can never disagree after a reload.
 *
 * The cache never fails the chat: an operation that fails is logged (debug mode) and reads as empty.
 * (The default store already falls back to memory when IndexedDB fails.)
 */
import type { KeyValueStore } from '../storage/store';
import type { SessionRef, TransportEnv } from './transport';
import type { Identity, Message } from './types';

export interface VisitorRecord {
  id: string;
  identity?: Identity;
}

export interface ConversationRecord {
  session?: SessionRef;
  /** The newest messages (at most {@link MAX_CACHED}), including the queued ones (status `sending`). */
  messages: readonly Message[];
  hasOlder?: boolean;
}

/** Messages kept per conversation. */
export const MAX_CACHED = 500;

/**
 * The cache of one backend instance: `get()`/`set(undefined, v)` the {@link VisitorRecord},
 * `get(visitorId)`/`set(visitorId, c)` a {@link ConversationRecord} (the newest {@link MAX_CACHED}
 * messages are kept), `del(visitorId)` forgets a visitor's conversation.
 */
export interface Cache {
  get(): Promise<VisitorRecord | undefined>;
  get(visitorId: string): Promise<ConversationRecord | undefined>;
  set(visitorId: undefined, v: VisitorRecord): Promise<unknown>;
  set(visitorId: string, c: ConversationRecord): Promise<unknown>;
  del(visitorId: string): Promise<unknown>;
}

/** The cache of `backend` + `scope` on `store`; failures go to `log`. */
export function createCache(store: KeyValueStore, backend: string, scope: string, log?: TransportEnv['log']): Cache {
  const base = `parley/${encodeURIComponent(backend)}/${encodeURIComponent(scope)}/`;
  const key = (visitorId?: string) => base + (visitorId ? encodeURIComponent(visitorId) + '/chat' : 'visitor');
  const safe = <T>(p: Promise<T>) => p.catch((e) => void log?.('warn', 'cache', e));
  return {
    get: (id?: string) => safe(store.get(key(id))),
    set: (id: string | undefined, v: VisitorRecord | ConversationRecord) =>
      safe(store.set(key(id), 'messages' in v ? { ...v, messages: v.messages.slice(-MAX_CACHED) } : v)),
    del: (id) => safe(store.del(key(id))),
  } as Cache;
}
