// Test control surface, NOT part of the protocol (sheet §9 suggestions): `/test/*` at the server root plays
// the operator and exposes what the server stored, and `/test/operator-stream` is a WebSocket that sees every
// frame sent to any session, for the demo's operator console.
//
// Routes (method not checked; JSON bodies; errors are `4xx {"error": "..."}` with a JSON Content-Type):
//   POST /test/operator-say      {sessionId, content}        → {message}
//   POST /test/operator-typing   {sessionId, isTyping=true}  → {ok}
//   POST /test/operator-online   {online}                    → {ok, online}
//   POST /test/request-csat      {sessionId}                 → {ok}
//   POST /test/emit-event        {sessionId?, name, data?}   → {ok}   (no sessionId: broadcastEvent)
//   GET  /test/events                                        → {events}   custom events received from clients
//   GET  /test/sessions                                      → {sessions} with connected, messageCount, lastMessage
//   GET  /test/messages?sessionId=&after=                    → {messages} stored rows (duplicates included),
//                                                               after = message id, exclusive; unknown → all
//   POST /test/reset                                         → {ok}   forget sessions, messages, events
// Operator stream frames: `{type, sessionId, data}` where type is any server → client frame type (message,
// typing, read, message_edited, ...) or `session` (created or updated). It accepts
// `{type:"say", sessionId, content}` and `{type:"typing", sessionId, isTyping}`.

import { WebSocket, WebSocketServer } from 'ws';
import { readRaw } from './express.js';
import { setCors } from './middleware.js';

/** @typedef {import('./pocketping.js').PocketPing} PocketPing */
/** @typedef {import('node:http').IncomingMessage & { rawBody?: string }} Req */
/** @typedef {import('node:http').ServerResponse} Res */

export const OPERATOR_STREAM_PATH = '/test/operator-stream';

class ControlError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** @param {Res} res @param {number} status @param {unknown} body */
function sendJson(res, status, body) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}

/** @param {Req} req */
async function jsonBody(req) {
  const raw = await readRaw(req);
  try {
    const body = raw ? JSON.parse(raw) : {};
    if (body && typeof body === 'object') return body;
  } catch {
    // fall through
  }
  throw new ControlError(400, 'body must be a JSON object');
}

/** @param {unknown} v @param {string} name */
function requireString(v, name) {
  if (typeof v !== 'string' || !v) throw new ControlError(400, `${name} must be a non-empty string`);
  return v;
}

/** @param {PocketPing} pp @param {unknown} sessionId */
async function requireSession(pp, sessionId) {
  const session = await pp.getSession(requireString(sessionId, 'sessionId'));
  if (!session) throw new ControlError(404, 'Session not found');
  return session;
}

/** @param {PocketPing} pp @param {string} sessionId */
function storedMessages(pp, sessionId) {
  return pp.storage.messages.get(sessionId) ?? [];
}

/** @param {PocketPing} pp @param {any} body */
async function operatorSay(pp, body) {
  await requireSession(pp, body.sessionId);
  if (typeof body.content !== 'string') throw new ControlError(400, 'content must be a string');
  return { message: await pp.sendOperatorMessage(body.sessionId, body.content) };
}

/** @param {PocketPing} pp @param {any} body */
async function operatorTyping(pp, body) {
  return pp.handleTyping({ sessionId: requireString(body.sessionId, 'sessionId'), sender: 'operator', isTyping: body.isTyping !== false });
}

/** @typedef {(pp: PocketPing, req: Req, query: URLSearchParams) => Promise<unknown>} Route */
const ROUTES = new Map(/** @type {Array<[string, Route]>} */ ([
  ['operator-say', async (pp, req) => operatorSay(pp, await jsonBody(req))],
  ['operator-typing', async (pp, req) => operatorTyping(pp, await jsonBody(req))],
  ['operator-online', async (pp, req) => {
    const { online } = await jsonBody(req);
    if (typeof online !== 'boolean') throw new ControlError(400, 'online must be a boolean');
    pp.setOperatorOnline(online);
    return { ok: true, online };
  }],
  ['request-csat', async (pp, req) => {
    const { sessionId } = await jsonBody(req);
    await requireSession(pp, sessionId);
    return pp.requestCsat(sessionId);
  }],
  ['emit-event', async (pp, req) => {
    const { sessionId, name, data } = await jsonBody(req);
    requireString(name, 'name');
    if (sessionId === undefined) pp.broadcastEvent(name, data);
    else pp.emitEvent(requireString(sessionId, 'sessionId'), name, data);
    return { ok: true };
  }],
  ['events', async (pp) => ({ events: pp.receivedEvents })],
  ['sessions', async (pp) => ({
    sessions: (await pp.storage.getAllSessions()).map((s) => {
      const list = storedMessages(pp, s.id);
      return { ...s, connected: pp.connections.get(s.id)?.size ?? 0, messageCount: list.length, lastMessage: list.at(-1) ?? null };
    }),
  })],
  ['messages', async (pp, _req, q) => {
    const list = storedMessages(pp, q.get('sessionId') ?? '');
    const after = q.get('after');
    const i = after ? list.findIndex((m) => m.id === after) : -1;
    return { messages: list.slice(i + 1) };
  }],
  ['reset', async (pp) => {
    pp.storage.clear();
    pp.receivedEvents.length = 0;
    return { ok: true };
  }],
]));

/**
 * Control routes and the operator stream for one PocketPing instance.
 * @param {PocketPing} pp
 */
export function createControl(pp) {
  const wss = new WebSocketServer({ noServer: true });
  pp.monitors.add((sessionId, frame) => {
    if (!wss.clients.size) return;
    const text = JSON.stringify({ type: frame.type, sessionId, data: frame.data });
    for (const ws of wss.clients) if (ws.readyState === WebSocket.OPEN) ws.send(text);
  });
  wss.on('connection', (ws) => {
    ws.on('message', async (raw) => {
      try {
        const frame = JSON.parse(String(raw));
        if (frame.type === 'say') await operatorSay(pp, frame);
        else if (frame.type === 'typing') await operatorTyping(pp, frame);
      } catch (e) {
        pp.log('operator frame ignored', e);
      }
    });
  });

  return {
    wss,
    /**
     * Answers a `/test/...` request; `name` is the path after `/test/`.
     * @param {Req} req @param {Res} res @param {string} name @param {string} qs
     */
    async handle(req, res, name, qs) {
      setCors(res);
      if (req.method === 'OPTIONS') {
        res.statusCode = 204;
        res.end();
        return;
      }
      const route = ROUTES.get(name);
      if (!route) {
        sendJson(res, 404, { error: `unknown control route /test/${name}` });
        return;
      }
      try {
        sendJson(res, 200, await route(pp, req, new URLSearchParams(qs)));
      } catch (e) {
        if (e instanceof ControlError) sendJson(res, e.status, { error: e.message });
        else sendJson(res, 500, { error: String(e) });
      }
    },
    /** @param {import('node:http').IncomingMessage} req @param {import('node:stream').Duplex} socket @param {Buffer} head */
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close() {
      for (const ws of wss.clients) ws.terminate();
    },
  };
}
