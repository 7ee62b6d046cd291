/**
 * Who the visitor is, shared by every tab of one backend + scope: a tab whose visitor changed
 * (`reset()`, `identify()` as another user) says so once the new visitor is stored, and the other tabs
 * follow (they drop the previous visitor's conversation and show the new one's) instead of carrying on,
 * or taking the link over, as the previous visitor. The tabs of ONE visitor talk over protocol.ts;
 * this channel is per backend + scope, since a visitor change is what moves tabs from one to another.
 */
import { isNonEmptyText, isObject } from '../core/guards';
import { openChannel, type BroadcastChannelConstructor } from './channel';

/** The version of this channel's message: tabs of another version do not follow each other. */
const VISITOR_PROTOCOL = 1;

interface VisitorChange {
  v: typeof VISITOR_PROTOCOL;
  from: string;
  /** The visitor every tab of the backend + scope is now. */
  visitorId: string;
}

/** This tab on the channel: `announce` a change it made; `close` stops both ways. */
export interface VisitorChannel {
  announce(visitorId: string): void;
  close(): void;
}

function readVisitorChange(data: unknown): VisitorChange | undefined {
  const valid = isObject(data) && data.v === VISITOR_PROTOCOL && isNonEmptyText(data.from) && isNonEmptyText(data.visitorId) && data.visitorId.length <= 200;
  return valid ? (data as unknown as VisitorChange) : undefined;
}

/** Opens the channel of `scopeKey` (backend + scope); `onChange` hears the visitor another tab changed to. */
export function openVisitorChannel(
  Channel: BroadcastChannelConstructor,
  scopeKey: string,
  tabId: string,
  onChange: (visitorId: string) => void,
): VisitorChannel {
  const channel = openChannel(Channel, `parley-visitor/v${VISITOR_PROTOCOL}/${scopeKey}`, readVisitorChange, (change) => {
    if (change.from !== tabId) onChange(change.visitorId);
  });
  return {
    announce: (visitorId) => channel.post({ v: VISITOR_PROTOCOL, from: tabId, visitorId }),
    close: () => channel.close(),
  };
}
