import type { ParleyError } from '../core/errors';
import type { Attachment, CustomEvent, Identity, Message, MessagePatch, Sender } from '../core/types';

/**
 * What a backend can do. The core and the UI hide what a transport cannot do;
 * a flag set to `true` promises the matching optional method is implemented.
 */
export interface TransportCapabilities {
  /** `setTyping()` reaches the backend and agent typing arrives as `typing` events. */
  typing: boolean;
  /** `markRead()` reaches the backend and receipts for own messages arrive as `patch` events. */
  readReceipts: boolean;
  /** `edit()` and `remove()` of the visitor's own messages. */
  editDelete: boolean;
  /** `send({ replyTo })` is kept by the backend. */
  replyTo: boolean;
  /** Files can be attached: `upload()` is implemented and `send({ attachments })` carries them (limits: `fileLimits`). */
  attachments: boolean;
  /** Operator online/offline arrives as `presence` events (and in `connect()`). */
  presence: boolean;
  /** `trigger()` sends custom events and backend events arrive as `event`. */
  customEvents: boolean;
  /** `fetchBefore()` pages older history. */
  historyPaging: boolean;
  /** Satisfaction ratings: `csat` events and `submitCsat()`. */
  csat: boolean;
  /** The visitor can end the conversation with `end()`. */
  endConversation: boolean;
}

/** A clock the core and transports use for every timer, so tests can pass a fake one. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The minimal WebSocket constructor Parley needs (browser WebSocket, `ws` in Node). */
export interface WebSocketConstructor {
  new (url: string, protocols?: string | string[]): WebSocket;
  readonly CONNECTING: number;
  readonly OPEN: number;
  readonly CLOSING: number;
  readonly CLOSED: number;
}

/** Facts about the page, sent as session metadata by backends that take it. */
export interface PageInfo {
  url?: string;
  referrer?: string;
  title?: string;
  userAgent?: string;
  language?: string;
  timezone?: string;
  screen?: string;
}

/** The outside world handed to a transport. Nothing global is touched directly. */
export interface TransportEnv {
  fetch: typeof fetch;
  WebSocket: WebSocketConstructor;
  clock: Clock;
  /** Parley's version (for version headers). */
  version: string;
  page: PageInfo;
  /**
   * Sends a file body with upload progress; resolves with the status and the response text (rejects only
   * when the request could not be made, or was aborted). Default: XMLHttpRequest where it exists, else `fetch`
   * (progress then jumps from 0 to 1).
   */
  sendBytes?(request: BytesRequest): Promise<{ status: number; text: string }>;
  /** Debug logger; never given secrets (tokens, JWTs, stream URLs that embed them). */
  log(level: 'debug' | 'warn', message: string, detail?: unknown): void;
}

/**
 * What the transport needs to resume its conversation after a reload (JSON-serialisable).
 * The core persists it and hands it back to `connect()`; it is opaque to the core.
 */
export type SessionRef = Record<string, unknown>;

export interface ConnectRequest {
  /** Stable per browser (and per identified user). */
  visitorId: string;
  /** The session of an earlier page load, to resume when the backend still knows it. */
  session?: SessionRef;
  identity?: Identity;
}

export interface ConnectResult {
  session: SessionRef;
  /** History known at connect time, oldest first, complete up to the newest message. */
  messages: Message[];
  /** Older history exists (page it with `fetchBefore`). */
  hasMoreBefore?: boolean;
  operatorOnline?: boolean;
  welcomeMessage?: string;
  /** False when the backend started a new conversation (the core then drops cached history). */
  resumed: boolean;
}

export interface SendRequest {
  /** The core's id for this send; stable across retries (idempotency key where the backend has one). */
  clientId: string;
  /** May be empty when `attachments` has a file. */
  text: string;
  replyTo?: string;
  /** Files `upload()` stored (capability `attachments`). */
  attachments?: Attachment[];
  /** A bot action the message triggers (an `action` button's `value`). */
  action?: string;
  /** The message is not to be shown in the transcript (the backend's echo marks it so). */
  hidden?: boolean;
}

/** What a backend accepts as a file (checked by the core before any upload). */
export interface FileLimits {
  /** Largest file, bytes. */
  maxBytes: number;
  /** Accepted MIME types (`image/*` style wildcards allowed); undefined: any type. */
  types?: readonly string[];
  /** File name endings refused whatever the type (`.exe`, lower case, with the dot). */
  blockedExtensions?: readonly string[];
}

/** A file to upload: a `File`, or a `Blob` with an optional name. */
export type UploadFile = Blob & { name?: string };

export interface UploadOptions {
  /** Called with 0…1 as the bytes go out. */
  onProgress(fraction: number): void;
  /** Aborted when the visitor cancels: the transport stops and rejects. */
  signal: AbortSignal;
}

/** One HTTP request whose body is sent with upload progress (`TransportEnv.sendBytes`). */
export interface BytesRequest {
  url: string;
  method: 'PUT' | 'POST';
  headers?: Record<string, string>;
  body: Blob | FormData;
  onProgress(fraction: number): void;
  signal: AbortSignal;
}

export interface SendResult {
  /** Server id of the stored message. */
  id: string;
  /** ISO-8601 server time. */
  createdAt: string;
}

/**
 * State of the realtime link.
 * - `live`: the stream is open; events arrive as they happen.
 * - `down`: the stream dropped and is reconnecting; nothing arrives meanwhile.
 * - `polling`: the stream cannot be had for now; the core polls `fetchSince()` until `live` returns.
 * After any state other than `live`, the next `live` makes the core fetch what it missed.
 */
export type LinkState = 'live' | 'down' | 'polling';

/** Events a transport emits. Messages include echoes of the visitor's own: the core de-duplicates. */
export interface TransportEvents {
  message: Message;
  patch: MessagePatch;
  typing: { sender: Sender; typing: boolean; name?: string };
  presence: { online: boolean };
  link: LinkState;
  event: CustomEvent;
  csat: { requestedAt?: string };
  /** The backend ended the conversation (agent closed it, visitor disconnected elsewhere). */
  ended: { reason?: string };
  /** Something the host should know that does not stop the chat (e.g. an outdated widget version). */
  warning: ParleyError;
  /** The session cannot go on (blocked visitor, unsupported version, revoked auth). */
  error: ParleyError;
}

export type TransportEventName = keyof TransportEvents;
export type Unsubscribe = () => void;

/**
 * One backend's wire protocol in the core's vocabulary. Thin: ordering, de-duplication, the outbox,
 * retries, caching, unread counts and the catch-up policy live in the core.
 *
 * Rejections are `ParleyError`s; `retryable` tells the core whether to try again.
 */
export interface Transport {
  readonly capabilities: TransportCapabilities;
  /** What `upload()` accepts (capability `attachments`). */
  readonly fileLimits?: FileLimits;
  on<K extends TransportEventName>(type: K, handler: (event: TransportEvents[K]) => void): Unsubscribe;
  /** Start or resume the conversation and open the realtime link. */
  connect(req: ConnectRequest): Promise<ConnectResult>;
  send(req: SendRequest): Promise<SendResult>;
  /** Every message after the given server id (exclusive), oldest first; the transport pages as needed. */
  fetchSince(afterId: string | undefined): Promise<Message[]>;
  fetchBefore?(beforeId: string, limit: number): Promise<{ messages: Message[]; hasMore: boolean }>;
  setTyping?(typing: boolean): Promise<void>;
  markRead?(ids: string[]): Promise<void>;
  identify?(identity: Identity): Promise<void>;
  edit?(id: string, text: string): Promise<MessagePatch>;
  remove?(id: string): Promise<MessagePatch>;
  trigger?(event: CustomEvent): Promise<void>;
  /** Stores a file on the backend (capability `attachments`); `send({ attachments })` then links it to a message. */
  upload?(file: UploadFile, options: UploadOptions): Promise<Attachment>;
  submitCsat?(score: number, comment?: string): Promise<void>;
  /** Whether the bot asked for the message of `action` to be shown (default: hidden). */
  echoesAction?(action: string): boolean;
  /** The visitor leaves / closes the conversation on the backend. */
  end?(): Promise<void>;
  /** Close the link and every timer. `connect()` may be called again later. */
  disconnect(): void;
}

/**
 * A configured backend: what `createChat({ transport })` takes, and what each backend entry's
 * factory returns (`pocketping({ endpoint })`). Factories validate their options but never throw:
 * for a bad option they return a spec whose `create()` throws a `ParleyError` with code `config`
 * naming the key (`createChat` reports it as status `error`).
 */
export interface TransportSpec {
  /** Backend name, e.g. `pocketping`. */
  readonly backend: string;
  /** What this backend instance is (endpoint, project, deployment): namespaces the cache. */
  readonly scope: string;
  /** Set when the factory refused its options: `create()` throws this `config` error. */
  readonly error?: ParleyError;
  create(env: TransportEnv): Transport;
}

/** A backend factory as registered for the script-tag build: raw config in, spec out. */
export type TransportFactory = (options: Record<string, unknown>) => TransportSpec;
