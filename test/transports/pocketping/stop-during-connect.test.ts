import { describe, expect, it } from 'vitest';
import { holdAnswer, stopDuringConnect } from '../../helpers/stop-during-connect';
import { serverPerTest } from './setup';

const server = serverPerTest();

/** A session with one operator message, so a resume reads history after /connect. */
async function sessionWithHistory() {
  const first = server.open();
  const { session } = await first.connect({ visitorId: 'v1' });
  first.disconnect();
  await server.srv.pp.sendOperatorMessage(String(session.sessionId), 'hello');
  return session;
}

describe('pocketping: a connect stopped by disconnect()', () => {
  it.each([
    ['POST /connect', (url: string) => url.endsWith('/connect')],
    ['GET /messages (reading the history forward)', (url: string) => url.includes('/messages?')],
  ])('while waiting for %s settles, opens no stream and reports no link', async (_step, matches) => {
    const session = await sessionWithHistory();
    const streamsBefore = server.srv.streamRequests();
    const hold = holdAnswer(matches);
    const { outcome, linksAfterStop } = await stopDuringConnect(server.open(hold.fetch), hold, { visitorId: 'v1', session });
    expect(outcome).toMatchObject({ code: 'network', message: 'pocketping: disconnected' });
    expect(server.srv.streamRequests()).toBe(streamsBefore);
    expect(linksAfterStop).toEqual([]);
  });
});
