/** The options of `genesys()`, and how they are read (a `config` error names the bad key). */
import { authOption, type TokenResponse } from '../../auth/token-provider';
import type { Identity } from '../../core/types';
import { identityMapper, type IdentityMap } from '../identity';
import type { SocketTuning } from '../link';
import type { OptionReader } from '../options';
import { GENESYS } from './wire';

/** Options of `genesys()` (script tag: `data-organization-id`, `data-deployment-id`, `data-queue`, …). */
export interface GenesysOptions {
  organizationId: string;
  deploymentId: string;
  /** Queue name (`routingTarget.targetAddress`). */
  queue: string;
  /** Skill names; a comma-separated string is accepted too. */
  skills?: string[] | string;
  /** Language name, e.g. `English`. */
  language?: string;
  priority?: number | string;
  /** Region host, e.g. `mypurecloud.ie` → `https://api.mypurecloud.ie`. Default `mypurecloud.com`. */
  environment?: string;
  /** Full API origin instead of `environment` (a proxy, or a local test server; a path on the page's host too). */
  apiUrl?: string;
  /** Guest name when the visitor has not given one. Default `Guest`. */
  displayName?: string;
  avatarImageUrl?: string;
  /** Sent as `memberInfo.customFields`, under the visitor's string traits. */
  customFields?: Record<string, string>;
  /** Traits → `memberInfo` fields (docs/identity.md). */
  identityMap?: IdentityMap;
  /**
   * Authenticated guests: a token from the site (`{ tokenUrl }` or a function; see createTokenProvider),
   * fetched afresh for each new chat and sent as `memberAuthToken` (a JWT from Genesys's `signeddata`).
   */
  auth?: { tokenUrl: string } | (() => Promise<TokenResponse>);
  /** Expected heartbeat interval of the event stream, ms (default 30 000): 2.5× without any frame reopens it. */
  heartbeatMs?: number;
  /** Reconnect timings of the event stream (tests shorten them). */
  socket?: SocketTuning;
}

/** `memberInfo` of a new chat (§5). */
export interface MemberInfo {
  displayName?: string;
  avatarImageUrl?: string;
  customFields?: Record<string, string>;
  [field: string]: unknown;
}

/** Names in a list or separated by commas: trimmed, empties dropped (`undefined` when none). */
const names = (value: unknown): string[] | undefined => {
  const list = String(value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return list.length ? list : undefined;
};

/** The options, validated. */
export function readGenesysOptions(read: OptionReader) {
  const organizationId = read.required('organizationId');
  const deploymentId = read.required('deploymentId');
  // `environment` as the SDK's setEnvironment takes it: a scheme and `api.` are dropped.
  const region = (read.text('environment') || 'mypurecloud.com').replace(/^(https?:\/\/)?(api\.)?/, '');
  const base = (read.url('apiUrl', ['http', 'https']) || 'https://api.' + region).replace(/\/+$/, '');
  const skills = read.raw('skills');
  if (skills != null && typeof skills != 'string' && !Array.isArray(skills)) read.fail('skills', 'a list');
  const avatarImageUrl = read.text('avatarImageUrl');
  const displayName = read.text('displayName') || 'Guest';
  const customFields = read.object<Record<string, unknown>>('customFields');
  const contact = identityMapper(GENESYS, read.raw('identityMap'), { displayName: 'name', email: 'email', avatarImageUrl: 'avatar', phoneNumber: 'phone', customFields: '*' });
  return {
    base,
    scope: `${base}|${organizationId}|${deploymentId}`,
    route: {
      organizationId,
      deploymentId,
      routingTarget: {
        targetType: 'QUEUE',
        targetAddress: read.required('queue'),
        skills: names(skills),
        language: read.text('language'),
        priority: read.number('priority') || undefined,
      },
    },
    /** Frames are expected at least every heartbeat: 2.5 of them without any reopens the stream. */
    silenceMs: (read.number('heartbeatMs') || 30000) * 2.5,
    socket: read.object<SocketTuning>('socket'),
    /** A token provider per chat, when the site's auth is on. */
    tokensFor: authOption(GENESYS, read.raw('auth')),
    /** `memberInfo`: the mapped identity over the guest defaults; custom fields keep strings only. */
    memberInfo(identity?: Identity): MemberInfo {
      const info: MemberInfo = { avatarImageUrl, ...(identity && contact(identity)) };
      const fields: Record<string, string> = {};
      for (const [key, value] of Object.entries({ ...customFields, ...Object(info.customFields) })) if (typeof value == 'string') fields[key] = value;
      info.customFields = Object.keys(fields).length ? fields : undefined;
      info.displayName ||= displayName;
      return info;
    },
  };
}

export type GenesysSettings = ReturnType<typeof readGenesysOptions>;
