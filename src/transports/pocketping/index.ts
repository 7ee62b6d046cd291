/**
 * PocketPing transport (sdk-node 1.1.0 and the SaaS; protocol sheet `pocketping.md`).
 * REST for everything the visitor does, one WebSocket for what arrives; the core polls
 * `fetchSince()` while the socket is unavailable (`link: 'polling'`).
 */
import type { TokenProvider } from '../../auth/token-provider';
import type { ParleyError } from '../../core/errors';
import type { Identity, Message } from '../../core/types';
import type { SendRequest, Transport, TransportCapabilities, TransportEnv, TransportSpec } from '../../core/transport';
import { isId, rating } from '../kit';
import { createLink, type Attempt } from '../link';
import { defineBackend } from '../options';
import { readPocketPingOptions, type PocketPingOptions, type PocketPingSettings } from './options';
import { createUploader } from './uploads';
import { deleted, fromFrame, merge, POCKETPING, readConnect, readDeleted, readEdited, readPage, readSent, type Emit } from './wire';

export type { PocketPingOptions } from './options';

/**
 * `attachments`: true (sdk-node's upload routes, or the SaaS ones with `uploadRoutes: 'saas'`); sdk-node's
 * upload URL points at a placeholder host unless the integrator gives it storage (`uploadBaseUrl`):
 * `uploads: false` turns files off for such a server. `historyPaging`: false, the server pages forward
 * only, so `connect()` reads the whole history. `endConversation`: false, PocketPing has no closed
 * state (the same session resumes); `end()` is only a "visitor left" notice.
 */
const capabilities: TransportCapabilities = {
  // sdk-node has routes or frames for these:
  typing: true, readReceipts: true, editDelete: true, replyTo: true, presence: true, customEvents: true, csat: true,
  // …and not for these:
  attachments: true,
  historyPaging: false, endConversation: false,
};

/** The version header; the server answers with `…-status` and `…-message` when this widget is behind. */
const VERSION_HEADER = 'x-pocketping-version';

/** Validates the options and returns the backend spec (bad options: its `create()` throws the `config` error). */
export const pocketping = (options: PocketPingOptions): TransportSpec => defineBackend(POCKETPING, options, readPocketPingOptions, createPocketPingTransport);

function createPocketPingTransport(settings: PocketPingSettings, env: TransportEnv): Transport {
  const { clock } = env;
  const link = createLink(POCKETPING, env);
  const headers = { ...settings.headers, [VERSION_HEADER]: settings.version || env.version };
  let sessionId = '';
  let visitorId = '';
  let identity: Identity | undefined;
  let connectedAt = 0;
  /** The site's tokens for the current visitor (a new provider per visitor). */
  let tokens: TokenProvider | undefined;

  /** Version news rides on every response (sent only when the status is ok; `unsupported` comes with a 426, which rejects anyway). */
  const readVersionHeaders = (response: Response) => {
    const notice = response.ok && response.headers.get(VERSION_HEADER + '-message');
    if (notice) link.warnOnce(link.fault('version', notice));
  };

  /**
   * Every route. A body is JSON and carries the session id (`/connect` brings its own; before it
   * there is none). sdk-node ignores the method, the SaaS does not (none: GET).
   */
  const call = (path: string, body?: object, method = body ? 'POST' : 'GET', keepalive?: boolean): Promise<unknown> =>
    link.json(
      settings.base + path,
      { method, body: body && { sessionId, ...body }, keepalive, headers },
      tokens && { tokens, header: (token, type) => type + ' ' + token },
      readVersionHeaders,
    );

  const fail = (error: ParleyError) => {
    link.stop();
    link.emit('error', error);
  };
  /** Frame events go out as they are, except warnings (once each) and errors (which stop everything). */
  const fromWire: Emit = (type, event) => {
    if (type === 'warning') link.warnOnce(event as ParleyError);
    else if (type === 'error') fail(event as ParleyError);
    else link.emit(type, event);
  };
  // Quirk 16: presence is pushed only to open sockets, so re-read it after time without one.
  // A failed check is not worth a word: the next reconnect or poll tries again.
  const readPresence = () =>
    call('/presence').then(
      (data) => fromFrame({ type: 'presence', data }, fromWire),
      () => undefined,
    );

  /** `POST /connect`: resumes `previous` (or, without one, the visitor's latest session) or starts one. */
  const start = async (previous: string | undefined, attempt: Attempt) => {
    const page = env.page;
    const answer = await call('/connect', {
      visitorId,
      sessionId: previous,
      // sdk-node's names; the other keys go along (it keeps any extra metadata).
      metadata: { ...page, pageTitle: page.title, screenResolution: page.screen },
      identity: settings.identityFields(identity),
    });
    attempt.check();
    const session = readConnect(answer) ?? link.badAnswer('connect');
    sessionId = session.sessionId;
    connectedAt = clock.now();
    return session;
  };

  /** The server lost the session (restarted on memory storage) and gave a new one: say so once, listen there. */
  const adoptNewSession = () => {
    link.warnOnce(link.fault('http', 'lost the conversation; started a new one'));
    listen();
  };

  /** After an outage the server may have lost the session: ask /connect again (item: operators must reach the visitor). */
  const checkSession = async () => {
    const known = sessionId;
    try {
      if ((await start(known, link.attempt())).sessionId !== known) adoptNewSession();
    } catch {
      // Stopped meanwhile, or the server failed again: the next reopen or send asks again.
    }
  };

  /** Opens the stream of the current session. */
  const listen = () => {
    /** This socket lost its link once: when it comes back, the session is checked. */
    let cameBack = false;
    link.openStream({
      url: () => settings.streamAt + encodeURIComponent(sessionId),
      tuning: settings.socket,
      // Quirk 11: 4000 (no session id) and 4003 (IP filter) will not get better by retrying.
      fatal: [4000, 4003],
      onOpen(previous) {
        if (previous) readPresence();
        if (cameBack) checkSession();
      },
      onFrame(frame) {
        if (!fromFrame(frame, fromWire)) link.dropped();
      },
      onClose(code, fatal) {
        cameBack = true;
        if (fatal) fail(link.fault(code === 4003 ? 'forbidden' : 'protocol', `stream refused (${code})`));
      },
    });
  };

  /** Reads forward from `after` while the server has more (bounded: 50 pages of 100), into `all`. */
  const pages = async (after?: string, all = new Map<string, Message>()) => {
    let cursor = after;
    for (let page = 0; page < 50 && cursor !== ''; page++) {
      const query = `/messages?sessionId=${encodeURIComponent(sessionId)}&limit=100` + (cursor ? '&after=' + encodeURIComponent(cursor) : '');
      // An answer without a list is not "nothing new": a clear protocol error (the core retries or reports it).
      const { rows, hasMore } = readPage(await call(query)) ?? link.badAnswer('messages');
      const added = merge(all, rows, link.dropped);
      // No new id means the server is rewinding (quirk 4 or a run of repeated rows): stop there.
      cursor = (hasMore && added) || '';
    }
    return [...all.values()];
  };

  const post = async ({ text, replyTo, attachments = [] }: SendRequest) =>
    // Keepalive: a tab closed right after a send still delivers it (a restored copy is looked for before it is sent again).
    readSent(await call('/message', { content: text, sender: 'visitor', replyTo, attachmentIds: attachments.map((file) => file.id) }, 'POST', true)) ??
    link.badAnswer('message');

  return {
    capabilities: { ...capabilities, attachments: !!settings.fileLimits },
    fileLimits: settings.fileLimits,
    upload: createUploader(env, call, settings.saasUploads, link.badAnswer),
    on: link.on,

    async connect(request) {
      const attempt = link.begin();
      // Another visitor: nothing of the previous one's (token, refresh token) carries over.
      if (request.visitorId !== visitorId) tokens = settings.tokensFor?.(env);
      visitorId = request.visitorId;
      identity = request.identity;
      const stored = request.session?.sessionId;
      const previous = isId(stored) ? stored : undefined;
      const answer = await start(previous, attempt);
      const all = new Map<string, Message>();
      // Quirk 5: /connect hands back the OLDEST page; read forward to the newest.
      const messages = await pages(merge(all, answer.messages, link.dropped) || '', all);
      attempt.check();
      listen();
      return {
        session: { sessionId },
        messages,
        operatorOnline: answer.operatorOnline,
        welcomeMessage: answer.welcomeMessage,
        resumed: sessionId === previous,
      };
    },

    // The core checks texts (1 to 4000 characters) before they reach a transport.
    async send(request) {
      const known = sessionId;
      try {
        return await post(request);
      } catch (error) {
        // Quirk 12: sdk-node answers 500 for an unknown session (e.g. restarted on memory storage).
        // Ask /connect once: the same id back means the session lives and the 500 was something else.
        if ((error as ParleyError).status !== 500 || (await start(known, link.attempt())).sessionId === known) throw error;
        adoptNewSession();
        return post(request);
      }
    },

    fetchSince(afterId) {
      if (link.state() !== 'live') readPresence();
      return pages(afterId);
    },

    setTyping: async (isTyping) => void (await call('/typing', { sender: 'visitor', isTyping })),

    // The core never asks with an empty list.
    markRead: async (messageIds) => void (await call('/read', { messageIds, status: 'read' })),

    async identify(newIdentity) {
      identity = newIdentity;
      await call('/identify', { identity: settings.identityFields(newIdentity) });
    },

    // Keepalive, as sends: an edit or a delete made right before the tab closes still reaches the server.
    async edit(id, content) {
      const answer = settings.saasRoutes
        ? await call('/message/' + encodeURIComponent(id), { content }, 'PATCH', true)
        : await call('/edit', { messageId: id, content }, 'POST', true);
      return readEdited(id, answer) || link.badAnswer('edit');
    },

    async remove(id) {
      const answer = settings.saasRoutes
        ? await call(`/message/${encodeURIComponent(id)}?sessionId=${encodeURIComponent(sessionId)}`, undefined, 'DELETE', true)
        : await call('/delete', { messageId: id }, 'POST', true);
      return readDeleted(answer) ? deleted(id) : link.badAnswer('delete');
    },

    async trigger({ name, data }) {
      // A socket still opening or reopening is waited for (after a stall or a stop it stays shut).
      // Without one, or while polling, the send below fails at once.
      const state = link.state();
      if (link.socket() && state !== 'live' && state !== 'polling') await link.untilOpen().catch(() => undefined);
      const frame = JSON.stringify({ type: 'event', data: { name, data, timestamp: new Date(clock.now()).toISOString() } });
      if (!link.socket()?.send(frame)) throw link.fault('network', 'no live connection');
    },

    async submitCsat(score, comment) {
      await call('/csat', { score, comment: rating(POCKETPING, score, comment) });
    },

    /** A "visitor left" notice (`POST /disconnect`, reason `manual`, whole seconds on the page); the session stays resumable. */
    async end() {
      const seconds = Math.floor((clock.now() - connectedAt) / 1000);
      await call('/disconnect', { duration: seconds, reason: 'manual' }, 'POST', true);
    },

    disconnect: link.stop,
  };
}
