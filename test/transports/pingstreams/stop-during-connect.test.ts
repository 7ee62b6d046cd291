import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { holdAnswer, stopDuringConnect } from '../../helpers/stop-during-connect';
import { harness, linkIs, type Harness } from './setup';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

/** A guest's conversation with one message, stored as a reload would find it. */
async function storedSession() {
  const { t, rec } = h.open();
  const { session } = await t.connect({ visitorId: 'v1' });
  await t.send({ clientId: 'c1', text: 'hello' });
  await linkIs(rec, 'live');
  t.disconnect();
  return session;
}

describe('pingstreams: a connect stopped by disconnect()', () => {
  it.each([
    ['the guest sign-in', false, (url: string) => url.endsWith('/auth/signinAnonymously')],
    ['the history of the stored request', true, (url: string) => url.endsWith('/messages')],
  ])('while waiting for %s settles, opens no socket and reports no link', async (_step, resume, matches) => {
    const session = resume ? await storedSession() : undefined;
    const streamsBefore = h.srv.streamRequests();
    const hold = holdAnswer(matches);
    const { t } = h.open({}, { fetch: hold.fetch });
    const { outcome, linksAfterStop } = await stopDuringConnect(t, hold, { visitorId: 'v1', session });
    expect(outcome).toMatchObject({ code: 'network', message: 'pingstreams: disconnected' });
    expect(h.srv.streamRequests()).toBe(streamsBefore);
    expect(linksAfterStop).toEqual([]);
  });
});
