/**
 * The election where the Web Locks API is missing (insecure `http:` pages, older browsers, Node): a
 * lease renewed over a `BroadcastChannel`.
 *
 * - A joining tab asks who owns (`ask`); an owner answers at once with its `lease`.
 * - The owner renews its lease every `heartbeatMs`. A lease not heard of for `leaseMs` has expired (the
 *   owner's tab was frozen, crashed, or closed without a word): the tabs that notice `claim` it.
 * - A claim names a term one above the highest seen. It wins if, within `claimMs`, neither a lease nor a
 *   stronger claim (higher term; on a tie, the smaller tab id) answered. An owner answers every claim
 *   and every weaker lease with its own lease, so two owners meet and the weaker one steps down.
 * - An owner that leaves says `release`, and the others claim at once (no wait for the expiry).
 *
 * Trade-offs, against the Web Locks API: a tab that closes without a word is replaced after `leaseMs`
 * (locks: at once); a frozen owner that wakes up believes it owns until the new owner's lease reaches it,
 * a window of a few milliseconds in which both may act (the chat's "look before resend" rule covers a
 * send made twice); and background tabs whose timers the browser throttles may lose the lease to each
 * other now and then (each move is a takeover, safe but not free). localStorage was the other candidate:
 * it survives no better, has no compare-and-swap either, and does not exist in Node, where this is tested.
 */
import type { Clock } from '../core/transport';
import { openChannel, type BroadcastChannelConstructor } from './channel';
import type { Elect } from './election';

export interface LeaseOptions {
  BroadcastChannel: BroadcastChannelConstructor;
  clock: Clock;
  /** This tab's id, unique among the tabs (ties between claims go to the smaller one). */
  tabId: string;
  /** How often the owner renews its lease. Default 1000 ms. */
  heartbeatMs?: number;
  /** A lease not renewed for this long has expired. Default 3000 ms. */
  leaseMs?: number;
  /** How long a claim waits for objections (also how long a joining tab waits for an owner's answer). Default 150 ms. */
  claimMs?: number;
}

type LeaseKind = 'ask' | 'lease' | 'claim' | 'release';

interface LeaseMessage {
  v: 1;
  kind: LeaseKind;
  from: string;
  /** The owner's term (`lease`, `release`), the term claimed (`claim`), or the highest term seen (`ask`). */
  term: number;
}

const KINDS: readonly unknown[] = ['ask', 'lease', 'claim', 'release'];

function readLeaseMessage(data: unknown): LeaseMessage | undefined {
  const message = data as Partial<LeaseMessage> | null;
  const valid =
    typeof message === 'object' &&
    message !== null &&
    message.v === 1 &&
    KINDS.includes(message.kind) &&
    typeof message.from === 'string' &&
    Number.isSafeInteger(message.term) &&
    message.term! >= 0;
  return valid ? (message as LeaseMessage) : undefined;
}

/** An {@link Elect} over a lease on the channel `<name>/lease`. */
export function leaseElection({ BroadcastChannel, clock, tabId, heartbeatMs = 1000, leaseMs = 3000, claimMs = 150 }: LeaseOptions): Elect {
  return (name, onOwner) => {
    let owner = false;
    let highestTerm = 0;
    let ownTerm = 0; // the term this tab won (while owner)
    let claimedTerm: number | undefined; // the term this tab claims, while it waits for objections
    let leaseHeardAt = -Infinity;
    let tickTimer: unknown;
    let claimTimer: unknown;

    const say = (kind: LeaseKind, term: number) => channel.post({ v: 1, kind, from: tabId, term });
    const stronger = (term: number, from: string, than: number) => term > than || (term === than && from < tabId);
    const setOwner = (value: boolean) => {
      if (owner === value) return;
      owner = value;
      onOwner(value);
    };

    function dropClaim() {
      clock.clearTimeout(claimTimer);
      claimedTerm = undefined;
    }

    function claim() {
      const term = (highestTerm += 1);
      claimedTerm = term;
      say('claim', term);
      claimTimer = clock.setTimeout(() => {
        if (claimedTerm !== term) return;
        claimedTerm = undefined;
        ownTerm = term;
        setOwner(true);
        say('lease', term);
      }, claimMs);
    }

    /** Every `heartbeatMs`: the owner renews; the others claim an expired lease. */
    function tick() {
      if (owner) say('lease', ownTerm);
      else if (claimedTerm === undefined && clock.now() - leaseHeardAt >= leaseMs) claim();
      tickTimer = clock.setTimeout(tick, heartbeatMs);
    }

    function receive(message: LeaseMessage) {
      if (message.from === tabId) return;
      highestTerm = Math.max(highestTerm, message.term);
      switch (message.kind) {
        case 'ask':
          if (owner) say('lease', ownTerm);
          break;
        case 'lease':
          if (owner && !stronger(message.term, message.from, ownTerm)) say('lease', ownTerm);
          else {
            leaseHeardAt = clock.now();
            dropClaim();
            setOwner(false);
          }
          break;
        case 'claim':
          if (owner) say('lease', ownTerm);
          else if (claimedTerm !== undefined && stronger(message.term, message.from, claimedTerm)) {
            dropClaim();
            leaseHeardAt = clock.now(); // the stronger claimer has a lease period to say it won
          }
          break;
        case 'release':
          leaseHeardAt = -Infinity;
          if (!owner && claimedTerm === undefined) claim();
          break;
      }
    }

    const channel = openChannel(BroadcastChannel, `${name}/lease`, readLeaseMessage, receive);
    say('ask', highestTerm);
    // The first tick comes after `claimMs`: time for an owner to answer the `ask`.
    tickTimer = clock.setTimeout(tick, claimMs);

    let left = false;
    return {
      leave() {
        if (left) return;
        left = true;
        clock.clearTimeout(tickTimer);
        dropClaim();
        if (owner) say('release', ownTerm);
        channel.close();
        setOwner(false);
      },
    };
  };
}
