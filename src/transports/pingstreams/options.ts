/** The options of `pingstreams()`, and how they are read (a `config` error names the bad key). */
import type { TokenResponse, TokenSource } from '../../auth/token-provider';
import { identityMapper, type IdentityMap } from '../identity';
import { asRecord } from '../kit';
import type { SocketTuning } from '../link';
import type { OptionReader } from '../options';
import { PINGSTREAMS } from './wire';

/**
 * How the visitor signs in (sheet §2):
 * - `'anonymous'` (default): a guest; the guest token is kept in the session so a reload resumes.
 * - `{ token }`: a custom visitor JWT minted by the site's backend (no renewal: expiry ends the session).
 * - `{ tokenUrl }` / `{ getToken }`: custom visitor JWTs from the site, renewed before they expire
 *   (see `createTokenProvider` for the endpoint contract).
 * - `{ email, password }`: a registered Pingstreams user.
 */
export type PingstreamsAuth =
  | 'anonymous'
  | { token: string }
  | { tokenUrl: string }
  | { getToken: () => Promise<TokenResponse> }
  | { email: string; password: string };

/** Options of `pingstreams()`. */
export type PingstreamsOptions = {
  /** The project id (Tiledesk-style 24-hex). Required. */
  projectId: string;
  /** REST base URL, e.g. `https://api.example.com/v3` or a path on the page's host (a trailing slash is fine). Required. */
  apiUrl: string;
  /** Realtime WebSocket URL (`?token=` is appended). Default: the API host at `/`, `http`→`ws`. */
  wsUrl?: string;
  /** Department new requests go to. */
  departmentId?: string;
  auth?: PingstreamsAuth;
  /** Shorthand for `auth: { tokenUrl }` (script tag: `data-token-url`). */
  tokenUrl?: string;
  /** Reconnect tuning (tests, unusual networks). */
  socket?: SocketTuning;
  /** Wait for a subscription's snapshot before falling back to polling, ms. Default 5000. */
  snapshotTimeout?: number;
  /** Traits → lead `fullname`, `email`, `attributes` (docs/identity.md). */
  identityMap?: IdentityMap;
};

/** A validated auth mode: the anonymous guest, a password sign-in, or the site's tokens. */
export type SignInMode = { kind: 'anonymous' } | { kind: 'password'; email: string; password: string } | { kind: 'site'; source: TokenSource };

const nonEmpty = (value: unknown): value is string => typeof value == 'string' && value > '';

/** The `auth` option (or its `tokenUrl` shorthand) as a sign-in mode. */
function readSignInMode(read: OptionReader): SignInMode {
  const tokenUrl = read.raw('tokenUrl');
  const given = read.raw('auth') ?? (tokenUrl == null ? 'anonymous' : { tokenUrl });
  if (given === 'anonymous') return { kind: 'anonymous' };
  const fields = typeof given == 'object' ? asRecord(given) : {};
  const { token, email, password, getToken } = fields;
  if (nonEmpty(fields.tokenUrl)) return { kind: 'site', source: fields.tokenUrl };
  if (typeof getToken == 'function') return { kind: 'site', source: getToken as () => Promise<TokenResponse> };
  // A fixed token is simply tried again when refused.
  if (nonEmpty(token)) return { kind: 'site', source: async () => ({ access_token: token }) };
  if (nonEmpty(email) && nonEmpty(password)) return { kind: 'password', email, password };
  return read.fail(read.raw('auth') == null ? 'tokenUrl' : 'auth', "'anonymous' or {token|tokenUrl|getToken|email,password}");
}

/** The options, validated. */
export function readPingstreamsOptions(read: OptionReader) {
  const projectId = read.required('projectId');
  if (!/^[\w-]+$/.test(projectId)) read.fail('projectId', 'an id');
  const base = (read.url('apiUrl', ['http', 'https']) ?? read.fail('apiUrl', 'an http(s) URL')).replace(/\/+$/, '');
  return {
    projectId,
    base,
    scope: base + '/' + projectId,
    wsUrl: read.url('wsUrl', ['ws', 'wss']) ?? base.replace(/^http(s?:\/\/[^/]+).*/, 'ws$1/'),
    departmentId: read.text('departmentId'),
    signIn: readSignInMode(read),
    snapshotTimeout: read.number('snapshotTimeout') || 5000,
    socket: read.object<SocketTuning>('socket'),
    contact: identityMapper(PINGSTREAMS, read.raw('identityMap'), { fullname: 'name', email: 'email', attributes: '*' }),
  };
}

export type PingstreamsSettings = ReturnType<typeof readPingstreamsOptions>;
