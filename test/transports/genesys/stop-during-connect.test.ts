import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../../helpers/node-env';
import { holdAnswer, stopDuringConnect } from '../../helpers/stop-during-connect';
import { harness, type Harness } from './setup';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

const B = '/api/v2/webchat/guest/conversations';
/** Upgrade requests for an event stream the server received. */
const streamRequests = () => h.srv.requests().filter((r) => r.url.startsWith('/chat/jwt/')).length;

/** A conversation to resume, its first transport gone. */
async function storedSession() {
  const first = await h.start();
  first.t.disconnect();
  return first.r.session;
}

describe('genesys: a connect stopped by disconnect()', () => {
  it.each([
    ['the resume check (GET the guest member)', true, (url: string, method: string) => method == 'GET' && /\/members\/[^/?]+$/.test(url)],
    ['POST /conversations', false, (url: string, method: string) => method == 'POST' && url.endsWith(B)],
  ])('while waiting for %s settles, opens no event stream and reports no link', async (_step, resume, matches) => {
    const session = resume ? await storedSession() : undefined;
    const streamsBefore = streamRequests();
    const hold = holdAnswer(matches);
    const { t } = h.open({}, { fetch: hold.fetch });
    const { outcome, linksAfterStop } = await stopDuringConnect(t, hold, { visitorId: 'v1', session });
    expect(outcome).toMatchObject({ code: 'network', message: 'genesys: disconnected' });
    expect(streamRequests()).toBe(streamsBefore);
    expect(linksAfterStop).toEqual([]);
  });

  it('while reading the history of a resumed chat settles, and closes the stream it had opened', async () => {
    const session = await storedSession();
    const hold = holdAnswer((url) => url.includes('/messages?sortOrder=descending'));
    const { t } = h.open({}, { fetch: hold.fetch });
    const { outcome, linksAfterStop } = await stopDuringConnect(t, hold, { visitorId: 'v1', session });
    expect(outcome).toMatchObject({ code: 'network', message: 'genesys: disconnected' });
    expect(linksAfterStop).toEqual([]);
    await until(() => h.srv.conversations()[0]?.sockets === 0, 3000, 'the stream closed on the server');
  });

  it('while the event stream is opening settles and reports no link', async () => {
    const { t, rec } = h.open();
    h.srv.dropSockets(60_000); // the stream cannot open for now
    const connecting = t.connect({ visitorId: 'v1' }).catch((error: unknown) => error);
    await until(() => streamRequests() > 0, 3000, 'a stream attempt');
    t.disconnect();
    expect(await connecting).toMatchObject({ code: 'network', message: 'genesys: disconnected' });
    expect(rec.of('link')).toEqual([]);
  });
});
