/**
 * A site's token endpoint for Pingstreams custom-JWT visitors, on 127.0.0.1 (port 0): what a site's
 * backend does once its own login says who the visitor is. It follows the token-provider contract
 * (src/auth/token-provider.ts): form body `grant_type=client_credentials` or
 * `grant_type=refresh_token&refresh_token=…`, answer `{ access_token, token_type, expires_in, refresh_token }`.
 * The access token is a JWT signed with the project's secret (`sub: 'userexternal'`, `aud` = the
 * project URL), as Pingstreams checks custom JWTs (servers/pingstreams/auth.js).
 */
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { signJwt } from '../../servers/pingstreams/jwt.js';

export interface TokenEndpoint {
  url: string;
  /** Every grant asked for, in order (`client_credentials` | `refresh_token`). */
  calls: string[];
  /** Every access token handed out (to check they are never logged). */
  issued: string[];
  close(): Promise<void>;
}

export interface TokenEndpointOptions {
  projectId: string;
  projectSecret: string;
  /** Lifetime of each access token, seconds. */
  expiresIn: number;
  /** The signed-in visitor (the site's user). */
  user: { _id: string; firstname?: string; lastname?: string; email?: string };
}

export async function startTokenEndpoint(o: TokenEndpointOptions): Promise<TokenEndpoint> {
  const calls: string[] = [];
  const issued: string[] = [];
  const refreshTokens = new Set<string>();
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      if (raw.length < 8192) raw += c;
    });
    req.on('end', () => {
      // The widget runs on another origin (the page's): answers must be readable cross-origin.
      const headers = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'Content-Type', 'Content-Type': 'application/json' };
      if (req.method === 'OPTIONS') return void res.writeHead(204, headers).end();
      const form = new URLSearchParams(raw);
      const grant = form.get('grant_type') ?? '';
      calls.push(grant);
      if (req.method !== 'POST' || !['client_credentials', 'refresh_token'].includes(grant)) {
        return void res.writeHead(400, headers).end(JSON.stringify({ error: 'unsupported_grant_type' }));
      }
      if (grant === 'refresh_token' && !refreshTokens.delete(form.get('refresh_token') ?? '')) {
        return void res.writeHead(401, headers).end(JSON.stringify({ error: 'invalid_grant' }));
      }
      const iat = Math.floor(Date.now() / 1000);
      const access = signJwt(
        { sub: 'userexternal', aud: `https://pingstreams.com/projects/${o.projectId}`, iat, exp: iat + o.expiresIn, ...o.user },
        o.projectSecret,
      );
      issued.push(access);
      const refresh = randomBytes(12).toString('hex');
      refreshTokens.add(refresh);
      res.writeHead(200, headers).end(JSON.stringify({ access_token: access, token_type: 'bearer', expires_in: o.expiresIn, refresh_token: refresh }));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token`,
    calls,
    issued,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
