/**
 * Electing one owner among the tabs of one visitor. An election is joined under a name (backend +
 * scope + visitor) and tells its tab when it becomes the owner or stops being it; `leave()` gives the
 * place up (the next tab in line takes it).
 *
 * With the Web Locks API ({@link webLocksElection}) the browser does the electing: the owner is the tab
 * holding an exclusive lock, the others wait in its queue, and a closed or crashed tab's lock is freed by
 * the browser at once. Where the API is missing (insecure `http:` pages, older browsers, Node), the
 * lease protocol of lease.ts elects over a `BroadcastChannel` instead.
 */

/** One tab's place in an election. */
export interface Election {
  /** Leaves the election: an owner stops being it (`onOwner(false)`), a waiting tab stops waiting. Idempotent. */
  leave(): void;
}

/** Joins the election `name`; `onOwner(true)` when this tab becomes the owner, `onOwner(false)` when it stops. */
export type Elect = (name: string, onOwner: (owner: boolean) => void) => Election;

/** The part of `navigator.locks` (a `LockManager`) an election uses. */
export interface LockManagerLike {
  request(name: string, options: { mode: 'exclusive'; signal: AbortSignal }, callback: () => Promise<void> | void): Promise<unknown>;
}

/**
 * An election over the Web Locks API: the owner holds the exclusive lock `name` until it leaves (or
 * its tab closes, when the browser frees it); the other tabs wait in the lock's queue, in order.
 */
export function webLocksElection(locks: LockManagerLike): Elect {
  return (name, onOwner) => {
    const waiting = new AbortController();
    let release: (() => void) | undefined;
    let left = false;
    locks
      .request(name, { mode: 'exclusive', signal: waiting.signal }, () => {
        if (left) return;
        onOwner(true);
        return new Promise<void>((resolve) => (release = resolve));
      })
      // The request rejects with an `AbortError` when the tab left while waiting: nothing to do.
      .catch(() => undefined);
    return {
      leave() {
        if (left) return;
        left = true;
        if (release) {
          release();
          onOwner(false);
        } else waiting.abort();
      },
    };
  };
}
