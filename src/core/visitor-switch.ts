/**
 * Loading the visitor and changing it (`reset()`, `identify()` as another user). A change never
 * drops a queued message silently: while online, the old visitor's queued messages are sent first
 * (for the old visitor, on its conversation); whatever is still unsent then is reported as one
 * `error` event with code `ended` carrying the texts. The same holds for a page that finds, at
 * load, the queued messages of the previous user of this browser.
 */
import type { ChatContext } from './chat-context';
import type { Connection } from './connection';
import { ParleyError } from './errors';
import type { Incoming } from './incoming';
import type { Outbox } from './outbox';
import type { Persistence } from './persistence';
import type { Identity, Message } from './types';
import type { Visitor } from './visitor';

export type VisitorSwitch = ReturnType<typeof createVisitorSwitch>;

/** How long a visitor change waits for the old visitor's queued messages to be sent. */
export const SEND_BEFORE_SWITCH_TIMEOUT_MS = 10_000;

export interface VisitorSwitchParts {
  visitor: Visitor;
  persistence: Persistence;
  outbox: Outbox;
  incoming: Incoming;
  /** Late: the connection is created with this module's `load`. */
  connection: () => Connection;
}

export function createVisitorSwitch(context: ChatContext, parts: VisitorSwitchParts) {
  const { state } = context;
  const { visitor, persistence, outbox, incoming } = parts;
  let loading: Promise<void> | undefined;
  /** Bumped by every reset / change of visitor: custom events waiting for a connection are dropped. */
  let changes = 0;

  /** One `ended` error naming what was not sent. */
  function reportUnsent(unsent: readonly Message[]) {
    if (!unsent.length) return;
    const texts = unsent.map((message) => message.text);
    const count = texts.length === 1 ? '1 message' : `${texts.length} messages`;
    state.emit('error', new ParleyError('ended', `Not sent (${count}): the visitor changed`, { texts }));
  }

  /** Stops the link and empties the conversation, timers and unread count (the visitor changes). */
  function dropConversation() {
    const connection = parts.connection();
    connection.stopFresh();
    state.clearConversation();
    incoming.clearUnread();
    changes++;
    connection.releaseWaiting();
  }

  /** Reads the cache once: visitor (switching namespace if another user is wanted), then history. */
  function load(): Promise<void> {
    loading ??= (async () => {
      const previousUser = await visitor.restore();
      if (previousUser) {
        reportUnsent(await persistence.queuedOf(previousUser));
        await persistence.forget(previousUser);
      }
      outbox.markRestored(await persistence.restore(visitor.record.id));
    })();
    return loading;
  }

  return {
    load,
    get changes(): number {
      return changes;
    },

    /**
     * Sends what the visitor queued (while online), then drops this visitor's conversation everywhere
     * (state, timers, cache) and starts a new visitor.
     */
    async forget(next?: Identity) {
      await load();
      await outbox.drain(SEND_BEFORE_SWITCH_TIMEOUT_MS);
      // Failed ones too: their Retry goes with the conversation.
      const unsent = state.messages.value.filter((message) => message.status === 'sending' || message.status === 'failed');
      dropConversation();
      reportUnsent(unsent);
      const previousId = await visitor.replace(next);
      await persistence.forget(previousId);
    },

    /**
     * Another tab changed the visitor (and reported what was still queued): this tab drops the
     * previous visitor's conversation at once (it sends none of its queued messages as anyone) and
     * takes the stored visitor, the new one. Returns whether this tab was another visitor.
     */
    async follow(visitorId: string): Promise<boolean> {
      await load();
      if (visitor.id === visitorId) return false;
      const previousId = visitor.id!;
      dropConversation();
      visitor.want(undefined);
      await visitor.restore();
      await persistence.forget(previousId);
      return true;
    },
  };
}
