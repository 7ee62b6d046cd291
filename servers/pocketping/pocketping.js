// The PocketPing class of @pocketping/sdk-node 1.1.0: route handlers, broadcasting and the server-side API
// (sheet §3, §9); the stream socket lives in stream.js, attachments in uploads.js. One class on purpose, as
// in sdk-node, so `pp.handleX` and `pp.sendOperatorMessage` read like the original. Bridges, AI and webhooks
// are left out: they never change what a widget sees, except that operator messages switch `aiActive` off,
// which is kept.

import { WebSocket, WebSocketServer } from 'ws';
import { generateId, MemoryStorage } from './storage.js';
import { createMiddleware } from './middleware.js';
import { acceptStream, rejectUpgrade, upgradePath, WS_PATH } from './stream.js';
import { requestUpload, setAttachmentStatus } from './uploads.js';
import { checkWidgetVersion, DEFAULT_UPGRADE_URL, versionWarning } from './version.js';

/** @typedef {import('./storage.js').Session} Session */
/** @typedef {import('./storage.js').Message} Message */
/** @typedef {import('./storage.js').Attachment} Attachment */
/** @typedef {{ name: string, data?: unknown, timestamp: string, sessionId?: string }} CustomEvent */
/** @typedef {(event: CustomEvent, session: Session) => void} EventHandler */
/** @typedef {{ type: string, data?: unknown }} Frame */
/**
 * @typedef {object} Quirks Real-server behaviours a client must tolerate; each can be switched off.
 * @property {boolean} oldestPageOnConnect `/connect` returns the oldest 50 messages (off: the newest 50).
 * @property {boolean} duplicateOnRead `/read` appends the read messages to history again (off: in place).
 */
/**
 * @typedef {object} PocketPingConfig
 * @property {string} [welcomeMessage]
 * @property {string} [minWidgetVersion]
 * @property {string} [latestWidgetVersion]
 * @property {string} [versionWarningMessage]
 * @property {string} [versionUpgradeUrl]
 * @property {number} [versionWarningDelay] ms between a non-ok `/connect` and its `version_warning` (500)
 * @property {boolean | string[]} [uaFilter]
 * @property {string[]} [ipBlocklist]
 * @property {boolean} [operatorOnline]
 * @property {Partial<Quirks>} [quirks]
 * @property {boolean} [aiEnabled] only reported by `/presence`; no AI is run
 * @property {number} [aiTakeoverDelay] seconds (300)
 * @property {number} [maxAttachmentSize] bytes (10 MiB)
 * @property {string[]} [allowedMimeTypes]
 * @property {string} [uploadBaseUrl]
 * @property {(session: Session) => void} [onNewSession]
 * @property {(message: Message, session: Session) => void} [onMessage]
 * @property {EventHandler} [onEvent]
 * @property {(session: Session) => void} [onIdentify]
 * @property {(session: Session, duration: number) => void} [onVisitorDisconnect]
 * @property {(session: Session, csat: { score: number, comment?: string }) => void} [onCsat]
 * @property {boolean | ((...args: unknown[]) => void)} [log]
 */

export class PocketPing {
  /** @param {PocketPingConfig} [config] */
  constructor(config = {}) {
    /** Mutable on purpose: the test server flips filters and quirks at run time. */
    this.config = {
      ...config,
      ipBlocklist: [...(config.ipBlocklist ?? [])],
      quirks: { oldestPageOnConnect: true, duplicateOnRead: true, ...config.quirks },
    };
    this.storage = new MemoryStorage();
    this.operatorOnline = !!config.operatorOnline;
    /** @type {Map<string, Set<WebSocket>>} */
    this.connections = new Map();
    /** @type {Map<string, Set<EventHandler>>} */
    this.eventHandlers = new Map();
    /** Custom events received over the stream and dispatched (test-server addition). @type {CustomEvent[]} */
    this.receivedEvents = [];
    /** Sees every frame sent to a session, socket or not (test-server addition). @type {Set<(sessionId: string, frame: Frame) => void>} */
    this.monitors = new Set();
    /** @type {Set<NodeJS.Timeout>} */
    this.timers = new Set();
    this.wss = new WebSocketServer({ noServer: true });
    const log = config.log;
    /** @type {(...args: unknown[]) => void} */
    this.log = typeof log === 'function' ? log : log ? (...a) => console.log('[pocketping]', ...a) : () => {};
  }

  // ─── Routes (sheet §3) ─────────────────────────────────────────────────────────────────────────────

  /** @param {any} request `{visitorId, sessionId?, metadata?, identity?}`, metadata already enriched */
  async handleConnect(request) {
    const now = new Date();
    let session = request.sessionId ? await this.storage.getSession(request.sessionId) : null;
    if (!session) session = await this.storage.getSessionByVisitorId(request.visitorId);
    if (!session) {
      session = {
        id: generateId(),
        visitorId: request.visitorId,
        createdAt: now,
        lastActivity: now,
        operatorOnline: this.operatorOnline,
        aiActive: false,
        metadata: request.metadata,
        identity: request.identity,
      };
      await this.storage.createSession(session);
      this.config.onNewSession?.(session);
      this.notify(session.id, { type: 'session', data: session });
    } else if (request.metadata) {
      // A returning visitor keeps the first-seen location; everything else is replaced.
      const old = session.metadata ?? {};
      session.metadata = {
        ...request.metadata,
        ip: old.ip ?? request.metadata.ip,
        country: old.country ?? request.metadata.country,
        city: old.city ?? request.metadata.city,
      };
      session.lastActivity = now;
      await this.storage.updateSession(session);
    }
    const all = this.storage.messages.get(session.id) ?? [];
    const messages = this.config.quirks.oldestPageOnConnect ? await this.storage.getMessages(session.id) : all.slice(-50);
    return {
      sessionId: session.id,
      visitorId: session.visitorId,
      operatorOnline: this.operatorOnline,
      welcomeMessage: this.config.welcomeMessage,
      messages,
    };
  }

  /** @param {any} request `{sessionId, content, sender, replyTo?, attachmentIds?, attachments?}` */
  async handleMessage(request) {
    const message = await this.storeMessage(request);
    return { messageId: message.id, timestamp: message.timestamp.toISOString() };
  }

  /** @param {any} request */
  async storeMessage(request) {
    const session = await this.storage.getSession(request.sessionId);
    if (!session) throw new Error('Session not found');
    const id = generateId();
    /** @type {Attachment[]} */
    const attachments = [];
    for (const attachmentId of request.attachmentIds ?? []) {
      const a = await this.storage.getAttachment(attachmentId);
      if (!a) continue; // unknown ids are skipped silently
      a.messageId = id;
      await this.storage.updateAttachment(a);
      attachments.push(a);
    }
    if (Array.isArray(request.attachments)) attachments.push(...request.attachments);
    /** @type {Message} */
    const message = {
      id,
      sessionId: request.sessionId,
      content: request.content,
      sender: request.sender,
      timestamp: new Date(),
      replyTo: request.replyTo,
      attachments: attachments.length ? attachments : undefined,
    };
    await this.storage.saveMessage(message);
    session.lastActivity = new Date();
    if (request.sender === 'operator') session.aiActive = false;
    await this.storage.updateSession(session);
    this.broadcastToSession(message.sessionId, { type: 'message', data: message });
    this.config.onMessage?.(message, session);
    return message;
  }

  /** @param {any} request `{sessionId?, after?, limit?}`, limit already a number */
  async handleGetMessages(request) {
    const limit = Math.min(request.limit ?? 50, 100);
    const messages = await this.storage.getMessages(request.sessionId, request.after, limit + 1);
    return { messages: messages.slice(0, limit), hasMore: messages.length > limit };
  }

  /** Broadcasts typing to the session; the session is not validated. @param {any} request */
  async handleTyping(request) {
    this.broadcastToSession(request.sessionId, {
      type: 'typing',
      data: { sessionId: request.sessionId, sender: request.sender, isTyping: request.isTyping ?? true },
    });
    return { ok: true };
  }

  async handlePresence() {
    return { online: this.operatorOnline, aiEnabled: !!this.config.aiEnabled, aiActiveAfter: this.config.aiTakeoverDelay ?? 300 };
  }

  /** @param {any} request `{sessionId, messageIds, status?}` */
  async handleRead(request) {
    const session = await this.storage.getSession(request.sessionId);
    if (!session) throw new Error('Session not found');
    const status = request.status ?? 'read';
    const now = new Date();
    let updated = 0;
    // Walks the first page, duplicates included, and saves each match again: the history grows (quirk §8.6).
    for (const m of await this.storage.getMessages(request.sessionId)) {
      if (!request.messageIds.includes(m.id)) continue;
      m.status = status;
      if (status === 'delivered') m.deliveredAt = now;
      else if (status === 'read') {
        m.deliveredAt = m.deliveredAt ?? now;
        m.readAt = now;
      }
      if (this.config.quirks.duplicateOnRead) await this.storage.saveMessage(m);
      updated++;
    }
    this.broadcastToSession(request.sessionId, {
      type: 'read',
      data: {
        messageIds: request.messageIds,
        status,
        deliveredAt: status === 'delivered' ? now : undefined,
        readAt: status === 'read' ? now : undefined,
      },
    });
    return { updated };
  }

  /** @param {any} request `{sessionId, identity: {id, ...}}` */
  async handleIdentify(request) {
    if (!request.identity?.id) throw new Error('identity.id is required');
    const session = await this.storage.getSession(request.sessionId);
    if (!session) throw new Error('Session not found');
    session.identity = request.identity;
    session.lastActivity = new Date();
    await this.storage.updateSession(session);
    this.config.onIdentify?.(session);
    this.notify(session.id, { type: 'session', data: session });
    return { ok: true };
  }

  /** Checks shared by edit and delete; any violation is a plain error (→ 500). @param {any} request */
  async editableMessage(request) {
    const session = await this.storage.getSession(request.sessionId);
    if (!session) throw new Error('Session not found');
    const message = await this.storage.getMessage(request.messageId);
    if (!message) throw new Error('Message not found');
    if (message.sessionId !== request.sessionId) throw new Error('Message does not belong to this session');
    if (message.deletedAt) throw new Error('Message already deleted');
    if (message.sender !== 'visitor') throw new Error('Only visitor messages can be changed');
    return message;
  }

  /** @param {any} request `{sessionId, messageId, content}` */
  async handleEditMessage(request) {
    const message = await this.editableMessage(request);
    const content = request.content.trim();
    if (!content) throw new Error('Content is required');
    if (content.length > 4000) throw new Error('Content too long');
    message.content = content;
    message.editedAt = new Date();
    await this.storage.updateMessage(message);
    this.broadcastToSession(message.sessionId, {
      type: 'message_edited',
      data: { messageId: message.id, content, editedAt: message.editedAt },
    });
    return { message: { id: message.id, content, editedAt: message.editedAt } };
  }

  /** Soft delete: `deletedAt` is set, `content` stays (quirk §8.7). @param {any} request */
  async handleDeleteMessage(request) {
    const message = await this.editableMessage(request);
    message.deletedAt = new Date();
    await this.storage.updateMessage(message);
    this.broadcastToSession(message.sessionId, {
      type: 'message_deleted',
      data: { messageId: message.id, deletedAt: message.deletedAt },
    });
    return { deleted: true };
  }

  /** @param {any} request `{sessionId, duration, reason}` */
  async handleDisconnect(request) {
    const session = await this.storage.getSession(request.sessionId);
    if (!session) throw new Error('Session not found');
    this.config.onVisitorDisconnect?.(session, request.duration);
    return { ok: true };
  }

  /** @param {any} request `{sessionId, state, timestamp}` */
  async handleVisibility(request) {
    const session = await this.storage.getSession(request.sessionId);
    if (!session) throw new Error('Session not found');
    if (request.state === 'visible') {
      session.lastActivity = new Date();
      await this.storage.updateSession(session);
    }
    return { ok: true };
  }

  /** Idempotent: a second rating answers `alreadyRated`. @param {any} request `{sessionId, score, comment?}` */
  async handleCsat(request) {
    const session = await this.storage.getSession(request.sessionId);
    if (!session) throw new Error('Session not found');
    const { score, comment } = request;
    if (!Number.isInteger(score) || score < 1 || score > 5) throw new Error('Score must be 1-5');
    if (session.csat?.score) return { ok: true, alreadyRated: true };
    session.csat = { ...session.csat, pending: false, score, comment, respondedAt: new Date() };
    await this.storage.updateSession(session);
    this.config.onCsat?.(session, { score, comment });
    this.notify(session.id, { type: 'session', data: session });
    return { ok: true };
  }

  /** @param {any} request `{sessionId, filename, mimeType, size}` */
  handleUploadRequest(request) {
    return requestUpload(this, request);
  }

  /** @param {any} request `{attachmentId}` */
  handleUploadComplete(request) {
    return setAttachmentStatus(this, request.attachmentId, 'ready');
  }

  /** @param {any} request `{attachmentId}` */
  handleUploadFailed(request) {
    return setAttachmentStatus(this, request.attachmentId, 'failed');
  }

  // ─── Server-side API (sheet §9) ────────────────────────────────────────────────────────────────────

  /** @param {string} sessionId @param {string} content @returns {Promise<Message>} */
  async sendOperatorMessage(sessionId, content) {
    return { ...(await this.storeMessage({ sessionId, content, sender: 'operator' })) };
  }

  /** Sets the global flag and tells every session that has a socket. @param {boolean} online */
  setOperatorOnline(online) {
    this.operatorOnline = online;
    for (const sessionId of this.connections.keys()) this.broadcastToSession(sessionId, { type: 'presence', data: { online } });
  }

  isOperatorOnline() {
    return this.operatorOnline;
  }

  /** @param {string} sessionId */
  async requestCsat(sessionId) {
    const session = await this.storage.getSession(sessionId);
    if (!session) throw new Error('Session not found');
    const requestedAt = new Date();
    session.csat = { ...session.csat, pending: true, requestedAt };
    await this.storage.updateSession(session);
    this.broadcastToSession(sessionId, { type: 'csat_request', data: { requestedAt } });
    return { ok: true };
  }

  /** @param {string} sessionId @param {string} name @param {unknown} [data] */
  emitEvent(sessionId, name, data) {
    this.broadcastToSession(sessionId, { type: 'event', data: { name, data, timestamp: new Date().toISOString(), sessionId } });
  }

  /** @param {string} name @param {unknown} [data] */
  broadcastEvent(name, data) {
    for (const sessionId of this.connections.keys()) this.emitEvent(sessionId, name, data);
  }

  /** Runs the server-side handlers as if the widget sent the event; sends nothing to the widget. @param {string} sessionId @param {string} name @param {unknown} [data] */
  async triggerEvent(sessionId, name, data) {
    await this.handleCustomEvent(sessionId, { name, data, timestamp: new Date().toISOString(), sessionId });
  }

  /** @param {string} name event name or `'*'` @param {EventHandler} handler @returns {() => void} unsubscribe */
  onEvent(name, handler) {
    const set = this.eventHandlers.get(name) ?? new Set();
    set.add(handler);
    this.eventHandlers.set(name, set);
    return () => this.offEvent(name, handler);
  }

  /** @param {string} name @param {EventHandler} handler */
  offEvent(name, handler) {
    this.eventHandlers.get(name)?.delete(handler);
  }

  /** @param {string} sessionId */
  getSession(sessionId) {
    return this.storage.getSession(sessionId);
  }

  getStorage() {
    return this.storage;
  }

  /** @param {string | undefined} version */
  checkWidgetVersion(version) {
    return checkWidgetVersion(this.config, version);
  }

  /** @param {string} sessionId @param {import('./version.js').VersionCheckResult} result */
  sendVersionWarning(sessionId, result) {
    this.broadcastToSession(sessionId, {
      type: 'version_warning',
      data: versionWarning(result, this.config.versionUpgradeUrl ?? DEFAULT_UPGRADE_URL),
    });
  }

  /** sdk-node sends the warning 500 ms after the `/connect` answer, so the socket has time to open. @param {string} sessionId @param {import('./version.js').VersionCheckResult} result */
  scheduleVersionWarning(sessionId, result) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.sendVersionWarning(sessionId, result);
    }, this.config.versionWarningDelay ?? 500);
    t.unref();
    this.timers.add(t);
  }

  // ─── Custom events and the stream socket (sheet §4) ─────────────────────────────────────────────────

  /** Named handlers, then `'*'`, then `config.onEvent`. Unknown session: warning, ignored. @param {string} sessionId @param {CustomEvent} event */
  async handleCustomEvent(sessionId, event) {
    const session = await this.storage.getSession(sessionId);
    if (!session) {
      this.log(`session ${sessionId} not found for custom event`);
      return false;
    }
    const handlers = [...(this.eventHandlers.get(event.name) ?? []), ...(this.eventHandlers.get('*') ?? [])];
    if (this.config.onEvent) handlers.push(this.config.onEvent);
    for (const h of handlers) {
      try {
        h(event, session);
      } catch (e) {
        this.log('event handler failed', e);
      }
    }
    return true;
  }

  /** Sends to every open socket of the session, the sender's own included. @param {string} sessionId @param {Frame} frame */
  broadcastToSession(sessionId, frame) {
    this.notify(sessionId, frame);
    const text = JSON.stringify(frame);
    for (const ws of this.connections.get(sessionId) ?? []) if (ws.readyState === WebSocket.OPEN) ws.send(text);
  }

  /** @param {string} sessionId @param {Frame} frame */
  notify(sessionId, frame) {
    for (const m of this.monitors) m(sessionId, frame);
  }

  /** The HTTP routes; mount it with a path prefix stripped from `req.url`. */
  middleware() {
    return createMiddleware(this);
  }

  /** Upgrade listener at the fixed path; anything else gets HTTP 400 like `ws` does. @param {import('node:http').Server} server */
  attachWebSocket(server) {
    server.on('upgrade', (req, socket, head) => {
      if (upgradePath(req) !== WS_PATH) rejectUpgrade(socket);
      else this.handleUpgrade(req, socket, head);
    });
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:stream').Duplex} socket @param {Buffer} head */
  handleUpgrade(req, socket, head) {
    this.wss.handleUpgrade(req, socket, head, (ws) => acceptStream(this, ws, req));
  }

  /** Terminates every stream socket (no close frame, like a network drop). */
  dropSockets() {
    for (const ws of this.wss.clients) ws.terminate();
  }

  /** Stops pending timers and sockets; storage and flags stay. */
  shutdown() {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.dropSockets();
    this.connections.clear();
  }
}
