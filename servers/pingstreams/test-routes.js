// Agent-side control API of the local Pingstreams server, under `/test/…` (tests, demo operator console).
// Not part of the Pingstreams wire protocol.
import { randomBytes } from 'node:crypto';

/**
 * @param {{ state: ReturnType<typeof import('./state.js').createState>,
 *   agent: { say(rid: string, text: string, o?: { name?: string }): unknown, join(rid: string, name: string): unknown,
 *     close(rid: string): unknown, setAvailable(b: boolean): void },
 *   bot: { say(req: any, markbot: string): unknown },
 *   mintToken: (claims: Record<string, unknown>, o?: { expiresInSec?: number }) => string,
 *   setRefused: (b: boolean) => void, dropSockets: () => void }} deps
 */
export function createTestRoutes({ state, agent, bot, mintToken, setRefused, dropSockets }) {
  /** refresh token → visitor claims (for the demo token endpoint) */
  const refreshTokens = new Map();

  /**
   * A site-style token endpoint (docs/pingstreams.md "Token endpoint contract"): form body
   * `grant_type=client_credentials` or `grant_type=refresh_token&refresh_token=…`.
   * The demo has no site login, so every caller is the same demo visitor.
   * @param {any} body
   */
  function tokenEndpoint(body) {
    const b = body && typeof body === 'object' ? body : {};
    let claims = { _id: 'demo-visitor', firstname: 'Demo', lastname: 'Visitor', email: 'demo@visitor.test' };
    if (b.grant_type === 'refresh_token') {
      const known = refreshTokens.get(b.refresh_token);
      if (!known) return { status: 401, body: { error: 'invalid_grant' } };
      refreshTokens.delete(b.refresh_token);
      claims = known;
    } else if (b.grant_type !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    }
    const expiresIn = Number(b.expires_in) > 0 ? Number(b.expires_in) : 300;
    const refresh = randomBytes(12).toString('hex');
    refreshTokens.set(refresh, claims);
    return {
      status: 200,
      body: { access_token: mintToken(claims, { expiresInSec: expiresIn }), token_type: 'bearer', expires_in: expiresIn, refresh_token: refresh },
    };
  }

  /**
   * @param {string} method
   * @param {string} path path after `/test`
   * @param {any} body
   * @returns {{ status: number, body: unknown }}
   */
  return function testRoute(method, path, body) {
    const b = body && typeof body === 'object' ? body : {};
    const m = /^\/requests\/([^/]+)\/(say|join|close|messages|bot)$/.exec(path);
    try {
      if (m && m[2] === 'messages' && method === 'GET') return { status: 200, body: state.messagesOf(m[1]) };
      if (m && method === 'POST') {
        const rid = m[1];
        const out = m[2] === 'say' ? agent.say(rid, String(b.text ?? ''), { name: b.name })
          : m[2] === 'join' ? agent.join(rid, String(b.name ?? 'Agent'))
          : m[2] === 'close' ? agent.close(rid)
          // A bot reply written in Markbot (`* button` lines), or given as message fields (`attributes`).
          : b.attributes ? state.addMessage(state.requests.get(rid), { sender: 'bot_demo', senderFullname: 'Demo bot', text: String(b.text ?? ''), attributes: b.attributes })
          : bot.say(state.requests.get(rid), String(b.text ?? ''));
        return { status: 200, body: out };
      }
      if (path === '/requests' && method === 'GET') return { status: 200, body: [...state.requests.values()].map(state.populated) };
      if (path === '/available' && method === 'POST') {
        agent.setAvailable(b.available !== false);
        return { status: 200, body: { available: b.available !== false } };
      }
      if (path === '/drop-sockets' && method === 'POST') {
        dropSockets();
        return { status: 200, body: { dropped: true } };
      }
      if (path === '/websocket-refused' && method === 'POST') {
        setRefused(b.refused !== false);
        return { status: 200, body: { refused: b.refused !== false } };
      }
      if (path === '/token' && method === 'POST') return tokenEndpoint(b);
    } catch (err) {
      return { status: 404, body: { success: false, msg: String(/** @type {Error} */ (err).message) } };
    }
    return { status: 404, body: { success: false, msg: 'Object not found.' } };
  };
}
