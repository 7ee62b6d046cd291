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

/** The protocol version: tabs of another version ignore each other (each runs on its own). */
export const TAB_PROTOCOL = 1;

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
  /** This tab now holds the link; followers hand it their queued sends again (it de-duplicates by clientId). */
  | { type: 'owner' }
  /** The owner's conversation, whole (sent on every change, coalesced). */
  | { type: 'state'; state: TabState }
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

const isState = matches({
  messages: (value) => Array.isArray(value) && value.length <= MAX_STATE_MESSAGES && value.every(isMessage),
  status: oneOf('idle', 'connecting', 'online', 'reconnecting', 'offline', 'ended', 'error'),
  operatorOnline: oneOf(undefined, true, false),
  agentTyping: (value) => value === null || (isObject(value) && (value.name === undefined || isText(value.name))),
  hasOlder: isBoolean,
  csat: oneOf('none', 'requested', 'submitted'),
  welcomeMessage: (value) => value === undefined || isText(value),
});

/** The fields each type carries beyond `v`, `from` and `type`. */
const SHAPES: Record<TabMessageType, Shape> = {
  hello: {},
  owner: {},
  state: { state: isState },
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
