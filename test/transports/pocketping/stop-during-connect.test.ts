import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPocketPingServer, type PocketPingServer } from '../../../servers/pocketping/index.js';
import type { Transport } from '../../../src/core/transport';
import { pocketping } from '../../../src/transports/pocketping/index';
import { nodeEnv } from '../../helpers/node-env';
import { holdAnswer, stopDuringConnect } from '../../helpers/stop-during-connect';

const fast = { minDelay: 20, maxDelay: 200, stallMs: 800, stallAttempts: 3, connectTimeout: 1000 };

let srv: PocketPingServer;
let made: Transport[] = [];
beforeEach(async () => {
  srv = await startPocketPingServer({});
});
afterEach(async () => {
  for (const transport of made) transport.disconnect();
  made = [];
  await srv.stop();
});

const transportWith = (fetch: typeof globalThis.fetch) => {
  const transport = pocketping({ endpoint: srv.endpoint, socket: fast }).create(nodeEnv({ fetch }));
  made.push(transport);
  return transport;
};

/** A session with one operator message, so a resume reads history after /connect. */
async function sessionWithHistory() {
  const first = transportWith(fetch);
  const { session } = await first.connect({ visitorId: 'v1' });
  first.disconnect();
  await srv.pp.sendOperatorMessage(String(session.sessionId), 'hello');
  return session;
}

describe('pocketping: a connect stopped by disconnect()', () => {
  it.each([
    ['POST /connect', (url: string) => url.endsWith('/connect')],
    ['GET /messages (reading the history forward)', (url: string) => url.includes('/messages?')],
  ])('while waiting for %s settles, opens no stream and reports no link', async (_step, matches) => {
    const session = await sessionWithHistory();
    const streamsBefore = srv.streamRequests();
    const hold = holdAnswer(matches);
    const { outcome, linksAfterStop } = await stopDuringConnect(transportWith(hold.fetch), hold, { visitorId: 'v1', session });
    expect(outcome).toMatchObject({ code: 'network', message: 'pocketping: disconnected' });
    expect(srv.streamRequests()).toBe(streamsBefore);
    expect(linksAfterStop).toEqual([]);
  });
});
