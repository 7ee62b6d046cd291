/**
 * The HTTP listener of the local servers that answer on one loopback port (servers/genesys,
 * servers/genesys-messaging): the loopback check, CORS preflights, one handler per request whose failure
 * becomes a JSON 500, WebSocket upgrades handed on, and listen / close that keep the port, so a restart
 * comes back where the clients look for it.
 */
import { createServer } from 'node:http';
import { sendError } from '../genesys/http-util.js';

const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];

/**
 * @typedef {object} LocalHttpOptions
 * @property {string} name the server's start function, for the loopback error
 * @property {string} [host] loopback only (default 127.0.0.1)
 * @property {number} [port] 0 (default) picks a free port, kept across restarts
 * @property {Record<string, string>} preflight the headers of the 204 answer to OPTIONS
 * @property {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, url: URL) => Promise<unknown>} handle
 * @property {(req: import('node:http').IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => void} upgrade
 * @property {() => void} terminateSockets closes every WebSocket (before the HTTP server closes)
 */

/**
 * Creates the listener (not listening yet: `await listen()`).
 * @param {LocalHttpOptions} options
 */
export function createLocalHttp({ name, host = '127.0.0.1', port = 0, preflight, handle, upgrade, terminateSockets }) {
  if (!LOOPBACK.includes(host)) throw new Error(`${name}: host must be loopback, got ${host}`);
  let boundPort = port;
  /** `host:port`, with an IPv6 host in brackets. */
  const origin = () => `${host.includes(':') ? `[${host}]` : host}:${boundPort}`;

  const http = createServer((req, res) => {
    const url = new URL(req.url || '/', `http://${origin()}`);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, preflight);
      return res.end();
    }
    handle(req, res, url).catch((error) => {
      if (!res.headersSent) sendError(res, 500, 'internal.server.error', String(error && error.message));
    });
  });
  http.on('upgrade', upgrade);

  return {
    origin,
    get port() {
      return boundPort;
    },
    /** Listens on the port (the first time: picks one when it is 0). */
    listen: () =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(boundPort, host, () => {
          http.off('error', reject);
          boundPort = /** @type {import('node:net').AddressInfo} */ (http.address()).port;
          resolve(undefined);
        });
      }),
    /** Ends every socket and connection and stops listening. */
    close: () =>
      new Promise((resolve) => {
        terminateSockets();
        http.close(() => resolve(undefined));
        http.closeAllConnections();
      }),
  };
}
