/**
 * Who this browser is for this backend: the visitor record (a random id, and the identity given by
 * `identify()` or `config.user`), read once from the cache and written back on every change.
 * Another user on the same browser gets another visitor, so they never see each other's chats.
 */
import type { Cache, VisitorRecord } from './cache';
import { warnOnFailure, type ChatContext } from './chat-context';
import { uuid } from './env';
import type { Identity } from './types';

export type Visitor = ReturnType<typeof createVisitor>;

const sameIdentity = (left?: Identity, right?: Identity) => JSON.stringify(left) === JSON.stringify(right);

export function createVisitor(context: ChatContext, cache: Cache) {
  const { state, transport, log } = context;
  let current: VisitorRecord | undefined; // known once restored
  let wanted: Identity | undefined = context.config.user; // the identity asked for; applied by restore()

  /**
   * Persists the visitor, with `user` as its identity (told to the backend if it changed while connected).
   * `stored`: the record as read from the cache; when nothing changed it is not written again, so the
   * conversation is read without waiting behind a write (a reload shows the history sooner).
   */
  function adopt(user?: Identity, stored?: VisitorRecord): Promise<unknown> {
    const visitor = current!;
    if (user && !sameIdentity(user, visitor.identity)) {
      current = { ...visitor, identity: user };
      if (context.run.connected) transport.identify?.(user).catch(warnOnFailure(log, 'identify'));
    }
    state.identity.value = current!.identity ?? null;
    return current === stored ? Promise.resolve() : cache.setVisitor(current!);
  }

  return {
    /** The visitor record; only after {@link restore}. */
    get record(): VisitorRecord {
      return current!;
    },
    /** The visitor's id, or undefined before {@link restore}. */
    get id(): string | undefined {
      return current?.id;
    },
    /** Sets the identity the next {@link restore} applies (`undefined`: anonymous). */
    want(user: Identity | undefined) {
      wanted = user;
    },
    adopt,

    /**
     * Reads the visitor from the cache; when another user is wanted, that user gets a new visitor.
     * Returns the id of the stored visitor that was another user's (its conversation is the caller's to drop).
     */
    async restore(): Promise<string | undefined> {
      const stored = await cache.getVisitor();
      const otherUser = !!stored?.identity && !!wanted && stored.identity.id !== wanted.id;
      current = stored && !otherUser ? stored : { id: uuid() };
      await adopt(wanted, stored);
      return otherUser ? stored!.id : undefined;
    },

    /** Starts a new visitor (with `next` as identity) and persists it; returns the previous visitor's id. */
    async replace(next?: Identity): Promise<string> {
      const previousId = current!.id;
      current = { id: uuid(), identity: next };
      await adopt();
      return previousId;
    },
  };
}
