/**
 * Pingstreams transport (Tiledesk-wire-compatible; protocol sheet `pingstreams.md`).
 * REST for what the visitor does and for history (§2–§3); one reconnecting WebSocket (`?token=`) for
 * what arrives (§5). There is no resume cursor (quirk 9): every (re)open resubscribes, and the link is
 * reported `live` only once the message snapshot shows the subscription holds; the core then catches
 * up over REST, and polls `fetchSince()` while the socket is unavailable (`link: 'polling'`).
 */
import { createTokenProvider, type TokenProvider } from '../../auth/token-provider';
import type { ParleyError } from '../../core/errors';
import type { Transport, TransportCapabilities, TransportEnv, TransportSpec } from '../../core/transport';
import type { Fields } from '../identity';
import { asRecord, rating } from '../kit';
import { createLink, type CallAuth } from '../link';
import { defineBackend } from '../options';
import { createUploader, PINGSTREAMS_FILE_LIMITS } from './uploads';
import { readPingstreamsOptions, type PingstreamsOptions, type PingstreamsSettings } from './options';
import { actionAttributes } from './buttons';
import { newRequestId, PINGSTREAMS, readRealtimeFrame, readSent, readSignIn, readStoredSession, toMessages, type RealtimeEvent } from './wire';

export type { PingstreamsAuth, PingstreamsOptions } from './options';

/**
 * Visitors can close (`closeg`) and rate (`rating`) a request; the API has no visitor routes for
 * typing, receipts, edits, replies, custom events or paging (the message list is unpaginated). Files go
 * through the upload routes (uploads.ts). Agent availability is not pushed to visitors.
 */
const capabilities: TransportCapabilities = {
  // A visitor can close and rate a request, and send files:
  csat: true, endConversation: true, attachments: true,
  // …and has no route for the rest:
  typing: false, readReceipts: false, editDelete: false, replyTo: false, presence: false, customEvents: false, historyPaging: false,
};

/** Validates the options and returns the backend spec (bad options: its `create()` throws the `config` error). */
export const pingstreams = (options: PingstreamsOptions): TransportSpec => defineBackend(PINGSTREAMS, options, readPingstreamsOptions, createPingstreamsTransport);

/** Tokens go out as `JWT <token>` (quirk 1); one that says so already goes as it is. */
const jwtHeader = (token: string) => (/^JWT /i.test(token) ? token : 'JWT ' + token);

function createPingstreamsTransport(settings: PingstreamsSettings, env: TransportEnv): Transport {
  const { clock, page } = env;
  /** The snapshot wait of the current subscription. */
  let snapshotTimer: unknown;
  const link = createLink(PINGSTREAMS, env, () => clock.clearTimeout(snapshotTimer));
  /** The visitor's user id (their messages' `sender`). */
  let userId = '';
  let requestId = '';
  /** The anonymous guest's `JWT …` token (other modes use `tokens`). */
  let guestToken = '';
  /** The request exists on the server (it is created by its first message, quirk 6). */
  let created = false;
  /** The request is closed (or the visitor's own close is under way: the server pushes it before it answers). */
  let closed = false;
  /** The visitor's lead fields (mapped identity): sent with every message, since visitors cannot edit leads. */
  let lead: Fields = {};
  let visitor: string | undefined;
  let tokens: TokenProvider | undefined;
  /** Per bot action name: whether the bot asked for its message to be shown (`show_echo`). */
  const echoes = new Map<string, boolean>();

  const http = (path: string, auth?: CallAuth, method?: string, body?: unknown, keepalive?: boolean) =>
    link.json(settings.base + path, { method, body, keepalive }, auth);

  /** One of the three sign-in routes (§2): sets the visitor's user id, returns the token. */
  const signIn = async (path: string, body?: unknown, token?: string) => {
    const signedIn = readSignIn(await http('/auth/' + path, token ? { token, header: jwtHeader } : undefined, 'POST', body)) ?? link.badAnswer(path);
    userId = signedIn.userId;
    return signedIn.token;
  };
  const signInAsGuest = async () => {
    guestToken = await signIn('signinAnonymously', { id_project: settings.projectId, firstname: lead.fullname, email: lead.email, attributes: lead.attributes });
  };
  // Every mode but the guest's goes through a token provider (cached, renewed when due, one retry after a
  // 401): the site's custom JWTs (a fixed `token` is simply tried again), or the password sign-in.
  const newTokens = (): TokenProvider | undefined => {
    const mode = settings.signIn;
    if (mode.kind == 'anonymous') return undefined;
    const source = mode.kind == 'site' ? mode.source : async () => ({ access_token: await signIn('signin', { email: mode.email, password: mode.password }) });
    return createTokenProvider(source, env);
  };

  /** `/<project>/requests/<request id>`: the REST path and the realtime topic of the conversation. */
  const topic = () => `/${settings.projectId}/requests/${requestId}`;
  /** A call on the request with the current token (provider tokens get one retry on a 401). */
  const onRequest = (path: string, method?: string, body?: unknown, keepalive?: boolean) =>
    http(topic() + path, tokens ? { tokens, header: jwtHeader } : { token: guestToken, header: jwtHeader }, method, body, keepalive);
  const list = async () => {
    const answer = await onRequest('/messages');
    return Array.isArray(answer) ? toMessages(answer, userId, link.dropped, echoes) : link.badAnswer('messages');
  };

  const files = createUploader(
    env,
    settings.base,
    async () => jwtHeader(tokens ? await tokens.getToken() : guestToken),
    link.badAnswer,
  );

  const sendFrame = (action: string, payload: unknown) => link.socket()?.send(JSON.stringify({ action, payload }));
  /**
   * Follows the request and its messages. An unauthorised subscription is silent (quirk 10): without a
   * snapshot the core polls, and the subscription is tried again.
   */
  const subscribe = () => {
    clock.clearTimeout(snapshotTimer);
    if (!created) return link.setLink('live');
    for (const suffix of ['', '/messages']) sendFrame('subscribe', { topic: topic() + suffix });
    snapshotTimer = clock.setTimeout(() => {
      link.setLink('polling');
      subscribe();
    }, settings.snapshotTimeout);
  };

  const handle = (event: RealtimeEvent) => {
    // The server's keep-alive ping: any answer keeps the socket.
    if (event.kind == 'heartbeat') sendFrame('heartbeat', { message: { text: 'pong' } });
    else if (event.kind == 'request' && event.closed && !closed) {
      // Someone else closed it: the end, then the rating prompt (unless rated).
      closed = true;
      link.emit('ended', { reason: 'closed' });
      if (!event.rated) link.emit('csat', {});
    } else if (event.kind == 'messages') {
      clock.clearTimeout(snapshotTimer);
      link.setLink('live');
      for (const message of toMessages(event.items, userId, link.dropped, echoes)) link.emit('message', message);
    }
  };

  const listen = () =>
    link.openStream({
      // The server strips a leading `JWT ` from the token.
      url: async () => settings.wsUrl + '?token=' + encodeURIComponent(tokens ? await tokens.getToken() : guestToken),
      // The server pings every 30 s.
      tuning: { silenceMs: 45000, ...settings.socket },
      // `live` once the snapshot shows the subscription holds.
      liveOnOpen: false,
      onOpen: subscribe,
      onClose: () => clock.clearTimeout(snapshotTimer),
      onFrame: (frame) => handle(readRealtimeFrame(frame, topic())),
    });

  return {
    capabilities,
    fileLimits: PINGSTREAMS_FILE_LIMITS,
    upload: files.upload,
    on: link.on,

    async connect({ visitorId, identity, session }) {
      const attempt = link.begin();
      lead = identity ? settings.contact(identity) : {};
      // Another visitor: a new provider (the previous one's token and refresh token are theirs).
      if (visitorId != visitor) tokens = newTokens();
      visitor = visitorId;
      const stored = readStoredSession(session);
      if (tokens) {
        // The custom JWT creates the visitor's Project_user (§2.3); REST then uses the JWT itself.
        // (The password sign-in, run to get the token, has signed in already.)
        await tokens.withAuth(async (token) => settings.signIn.kind == 'password' || signIn('signinWithCustomToken', undefined, token));
      } else if (stored.token && stored.userId) {
        guestToken = stored.token;
        userId = stored.userId;
      } else await signInAsGuest();
      attempt.check();
      // Only the same user resumes a stored conversation.
      requestId = (stored.userId === userId && stored.requestId) || newRequestId(settings.projectId);
      const messages =
        stored.requestId == requestId
          ? await list().catch(async (error: ParleyError) => {
              // A stored guest token the server no longer takes: start over as a new guest.
              if (tokens || error.code != 'auth') throw error;
              await signInAsGuest();
              requestId = newRequestId(settings.projectId);
              return [];
            })
          : [];
      attempt.check();
      created = messages.length > 0;
      closed = false;
      listen();
      return { session: { requestId, userId, token: guestToken || undefined }, messages, resumed: created };
    },

    async send({ clientId, text, attachments, action, hidden }) {
      const file = attachments?.[0];
      const answer = await onRequest('/messages', 'POST', {
        text,
        ...(file && files.fileMessage(file)),
        senderFullname: lead.fullname,
        email: lead.email,
        // Echoes carry the client id back (quirk 11); the lead's attributes become the request's too.
        attributes: { ...asRecord(lead.attributes), clientId, ...actionAttributes(action, hidden) },
        departmentid: settings.departmentId,
        sourcePage: page.url,
        userAgent: page.userAgent,
        language: page.language,
      }, true); // keepalive: a tab closed right after a send still delivers it
      const sent = readSent(answer) ?? link.badAnswer('send');
      if (!created) {
        created = true;
        if (link.socket()?.isOpen()) subscribe();
      }
      return sent;
    },

    async fetchSince(afterId) {
      const all = await list();
      return all.slice(all.findIndex((message) => message.id === afterId) + 1);
    },

    echoesAction: (action) => echoes.get(action) === true,

    async identify(identity) {
      // Reaches the server with the next message (name, e-mail, attributes); visitors cannot edit leads.
      lead = settings.contact(identity);
    },

    async submitCsat(score, comment) {
      await onRequest('/rating', 'PATCH', { rating: score, rating_message: rating(PINGSTREAMS, score, comment) });
    },

    async end() {
      const wasClosed = closed;
      closed = true;
      try {
        // A request that never got a message does not exist on the server: nothing to close there.
        if (created) await onRequest('/closeg', 'PUT');
      } catch (error) {
        closed = wasClosed;
        throw error;
      }
      if (!wasClosed) link.emit('csat', {});
    },

    disconnect: link.stop,
  };
}
