/** The options of `genesysMessaging()`, and how they are read (a `config` error names the bad key). */
import { authOption, type TokenResponse } from '../../auth/token-provider';
import { identityMapper, type IdentityMap } from '../identity';
import type { SocketTuning } from '../link';
import type { OptionReader } from '../options';
import { GENESYS_MESSAGING } from './wire';

/** Options of the `genesys-messaging` backend (script tag: `data-deployment-id`, `data-environment`, …). */
export interface GenesysMessagingOptions {
  /** The Messenger deployment id. Required. */
  deploymentId: string;
  /**
   * The region domain, e.g. `mypurecloud.ie` or `usw2.pure.cloud`: the socket is
   * `wss://webmessaging.<domain>/v1?deploymentId=…`, REST `https://api.<domain>`. Default `mypurecloud.com`.
   */
  environment?: string;
  /** The socket URL instead of `environment` (a proxy, a local server): `deploymentId` is added to its query. */
  wsUrl?: string;
  /** The REST origin instead of `environment` (history). */
  apiUrl?: string;
  /**
   * Authenticated messaging (§2.9): the site's token endpoint (or a function) whose `access_token` is the
   * Genesys JWT of the signed-in visitor (the site's backend gets it from Genesys's
   * `oauthcodegrantjwtexchange`). Every (re)connect then sends `configureAuthenticatedSession` with it; a
   * refused JWT (401) is fetched again once. Unset: a guest session.
   */
  auth?: { tokenUrl: string } | (() => Promise<TokenResponse>);
  /** Traits → custom attributes (docs/identity.md); every value is sent as a string. */
  identityMap?: IdentityMap;
  /** Keep-alive `echo` interval, ms (default 45 000; 2.5 of them without any frame reopen the socket). */
  keepAliveMs?: number;
  /** Reconnect timings of the socket (tests shorten them). */
  socket?: SocketTuning;
}

/** The options, validated. */
export function readGenesysMessagingOptions(read: OptionReader) {
  const deploymentId = read.required('deploymentId');
  // `environment` as Messenger's snippet takes a domain: a scheme and a `webmessaging.`/`api.` prefix are dropped.
  const domain = (read.text('environment') || 'mypurecloud.com').replace(/^([a-z]+:\/\/)?(webmessaging\.|api\.)?/i, '').replace(/\/.*$/, '');
  if (!/^[a-z0-9.-]+$/i.test(domain)) read.fail('environment', 'a region domain such as mypurecloud.ie');
  const wsBase = read.url('wsUrl', ['ws', 'wss']) ?? `wss://webmessaging.${domain}/v1`;
  const apiUrl = (read.url('apiUrl', ['http', 'https']) ?? `https://api.${domain}`).replace(/\/+$/, '');
  const socketUrl = new URL(wsBase);
  socketUrl.searchParams.set('deploymentId', deploymentId);
  const keepAliveMs = read.number('keepAliveMs') || 45000;
  return {
    deploymentId,
    wsUrl: socketUrl.href,
    apiUrl,
    scope: `${apiUrl}|${deploymentId}`,
    keepAliveMs,
    socket: read.object<SocketTuning>('socket'),
    /** A token provider per visitor, when the site's auth is on. */
    tokensFor: authOption(GENESYS_MESSAGING, read.raw('auth')),
    contact: identityMapper(GENESYS_MESSAGING, read.raw('identityMap'), { id: 'id', name: 'name', email: 'email', '*': '*' }),
  };
}

export type GenesysMessagingSettings = ReturnType<typeof readGenesysMessagingOptions>;
