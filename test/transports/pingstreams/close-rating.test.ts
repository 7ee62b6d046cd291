import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../../helpers/node-env';
import { harness, linkIs, type Harness } from './setup';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

async function conversation() {
  const o = h.open();
  const r = await o.t.connect({ visitorId: 'v1' });
  await o.t.send({ clientId: 'c1', text: 'hello' });
  await linkIs(o.rec, 'live');
  return { ...o, session: r.session, rid: String(r.session.requestId), userId: String(r.session.userId) };
}

describe('pingstreams transport, closing and rating', () => {
  it('says what it can do', () => {
    const { t } = h.open();
    expect(t.capabilities).toMatchObject({ endConversation: true, csat: true, typing: false, editDelete: false, historyPaging: false });
  });

  it('lets the visitor close the conversation and then asks for a rating', async () => {
    const { t, rec, rid, userId } = await conversation();
    await t.end!();
    const [req] = h.srv.requests();
    expect(req).toMatchObject({ request_id: rid, status: 1000, closed_by: userId });
    expect(h.srv.seen().some((s) => s.method === 'PUT' && s.path.endsWith(`/requests/${rid}/closeg`))).toBe(true);
    expect(rec.of('csat')).toHaveLength(1);
    // The server's own push about the close does not announce a second end.
    await new Promise((r) => setTimeout(r, 100));
    expect(rec.of('ended')).toEqual([]);
    expect(rec.of('csat')).toHaveLength(1);
  });

  it('closes nothing on the server when the conversation never started', async () => {
    const { t, rec } = h.open();
    await t.connect({ visitorId: 'v1' });
    await t.end!();
    expect(h.srv.seen().filter((s) => s.path.endsWith('/closeg'))).toEqual([]);
    expect(rec.of('csat')).toHaveLength(1);
  });

  it('stores the rating and comment on the request', async () => {
    const { t } = await conversation();
    await t.end!();
    await t.submitCsat!(4, '  quick and kind  ');
    expect(h.srv.requests()[0]).toMatchObject({ rating: 4, rating_message: 'quick and kind' });
  });

  it('refuses a rating outside 1 to 5 stars', async () => {
    const { t } = await conversation();
    expect(await t.submitCsat!(7).catch((e: unknown) => e)).toMatchObject({ code: 'validation' });
    expect(h.srv.requests()[0].rating).toBeUndefined();
  });

  it('announces the end when the agent closes the conversation', async () => {
    const { rec, rid } = await conversation();
    h.srv.agent.close(rid);
    await until(() => rec.of('ended').length, 3000, 'ended');
    expect(rec.of('ended')).toEqual([{ reason: 'closed' }]);
    expect(rec.of('csat')).toHaveLength(1);
  });

  it('announces the end on resume when the conversation was closed meanwhile, and asks for a rating only until rated', async () => {
    const first = await conversation();
    first.t.disconnect();
    h.srv.agent.close(first.rid);
    const o = h.open();
    const r = await o.t.connect({ visitorId: 'v1', session: first.session });
    expect(r.resumed).toBe(true);
    await until(() => o.rec.of('ended').length, 3000, 'ended on resume');
    expect(o.rec.of('csat')).toHaveLength(1);
    await o.t.submitCsat!(5);
    o.t.disconnect();
    const rated = h.open();
    await rated.t.connect({ visitorId: 'v1', session: first.session });
    await until(() => rated.rec.of('ended').length, 3000, 'ended again');
    expect(rated.rec.of('csat')).toEqual([]);
  });
});
