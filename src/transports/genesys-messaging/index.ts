/**
 * Genesys Cloud Web Messaging (the Guest API Genesys Messenger speaks; protocols/genesys-webmessaging.md):
 * one socket for everything live, REST for history. The guest token is generated once per visitor and
 * kept in the SessionRef: the same token resumes the conversation. After every (re)open the socket is
 * configured (`configureSession`) and nothing else is sent before its `SessionResponse`; after a reopen
 * the link is `live` again and the core catches up from history (missed pushes are not replayed, §2.3).
 *
 * @example
 * createChat(genesysMessaging({ deploymentId: '…', environment: 'mypurecloud.ie' }))
 */
import type { TokenProvider } from '../../auth/token-provider';
import type { ParleyError } from '../../core/errors';
import type { Message, MessageButton } from '../../core/types';
import type { Transport, TransportCapabilities, TransportEnv, TransportSpec } from '../../core/transport';
import { createLink } from '../link';
import { defineBackend } from '../options';
import { createCustomAttributes } from './attributes';
import { createDownloads } from './downloads';
import { createHistory } from './history';
import { readGenesysMessagingOptions, type GenesysMessagingOptions, type GenesysMessagingSettings } from './options';
import { createRequests } from './requests';
import { createUploads } from './uploads';
import { ECHO_TRACING_ID, GENESYS_MESSAGING, newUuid, readEnvelope, readSessionAnswer, readStoredSession, readStructured, SESSION_GONE, type Envelope, type SessionAnswer } from './wire';

export type { GenesysMessagingOptions } from './options';

/**
 * Typing both ways and older pages; the rest has no guest route. `attachments` is set per transport
 * after each `SessionResponse`: on when the deployment's `allowedMedia` takes files.
 */
const capabilities: TransportCapabilities = {
  typing: true, historyPaging: true,
  readReceipts: false, editDelete: false, replyTo: false, attachments: false, presence: false, customEvents: false, csat: false, endConversation: false,
};

/** The visitor's typing reaches the agent at most this often (the mobile SDK's pace, §8). */
const TYPING_EVERY_MS = 5000;

/** Validates the options and returns the transport spec (bad options: its `create()` throws the `config` error). */
export const genesysMessaging = (options: GenesysMessagingOptions): TransportSpec =>
  defineBackend(GENESYS_MESSAGING, options, readGenesysMessagingOptions, createGenesysMessagingTransport);

function createGenesysMessagingTransport(settings: GenesysMessagingSettings, env: TransportEnv): Transport {
  const { clock } = env;
  let keepAliveTimer: unknown;
  let typingTimer: unknown;
  let endedTimer: unknown;
  /** The connect waiting for the first `SessionResponse`. */
  let configureWaiter: { resolve(answer: SessionAnswer): void; reject(error: ParleyError): void } | undefined;
  const link = createLink(GENESYS_MESSAGING, env, () => {
    for (const timer of [keepAliveTimer, typingTimer, endedTimer]) clock.clearTimeout(timer);
    configured = false;
    configureWaiter?.reject(link.fault('network', 'disconnected'));
    configureWaiter = undefined;
    requests.failAll(link.fault('network', 'disconnected'));
    uploads.failAll(link.fault('network', 'disconnected'));
    downloads.setLive(false);
  });
  const requests = createRequests(link, clock);
  const uploads = createUploads(env, link, requests, clock, () => token);
  const downloads = createDownloads(link, requests, env, () => token);
  /** This transport's capabilities (the core and the UI hold this object; `attachments` follows the deployment). */
  const abilities: TransportCapabilities = { ...capabilities };
  const history = createHistory(settings.apiUrl, link, clock, async () => (await requests.request('getJwt', { token })).body);
  let token = '';
  /** The site's tokens for the current visitor (authenticated messaging; a new provider per visitor). */
  let tokens: TokenProvider | undefined;
  let tokensVisitor: string | undefined;
  /** A read-only conversation's token: closed (`closeSession`, §2.5) before the next conversation starts. */
  let retiring: string | undefined;
  let configured = false;
  let configuredBefore = false;
  let readOnly = false;
  let over = false;
  const attributes = createCustomAttributes(link, settings.contact);
  let lastTypingAt = -Infinity;
  /** The latest quick replies and card actions by label: typing or tapping one sends a ButtonResponse (§3.3). */
  let offered = new Map<string, MessageButton>();
  /** tracingId → clientId of sends waiting for their echo. */
  const sends = new Map<string, string>();

  const now = () => new Date(clock.now()).toISOString();

  /** The conversation cannot go on: read-only (closed before the next one), expired or closed elsewhere. */
  const conversationOver = (reason: 'read-only' | 'expired' | 'closed') => {
    if (over) return;
    over = true;
    if (reason == 'read-only') retiring = token;
    link.emit('ended', { reason });
  };

  /** Messages of history entities (oldest first); the newest offered buttons are remembered. */
  const toMessages = (entities: unknown[]): Message[] =>
    entities.flatMap((entity) => {
      const incoming = readStructured(entity, now());
      if (!incoming) link.dropped();
      if (incoming?.kind != 'message') return [];
      remember(incoming.message);
      return [incoming.message];
    });

  const remember = (message: Message) => {
    if (message.sender == 'agent' || message.sender == 'bot') offered = new Map(
        (message.buttons ?? [])
          .filter((button) => button.kind != 'link')
          // The widget sends a reply's value (Tiledesk's rule) and an action's label: either finds the button.
          .flatMap((button): [string, MessageButton][] => [[button.label, button], ...(button.value ? [[button.value, button] as [string, MessageButton]] : [])]),
      );
  };

  const show = (body: unknown, clientId: string | undefined) => {
    const incoming = readStructured(body, now());
    if (!incoming) return link.dropped();
    if (incoming.kind == 'typing') {
      const typing = { sender: incoming.sender, typing: incoming.typing, name: incoming.name };
      link.emit('typing', typing);
      clock.clearTimeout(typingTimer);
      if (incoming.typing) typingTimer = clock.setTimeout(() => link.emit('typing', { ...typing, typing: false }), incoming.durationMs);
    } else if (incoming.kind == 'message') {
      remember(incoming.message);
      downloads.note(incoming.message);
      link.emit('message', clientId ? { ...incoming.message, clientId } : incoming.message);
      if (incoming.readOnly) {
        readOnly = true;
        conversationOver('read-only');
      }
    }
  };

  const handleFrame = (frame: unknown) => {
    const read = readEnvelope(frame);
    if (!read) return link.dropped();
    // The keep-alive's answer is never shown; an expiry or error answering it is handled like any other.
    if (read.tracingId == ECHO_TRACING_ID && read.className == 'StructuredMessage' && read.code == 200) return;
    // An expiry may answer a request: that request fails as "session expired" (§2.7).
    const envelope: Envelope = read.className == 'SessionExpiredEvent' ? { ...read, code: 4006, body: 'Session expired' } : read;
    const clientId = envelope.tracingId ? sends.get(envelope.tracingId) : undefined;
    requests.settle(envelope);
    if (uploads.handle(envelope)) return;
    if (envelope.code != 200) {
      if (SESSION_GONE.includes(envelope.code)) conversationOver('expired');
      else if (envelope.code == 409) conversationOver('read-only');
      return;
    }
    if (envelope.className == 'StructuredMessage') show(envelope.body, clientId);
    else if (['ConnectionClosedEvent', 'SessionClearedEvent', 'LogoutEvent'].includes(envelope.className)) conversationOver('closed');
  };

  const keepAlive = () => {
    clock.clearTimeout(keepAliveTimer);
    keepAliveTimer = clock.setTimeout(() => {
      if (configured) link.socket()?.send(JSON.stringify({ action: 'echo', token, tracingId: ECHO_TRACING_ID, message: { type: 'Text', text: 'ping' } }));
      keepAlive();
    }, settings.keepAliveMs);
  };

  /** `configureSession`, or `configureAuthenticatedSession` with the site's JWT as `data.code` (§2.9; a 401 gets a fresh one, once). */
  const configureSession = (sessionToken: string) => {
    const fields = { token: sessionToken, deploymentId: settings.deploymentId, startNew: false };
    return tokens
      ? tokens.withAuth((jwt) => requests.request('configureAuthenticatedSession', { ...fields, data: { code: jwt } }))
      : requests.request('configureSession', fields);
  };

  /** After every open: close a retired read-only session, then configure ours (§2.2, §2.5). */
  const configure = async () => {
    const attempt = link.attempt();
    try {
      const old = retiring;
      if (old && old != token) {
        retiring = undefined;
        await configureSession(old)
          .then(() => requests.request('closeSession', { token: old, closeAllConnections: true }))
          .catch(() => undefined);
      }
      const reply = await configureSession(token);
      const answer = readSessionAnswer(reply.body) ?? link.badAnswer('configureSession');
      if (!attempt.current()) return;
      configured = true;
      readOnly = answer.readOnly;
      uploads.configured(reply.body);
      abilities.attachments = uploads.allowed();
      attributes.configured(answer.maxCustomDataBytes, answer.newSession);
      const lost = configuredBefore && answer.newSession;
      configuredBefore = true;
      keepAlive();
      downloads.setLive(true);
      const waiter = configureWaiter;
      configureWaiter = undefined;
      link.setLink('live');
      if (waiter) waiter.resolve(answer);
      else if (lost) conversationOver('expired');
    } catch (failure) {
      const error = failure as ParleyError;
      if (!attempt.current()) return;
      if (configureWaiter) configureWaiter.reject(error);
      else if (!error.retryable && error.message != link.fault('network', 'disconnected').message) link.emit('error', error);
      configureWaiter = undefined;
    }
  };

  const listen = () =>
    link.openStream({
      url: () => settings.wsUrl,
      tuning: { silenceMs: settings.keepAliveMs * 2.5, ...settings.socket },
      liveOnOpen: false,
      mustOpenFirst: true,
      onOpen: () => void configure(),
      onClose() {
        configured = false;
        downloads.setLive(false);
        clock.clearTimeout(keepAliveTimer);
        requests.failAll(link.fault('network', 'connection lost'));
        uploads.failAll(link.fault('network', 'connection lost'));
      },
      onFrame: handleFrame,
    });

  /** One `onMessage` (§3.1), resolved with its echo; the attributes ride along when pending. */
  const sendMessage = async (clientId: string, message: Record<string, unknown>) => {
    const withAttributes = attributes.pending();
    const tracingId = newUuid();
    sends.set(tracingId, clientId);
    try {
      const body = withAttributes ? { ...message, channel: { metadata: { customAttributes: withAttributes } } } : message;
      const echo = await requests.request('onMessage', { token, message: body }, tracingId);
      if (withAttributes) attributes.delivered(withAttributes);
      return echo;
    } catch (failure) {
      // 4013: the attributes are too large for the server after all; they are dropped (§7) and the message goes without.
      if (!withAttributes || (failure as ParleyError).status != 4013) throw failure;
      attributes.refused(failure as ParleyError);
      return requests.request('onMessage', { token, message }, tracingId);
    } finally {
      sends.delete(tracingId);
    }
  };

  return {
    capabilities: abilities,
    fileLimits: uploads.limits,
    upload: uploads.upload,
    on: link.on,

    async connect({ session, identity, visitorId }) {
      const attempt = link.begin();
      if (visitorId !== tokensVisitor) tokens = settings.tokensFor?.(env);
      tokensVisitor = visitorId;
      token = readStoredSession(session)?.token ?? newUuid();
      configuredBefore = false;
      readOnly = false;
      over = false;
      offered = new Map();
      history.reset();
      downloads.reset();
      attributes.set(identity);
      const answer = await new Promise<SessionAnswer>((resolve, reject) => {
        configureWaiter = { resolve, reject };
        link.untilOpen().catch(reject);
        listen();
      });
      attempt.check();
      const resumed = !answer.newSession;
      const walk = resumed ? await history.walk(() => true, 50) : { entities: [], complete: true };
      attempt.check();
      // Read-only: shown, then ended once the core has taken the history ("New chat" starts the next one).
      if (answer.readOnly) endedTimer = clock.setTimeout(() => conversationOver('read-only'), 0);
      const messages = toMessages(walk.entities.reverse());
      for (const message of messages) downloads.note(message, true);
      return { session: { token }, messages, resumed, hasMoreBefore: !walk.complete };
    },

    async send({ clientId, text, attachments = [] }) {
      if (readOnly) throw link.fault('ended', 'the conversation is read-only');
      if (!configured) throw link.fault('network', 'not connected');
      const button = attachments.length ? undefined : offered.get(text.trim());
      const buttonResponse = button && { text: button.label, payload: button.value ?? button.label, type: button.kind == 'reply' ? 'QuickReply' : 'Button' };
      // Uploaded files ride on a Text message by id (§5 item 5); the echo expands them.
      const files = attachments.map((attachment) => ({ contentType: 'Attachment', attachment: { id: attachment.id } }));
      const message = buttonResponse
        ? { type: 'Structured', text, content: [{ contentType: 'ButtonResponse', buttonResponse }] }
        : { type: 'Text', text, ...(files.length ? { content: files } : {}) };
      const echo = readStructured((await sendMessage(clientId, message)).body, now());
      if (echo?.kind != 'message') return link.badAnswer('onMessage');
      return { id: echo.message.id, createdAt: echo.message.createdAt };
    },

    async fetchSince(afterId) {
      const walk = await history.walk((entities) => afterId !== undefined && history.indexOf(entities, afterId) >= 0);
      const at = afterId === undefined ? -1 : history.indexOf(walk.entities, afterId);
      const messages = toMessages((at < 0 ? walk.entities : walk.entities.slice(0, at)).reverse());
      for (const message of messages) downloads.note(message, true);
      return messages;
    },

    async fetchBefore(beforeId, limit) {
      const walk = await history.walk((entities) => {
        const at = history.indexOf(entities, beforeId);
        return at >= 0 && entities.length > at + limit;
      });
      const at = history.indexOf(walk.entities, beforeId);
      if (at < 0) return { messages: [], hasMore: false };
      const older = walk.entities.slice(at + 1, at + 1 + limit);
      return { messages: toMessages(older.reverse()), hasMore: walk.entities.length > at + 1 + limit || !walk.complete };
    },

    async setTyping(typing) {
      if (!typing || !configured || readOnly || clock.now() - lastTypingAt < TYPING_EVERY_MS) return;
      lastTypingAt = clock.now();
      await requests.request('onMessage', { token, message: { type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] } });
    },

    async identify(identity) {
      attributes.set(identity);
    },

    disconnect: link.stop,
  };
}
