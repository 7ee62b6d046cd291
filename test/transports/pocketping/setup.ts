/**
 * Shared setup for PocketPing transport tests that want a fresh local server per test: the server,
 * and transports over real HTTP/WebSockets with fast reconnect timings, disconnected after each test.
 */
import { afterEach, beforeEach } from 'vitest';
import { startPocketPingServer, type PocketPingServer } from '../../../servers/pocketping/index.js';
import type { Transport } from '../../../src/core/transport';
import { pocketping } from '../../../src/transports/pocketping/index';
import { nodeEnv } from '../../helpers/node-env';

export const fast = { minDelay: 20, maxDelay: 200, stallMs: 800, stallAttempts: 3, connectTimeout: 1000 };

export interface PerTest {
  /** This test's server. */
  readonly srv: PocketPingServer;
  /** A transport against it (`fetch`: the network, real by default). */
  open(fetch?: typeof globalThis.fetch): Transport;
}

/** Registers the hooks: a server before each test; after it, every transport disconnected and the server stopped. */
export function serverPerTest(): PerTest {
  let srv: PocketPingServer | undefined;
  const made: Transport[] = [];
  beforeEach(async () => {
    srv = await startPocketPingServer({});
  });
  afterEach(async () => {
    for (const transport of made.splice(0)) transport.disconnect();
    await srv?.stop();
  });
  return {
    get srv() {
      return srv!;
    },
    open(fetch = globalThis.fetch) {
      const transport = pocketping({ endpoint: srv!.endpoint, socket: fast }).create(nodeEnv({ fetch }));
      made.push(transport);
      return transport;
    },
  };
}
