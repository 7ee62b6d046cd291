/**
 * The `/test/*` control API shape shared by the local servers (servers/genesys, servers/genesys-messaging):
 * a JSON body, a route key `METHOD collection[/:id][/action]`, a JSON answer (`{ok: true}` when the
 * handler returns nothing), 404 for an unknown route and a `ControlError`'s status for an action that
 * cannot be done now.
 */
import { decode, isObj, readBody, sendError, sendJson } from '../genesys/http-util.js';

/** An agent-side action that cannot be done now (its HTTP status for the control API). */
export class ControlError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * Answers one control request. `routesFor` gets the JSON body and the `:id` of the path and returns
 * the handlers by route key (it may throw a ControlError too).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {number} maxBodyBytes
 * @param {(request: { body: Record<string, any>, id: string }) => Record<string, () => unknown>} routesFor
 */
export async function answerControl(req, res, url, maxBodyBytes, routesFor) {
  const raw = (await readBody(req, maxBodyBytes)) || '';
  /** @type {Record<string, any>} */
  let body = {};
  try {
    const parsed = raw ? JSON.parse(raw) : {};
    if (isObj(parsed)) body = parsed;
  } catch {
    return sendError(res, 400, 'bad.request', 'invalid JSON');
  }
  const [, , collection, id, action] = url.pathname.split('/').map(decode);
  const route = `${req.method} ${collection}${id ? '/:id' : ''}${action ? '/' + action : ''}`;
  try {
    const handler = routesFor({ body, id })[route];
    if (!handler) return sendError(res, 404, 'not.found', `no control route ${route}`);
    const out = handler();
    sendJson(res, 200, out === undefined ? { ok: true } : out);
  } catch (error) {
    if (error instanceof ControlError) return sendError(res, error.status, 'control', error.message);
    throw error;
  }
}
