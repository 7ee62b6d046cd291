// MemoryStorage of @pocketping/sdk-node 1.1.0, kept faithful on purpose: messages live in one array per
// session and `saveMessage` always pushes, which is what makes `/read` duplicate history (quirk §8.6).

/**
 * @typedef {{ id: string, messageId: string | null, filename: string, mimeType: string, size: number,
 *   url: string, thumbnailUrl: string | null, status: 'pending' | 'uploading' | 'ready' | 'failed',
 *   createdAt: Date, uploadedFrom: string, bridgeFileId?: string }} Attachment
 * @typedef {{ id: string, sessionId: string, content: string, sender: 'visitor' | 'operator' | 'ai',
 *   timestamp: Date, replyTo?: string, metadata?: Record<string, unknown>, attachments?: Attachment[],
 *   status?: 'sent' | 'delivered' | 'read', deliveredAt?: Date, readAt?: Date, editedAt?: Date,
 *   deletedAt?: Date }} Message
 * @typedef {{ pending?: boolean, score?: number, comment?: string, requestedAt?: Date, respondedAt?: Date }} Csat
 * @typedef {{ id: string, visitorId: string, createdAt: Date, lastActivity: Date, operatorOnline: boolean,
 *   aiActive: boolean, metadata?: Record<string, unknown>, identity?: Record<string, unknown> & { id: string },
 *   userPhone?: string, userPhoneCountry?: string, csat?: Csat }} Session
 */

/** Id format shared by sdk-node and the stock widget: `Date.now()` in base 36, a dash, 9 random base-36 chars. */
export function generateId() {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 11)}`;
}

/** In-memory storage with sdk-node's MemoryStorage semantics (default page of 50, oldest first). */
export class MemoryStorage {
  /** @type {Map<string, Session>} */
  sessions = new Map();
  /** @type {Map<string, Message[]>} */
  messages = new Map();
  /** @type {Map<string, Attachment>} */
  attachments = new Map();

  /** @param {Session} session */
  async createSession(session) {
    this.sessions.set(session.id, session);
  }

  /** @param {string} id */
  async getSession(id) {
    return this.sessions.get(id) ?? null;
  }

  /** Most recent session of a visitor, by `lastActivity`. @param {string} visitorId */
  async getSessionByVisitorId(visitorId) {
    /** @type {Session | null} */
    let found = null;
    for (const s of this.sessions.values()) {
      if (s.visitorId === visitorId && (!found || s.lastActivity > found.lastActivity)) found = s;
    }
    return found;
  }

  /** @param {Session} session */
  async updateSession(session) {
    this.sessions.set(session.id, session);
  }

  /** Appends, always: saving an existing message again duplicates it. @param {Message} message */
  async saveMessage(message) {
    const list = this.messages.get(message.sessionId) ?? [];
    list.push(message);
    this.messages.set(message.sessionId, list);
  }

  /**
   * `after` is a message id, exclusive; an unknown id reads from the first message.
   * @param {string} sessionId @param {string} [after] @param {number} [limit]
   */
  async getMessages(sessionId, after, limit = 50) {
    const list = this.messages.get(sessionId) ?? [];
    let start = 0;
    if (after) {
      const i = list.findIndex((m) => m.id === after);
      if (i !== -1) start = i + 1;
    }
    return list.slice(start, start + limit);
  }

  /** First stored message with this id, in any session. @param {string} id */
  async getMessage(id) {
    for (const list of this.messages.values()) {
      const m = list.find((x) => x.id === id);
      if (m) return m;
    }
    return null;
  }

  /** Replaces the first stored copy. @param {Message} message */
  async updateMessage(message) {
    const list = this.messages.get(message.sessionId);
    const i = list ? list.findIndex((m) => m.id === message.id) : -1;
    if (list && i !== -1) list[i] = message;
  }

  /** @param {Attachment} attachment */
  async saveAttachment(attachment) {
    this.attachments.set(attachment.id, attachment);
  }

  /** @param {string} id */
  async getAttachment(id) {
    return this.attachments.get(id) ?? null;
  }

  /** @param {Attachment} attachment */
  async updateAttachment(attachment) {
    this.attachments.set(attachment.id, attachment);
  }

  async getAllSessions() {
    return [...this.sessions.values()];
  }

  /** Not in sdk-node: lets a test server start over without a new process. */
  clear() {
    this.sessions.clear();
    this.messages.clear();
    this.attachments.clear();
  }
}
