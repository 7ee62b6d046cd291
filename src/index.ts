/**
 * The npm entry of Parley (`parley-widget`): the chat model, config parsing, errors and types.
 * Importing it has no side effects. Transports come from their own entries
 * (`parley-widget/pocketping`, `/genesys`, `/pingstreams`, `/genesys-messaging`), or implement {@link Transport} yourself.
 */
export { createChat } from './core/chat';
export { systemClock } from './core/env';
export type { ChatDeps } from './core/chat';
export { parseConfig, parseRawConfig } from './core/config';
export type { CommonOptions, ParleyConfig, ParleyOptions, ThemeName, ThemeTokens } from './core/config';
export { createEmitter } from './core/emitter';
export type { Emitter } from './core/emitter';
export { ParleyError, toParleyError } from './core/errors';
export type { ErrorCode, ParleyErrorInit } from './core/errors';
export type { Chat, ChatEventName, ChatEvents, ChatState, CsatState, SendOptions } from './core/model';
export type { Attachment, ConnectionStatus, CustomEvent, Identity, Message, MessagePatch, MessageStatus, Sender } from './core/types';
export { memoryStore } from './storage/memory-store';
export type { KeyValueStore } from './storage/store';
export type {
  Clock,
  ConnectRequest,
  ConnectResult,
  LinkState,
  PageInfo,
  SendRequest,
  SendResult,
  SessionRef,
  Transport,
  TransportCapabilities,
  TransportEnv,
  TransportEventName,
  TransportEvents,
  TransportFactory,
  TransportSpec,
  Unsubscribe,
  WebSocketConstructor,
} from './core/transport';

// The transport skeleton every built-in backend is built on, for a site's own backend (docs/custom-transport.md).
export { createLink } from './transports/link';
export type { Attempt, CallAuth, Link, SocketTuning, StreamOptions } from './transports/link';
export { defineBackend, readOptions } from './transports/options';
export type { OptionReader } from './transports/options';
export { asRecord, isId, isText, isTime, optional } from './transports/kit';
export type { WireRecord } from './transports/kit';
