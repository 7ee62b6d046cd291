/**
 * What the tabs of one visitor say to each other over their `BroadcastChannel`, and the check every
 * received value passes first. Another tab may run another Parley version (or be any script of the
 * same origin), so what arrives is untrusted data: a value of another protocol version, of an unknown
 * type or of the wrong shape is dropped (`readTabMessage` returns `undefined`), never half-applied.
 */
import { isObject, isText } from '../core/guards';
import { isMessage } from '../core/records';
import type { CsatState } from '../core/model';
import type { ConnectionStatus, Message } from '../core/types';
import type { ListDelta } from './list-delta';

/** The protocol version: tabs of another version ignore each other (each runs on its own). 2: list deltas. */
export const TAB_PROTOCOL = 2;

/** What the owner tab shows, for the other tabs to show the same. */
export interface TabState {
  messages: Message[];
  status: ConnectionStatus;
  operatorOnline?: boolean;
  agentTyping: { name?: string } | null;
  hasOlder: boolean;
  csat: CsatState;
  /** The backend's welcome text, else the configured one. */
  welcomeMessage?: string;
}

/** The owner's state without its list (sent whole with every {@link TabMessage} `delta`: a few small fields). */
export type TabDetails = Omit<TabState, 'messages'>;

/**
 * What a follower tab asks the owner to do for its visitor or host page: the chat action of the same
 * name (`csat`: `submitCsat`), which the owner performs on its link.
 */
export type TabRequest =
  | { type: 'retry'; clientId: string }
  | { type: 'typing'; typing: boolean }
  | { type: 'startNew' }
  /** `data`: the host page's own, cloned by the channel. */
  | { type: 'trigger'; name: string; data?: unknown }
  | { type: 'edit'; id: string; text: string }
  | { type: 'remove'; id: string }
  | { type: 'loadOlder' }
  | { type: 'csat'; score: number; comment?: string }
  | { type: 'end' };

/** The messages, by `type`. Each travels in a {@link TabEnvelope}. */
export type TabMessage =
  /** A tab joined (or woke up): the owner answers with `state`. */
  | { type: 'hello' }
  /** A follower missed a `delta` (or could not apply one): the owner answers with `state`. */
  | { type: 'resync' }
  /** This tab now holds the link; followers hand it their queued sends again (it de-duplicates by clientId). */
  | { type: 'owner' }
  /**
   * The owner's conversation, whole: to a tab that joins or asks (`resync`), and when the list changed too much
   * for a delta. `revision` counts the owner's posts (a new owner starts again).
   */
  | { type: 'state'; state: TabState; revision: number }
  /** What changed since the owner's post `since` (coalesced: one post per burst of synchronous changes). */
  | { type: 'delta'; delta: ListDelta; details: TabDetails; revision: number; since: number }
  /** A follower's queued message (status `sending`, with its clientId), for the owner to send. */
  | { type: 'send'; message: Message }
  | TabRequest
  /** The unread count changed in some tab (0: the visitor has seen everything). */
  | { type: 'unread'; count: number }
  /** A tab's chat window opened or closed (the owner counts unread only while none is open). */
  | { type: 'open'; open: boolean }
  /** A tab leaves (closed, frozen, or another visitor now). */
  | { type: 'bye' };

export type TabMessageType = TabMessage['type'];

/** A message on the wire: protocol version, sender tab, and the message. */
export type TabEnvelope = TabMessage & { v: typeof TAB_PROTOCOL; from: string };

type Check = (value: unknown) => boolean;
type Shape = Record<string, Check>;

const isBoolean: Check = (value) => typeof value === 'boolean';
const oneOf =
  (...allowed: unknown[]): Check =>
  (value) =>
    allowed.includes(value);
const matches =
  (shape: Shape): Check =>
  (value) =>
    isObject(value) && Object.entries(shape).every(([key, check]) => check(value[key]));
const isCount: Check = (value) => Number.isInteger(value) && (value as number) >= 0;

/** A state holds at most this many messages (the cache keeps 500; loaded older pages add more). */
const MAX_STATE_MESSAGES = 10_000;

const isMessageList = (value: unknown) => Array.isArray(value) && value.length <= MAX_STATE_MESSAGES && value.every(isMessage);
const DETAILS_SHAPE: Shape = {
  status: oneOf('idle', 'connecting', 'online', 'reconnecting', 'offline', 'ended', 'error'),
  operatorOnline: oneOf(undefined, true, false),
  agentTyping: (value) => value === null || (isObject(value) && (value.name === undefined || isText(value.name))),
  hasOlder: isBoolean,
  csat: oneOf('none', 'requested', 'submitted'),
  welcomeMessage: (value) => value === undefined || isText(value),
};
const isState = matches({ messages: isMessageList, ...DETAILS_SHAPE });
const isDetails = matches(DETAILS_SHAPE);
/** Positions strictly increasing, one per row, inside the new length. */
const isDelta = matches({
  length: (value) => isCount(value) && (value as number) <= MAX_STATE_MESSAGES,
  rows: isMessageList,
  removed: (value) => Array.isArray(value) && value.length <= MAX_STATE_MESSAGES && value.every(isText),
  at: (value) => Array.isArray(value) && value.every((position, index) => isCount(position) && (index === 0 || position > value[index - 1])),
});
const isDeltaOf = (value: unknown) =>
  isDelta(value) && (value as ListDelta).at.length === (value as ListDelta).rows.length && ((value as ListDelta).at.at(-1) ?? -1) < (value as ListDelta).length;

/** The fields each type carries beyond `v`, `from` and `type`. */
const SHAPES: Record<TabMessageType, Shape> = {
  hello: {},
  owner: {},
  resync: {},
  state: { state: isState, revision: isCount },
  delta: { delta: isDeltaOf, details: isDetails, revision: isCount, since: isCount },
  send: { message: (value) => isMessage(value) && isText(value.clientId) },
  retry: { clientId: isText },
  startNew: {},
  trigger: { name: isText },
  edit: { id: isText, text: isText },
  remove: { id: isText },
  loadOlder: {},
  csat: { score: (value) => Number.isFinite(value), comment: (value) => value === undefined || isText(value) },
  end: {},
  typing: { typing: isBoolean },
  unread: { count: isCount },
  open: { open: isBoolean },
  bye: {},
};

/** The envelope in `data` if it is one of this protocol version, with the right shape; otherwise `undefined`. */
export function readTabMessage(data: unknown): TabEnvelope | undefined {
  if (!isObject(data) || data.v !== TAB_PROTOCOL || typeof data.from !== 'string' || typeof data.type !== 'string') return undefined;
  const shape = Object.prototype.hasOwnProperty.call(SHAPES, data.type) ? SHAPES[data.type as TabMessageType] : undefined;
  return shape && matches(shape)(data) ? (data as TabEnvelope) : undefined;
}
