/**
 * The tabs of one visitor (same backend + scope + visitor id) as one: they elect an owner (election.ts:
 * Web Locks, or the lease of lease.ts where they are missing) and talk over a `BroadcastChannel`
 * (protocol.ts). What the owner does with its link, and what a follower shows, is the chat's business:
 * this layer only says who owns and carries checked messages.
 *
 * A page that is frozen or hidden for good (`freeze`, `pagehide`) leaves: it says `bye` and gives up
 * ownership, so another tab takes the link at once instead of waiting for a tab that may never run
 * again. When it comes back (`resume`, `pageshow` from the back/forward cache) it joins again as a
 * candidate and says `hello`.
 */
import type { Clock, TransportEnv } from '../core/transport';
import { systemClock, uuid } from '../core/env';
import { listen, pageWindow } from '../core/window-events';
import { openChannel, type BroadcastChannelConstructor } from './channel';
import { webLocksElection, type Election, type LockManagerLike } from './election';
import { leaseElection } from './lease';
import { readTabMessage, TAB_PROTOCOL, type TabEnvelope, type TabMessage } from './protocol';
import { openVisitorChannel, type VisitorChannel } from './visitor-channel';

/** Subscribes to the page's lifecycle: `handler(false)` when it is frozen or hidden for good, `handler(true)` when it is back. */
export type Lifecycle = (handler: (active: boolean) => void) => () => void;

/** The outside world of the tabs layer, injected. */
export interface TabsDeps {
  BroadcastChannel: BroadcastChannelConstructor;
  /** `navigator.locks`; without it, the lease of lease.ts elects. */
  locks?: LockManagerLike;
  clock?: Clock;
  lifecycle?: Lifecycle;
  /** Default: a random id. */
  tabId?: string;
  log?: TransportEnv['log'];
}

/** What the chat hears from the other tabs of its visitor. */
export interface TabHandlers {
  /** This tab became the owner (`true`: it should hold the link) or stopped being it. */
  owner(isOwner: boolean): void;
  /** A checked message from another tab. */
  message(message: TabEnvelope): void;
  /** This tab is about to leave (its `bye` follows): the last moment to post what it has not posted yet. */
  leaving?(): void;
}

/** This tab's membership among the tabs of one visitor. */
export interface TabGroup {
  readonly tabId: string;
  isOwner(): boolean;
  /** Sends to every other tab of the visitor. */
  post(message: TabMessage): void;
  /** Leaves for good (another visitor now, or the chat is destroyed): says `bye`, gives ownership up. */
  leave(): void;
}

export interface Tabs {
  /** Joins the tabs of `key` (backend + scope + visitor id, already unique per visitor). */
  join(key: string, handlers: TabHandlers): TabGroup;
  /**
   * Watches the visitor of `scopeKey` (backend + scope) in every tab: `onChange` hears the visitor
   * another tab changed to (visitor-channel.ts). Optional for hand-made tabs layers.
   */
  watchVisitor?(scopeKey: string, onChange: (visitorId: string) => void): VisitorChannel;
}

/** The tabs layer over injected browser parts. */
export function createTabs(deps: TabsDeps): Tabs {
  const clock = deps.clock ?? systemClock;
  const tabId = deps.tabId ?? uuid();
  const elect = deps.locks ? webLocksElection(deps.locks) : leaseElection({ BroadcastChannel: deps.BroadcastChannel, clock, tabId });

  return {
    watchVisitor: (scopeKey, onChange) => openVisitorChannel(deps.BroadcastChannel, scopeKey, tabId, onChange),
    join(key, handlers) {
      let owner = false;
      let election: Election | undefined;
      const onOwner = (value: boolean) => {
        owner = value;
        if (value) post({ type: 'owner' });
        handlers.owner(value);
      };
      const onInvalid = (data: unknown) => deps.log?.('warn', 'tabs: dropped a message of another shape or version', data);
      // The protocol version is part of both names: tabs of another version never wait for each other.
      const channel = openChannel(deps.BroadcastChannel, `parley-tabs/v${TAB_PROTOCOL}/${key}`, readTabMessage, handlers.message, onInvalid);
      const post = (message: TabMessage) => channel.post({ ...message, v: TAB_PROTOCOL, from: tabId });

      const enter = () => {
        election = elect(`parley/v${TAB_PROTOCOL}/${key}`, onOwner);
        post({ type: 'hello' });
      };
      const exit = () => {
        handlers.leaving?.();
        post({ type: 'bye' });
        election?.leave();
        election = undefined;
      };
      const stopWatching = deps.lifecycle?.((active) => {
        if (active && !election) enter();
        else if (!active && election) exit();
      });
      enter();

      return {
        tabId,
        isOwner: () => owner,
        post,
        leave() {
          stopWatching?.();
          exit();
          channel.close();
        },
      };
    },
  };
}

/**
 * The page lifecycle of a browser page: `pagehide` and `freeze` (Chromium) make it inactive, `pageshow`
 * (back from the back/forward cache) and `resume` active again.
 */
export const pageLifecycle =
  (target = pageWindow()): Lifecycle =>
  (handler) =>
    listen(target, [
      ['pagehide', () => handler(false)],
      ['freeze', () => handler(false)],
      ['pageshow', () => handler(true)],
      ['resume', () => handler(true)],
    ]);

/**
 * The browser's tabs layer, read from globals at call time: `undefined` where there is no
 * `BroadcastChannel` (the chat then runs as a single tab).
 */
export function browserTabs(log?: TransportEnv['log']): Tabs | undefined {
  const { BroadcastChannel, navigator } = globalThis as Partial<typeof globalThis>;
  if (!BroadcastChannel) return undefined;
  return createTabs({ BroadcastChannel, locks: navigator?.locks, lifecycle: pageLifecycle(), log });
}
