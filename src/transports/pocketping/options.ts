/** The options of `pocketping()`, and how they are read (a `config` error names the bad key). */
import { authOption, type TokenResponse } from '../../auth/token-provider';
import { isStrings } from '../../core/guards';
import type { Identity } from '../../core/types';
import { identityMapper, type IdentityMap } from '../identity';
import type { SocketTuning } from '../link';
import type { OptionReader } from '../options';
import type { FileLimits } from '../../core/transport';
import { SDK_NODE_FILE_LIMITS } from './uploads';
import { POCKETPING } from './wire';

/** Options of `pocketping()` (a type alias so raw config records stay comparable with it). */
export type PocketPingOptions = {
  /**
   * Base URL of the PocketPing routes, e.g. `https://site.example/pocketping`, or a path on the page's
   * own host (`/pocketping`). Required.
   */
  endpoint: string;
  /**
   * WebSocket URL (`?sessionId=` is appended). Default: the endpoint with `http`→`ws` plus `/stream`.
   * sdk-node serves it at `/pocketping/stream` whatever the HTTP mount (quirk 8): set it when mounted elsewhere.
   */
  streamUrl?: string;
  /** Edit/delete routes: `sdk-node` (default) `POST /edit`, `/delete`; `saas`: `PATCH`/`DELETE /message/{id}`. */
  editRoutes?: 'sdk-node' | 'saas';
  /** Upload routes (sheet §3.11): `sdk-node` (default) `/upload-request`, `/upload-complete`; `saas`: `/upload`, `/upload/complete`. */
  uploadRoutes?: 'sdk-node' | 'saas';
  /**
   * What the server accepts: `{ maxBytes, types }` (MIME types; `image/*` wildcards allowed). Default: sdk-node's
   * (10 MB, its list). `false`: no files (a server without upload storage); the attach button is hidden.
   */
  uploads?: false | { maxBytes: number; types?: string[] };
  /** Extra request headers (cross-origin, sdk-node's CORS allows only its own two). */
  headers?: Record<string, string>;
  /** `X-PocketPing-Version` value, compared by the server with its widget versions. Default: Parley's version. */
  version?: string;
  /** Reconnect tuning (tests, unusual networks). */
  socket?: SocketTuning;
  /**
   * For endpoints behind the site's own auth: every HTTP request carries `Authorization: <token_type>
   * <access_token>` from this token source (`{ tokenUrl }` or a function; see createTokenProvider).
   * The stream has no auth in PocketPing (its `sessionId` is the secret).
   */
  auth?: { tokenUrl: string } | (() => Promise<TokenResponse>);
  /** Traits → `identity` fields (docs/identity.md). Default: the traits as they are. */
  identityMap?: IdentityMap;
};

/** The options, validated. */
export function readPocketPingOptions(read: OptionReader) {
  const base = (read.url('endpoint', ['http', 'https']) ?? read.fail('endpoint', 'an http(s) URL')).replace(/\/$/, '');
  const stream = read.url('streamUrl', ['ws', 'wss']) ?? base.replace(/^http/, 'ws') + '/stream';
  const headers = read.object<Record<string, string>>('headers');
  if (headers && !isStrings(headers)) read.fail('headers', 'a map of strings');
  const contact = identityMapper(POCKETPING, read.raw('identityMap'), { '*': '*', id: 'id', name: 'name', email: 'email' });
  return {
    base,
    scope: base,
    /** The stream URL up to the session id. */
    streamAt: stream + (stream.includes('?') ? '&' : '?') + 'sessionId=',
    saasRoutes: read.oneOf('editRoutes', ['sdk-node', 'saas']) === 'saas',
    saasUploads: read.oneOf('uploadRoutes', ['sdk-node', 'saas']) === 'saas',
    fileLimits: readUploads(read),
    headers,
    version: read.text('version'),
    socket: read.object<SocketTuning>('socket'),
    /** A token provider per visitor, when the site's auth is on. */
    tokensFor: authOption(POCKETPING, read.raw('auth')),
    /** The identity as sent: mapped, and always with its `id` (sdk-node refuses one without). */
    identityFields: (identity?: Identity) => identity && { id: identity.id, ...contact(identity) },
  };
}

/** The `uploads` option: the limits files are checked against, or undefined for no files. */
function readUploads(read: OptionReader): FileLimits | undefined {
  const uploads = read.raw('uploads');
  if (uploads === undefined) return SDK_NODE_FILE_LIMITS;
  if (uploads === false || uploads === 'false') return undefined;
  const limits = read.object<{ maxBytes?: unknown; types?: unknown }>('uploads')!;
  const { maxBytes, types } = limits;
  if (typeof maxBytes !== 'number' || !(maxBytes > 0)) read.fail('uploads', '{ maxBytes: number, types?: string[] } or false');
  if (types !== undefined && !(Array.isArray(types) && types.every((type) => typeof type === 'string'))) read.fail('uploads', 'types: a list of MIME types');
  return { maxBytes, types: types as string[] | undefined };
}

export type PocketPingSettings = ReturnType<typeof readPocketPingOptions>;
