/**
 * Shared setup for the Pingstreams transport tests: the local server, a transport over real
 * HTTP/WebSockets with fast reconnect timings, and an event recorder.
 */
import { startPingstreamsServer, type PingstreamsServer, type PingstreamsServerOptions } from '../../../servers/pingstreams/index.js';
import { pingstreams, type PingstreamsOptions } from '../../../src/transports/pingstreams/index';
import type { Transport, TransportEnv } from '../../../src/core/transport';
import { nodeEnv, until } from '../../helpers/node-env';
import { record, type Recorded } from '../../helpers/recorder';

export const fast = { minDelay: 20, maxDelay: 150, stallMs: 600, stallAttempts: 3, connectTimeout: 1000 };

export interface Harness {
  srv: PingstreamsServer;
  /** Transports made by `open()`, disconnected by `close()`. */
  made: Transport[];
  open(opts?: Partial<PingstreamsOptions>, env?: Partial<TransportEnv>): { t: Transport; rec: Recorded; env: ReturnType<typeof nodeEnv> };
  close(): Promise<void>;
}

/** Starts a server and returns a harness that builds transports against it. */
export async function harness(serverOpts: PingstreamsServerOptions = {}): Promise<Harness> {
  const srv = await startPingstreamsServer(serverOpts);
  const made: Transport[] = [];
  return {
    srv,
    made,
    open(opts = {}, envOver = {}) {
      const env = nodeEnv(envOver);
      const t = pingstreams({ projectId: srv.projectId, apiUrl: srv.apiUrl, socket: fast, snapshotTimeout: 500, ...opts }).create(env);
      made.push(t);
      return { t, rec: record(t), env };
    },
    async close() {
      for (const t of made) t.disconnect();
      await srv.stop();
    },
  };
}

/** Waits for the link to report `state` as its latest value. */
export const linkIs = (rec: Recorded, state: string, ms = 3000) =>
  until(() => rec.of('link').at(-1) === state, ms, `link ${state}`);
