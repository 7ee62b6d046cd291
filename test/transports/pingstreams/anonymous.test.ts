import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../../helpers/node-env';
import { harness, linkIs, type Harness } from './setup';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

describe('pingstreams transport, anonymous visitor', () => {
  it('starts a new conversation with a request id in the Pingstreams format', async () => {
    const { t } = h.open();
    const r = await t.connect({ visitorId: 'v1' });
    expect(r.resumed).toBe(false);
    expect(r.messages).toEqual([]);
    expect(r.session.requestId).toMatch(new RegExp(`^support-group-${h.srv.projectId}-[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$`));
    expect(r.session.userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.session.token).toMatch(/^JWT /);
    // The request does not exist until its first message.
    expect(h.srv.requests()).toEqual([]);
  });

  it('creates the request with the first message, carrying the page URL, user agent and identity', async () => {
    const { t } = h.open({ departmentId: 'dep-1' });
    const r = await t.connect({ visitorId: 'v1', identity: { id: 'u-7', name: 'Nora', email: 'nora@example.test', plan: 'pro' } });
    const sent = await t.send({ clientId: 'c1', text: 'Hello there' });
    expect(sent.id).toMatch(/^[0-9a-f]{24}$/);
    expect(Date.parse(sent.createdAt)).not.toBeNaN();
    const [req] = h.srv.requests();
    expect(req).toMatchObject({
      request_id: r.session.requestId,
      first_text: 'Hello there',
      sourcePage: 'http://127.0.0.1/page',
      userAgent: 'parley-test',
      language: 'en',
      departmentid: 'dep-1',
      lead: { fullname: 'Nora', email: 'nora@example.test' },
      attributes: { plan: 'pro', id: 'u-7' },
    });
    expect(req.snapshot.requester.uuid_user).toBe(r.session.userId);
    const seen = h.srv.seen().find((s) => s.method === 'POST' && s.path.endsWith('/messages'));
    expect(seen?.headers.authorization).toBe(r.session.token);
    expect(seen?.body).toMatchObject({ text: 'Hello there', senderFullname: 'Nora', attributes: { clientId: 'c1' } });
  });

  it('signs in with the visitor name and e-mail when an identity is known', async () => {
    const { t } = h.open();
    await t.connect({ visitorId: 'v1', identity: { id: 'u-1', name: 'Ike', email: 'ike@example.test' } });
    const seen = h.srv.seen().find((s) => s.path === '/auth/signinAnonymously');
    expect(seen?.body).toMatchObject({ id_project: h.srv.projectId, firstname: 'Ike', email: 'ike@example.test' });
  });

  it('receives agent messages live and its own echo with the client id', async () => {
    const { t, rec } = h.open();
    const r = await t.connect({ visitorId: 'v1' });
    await t.send({ clientId: 'c1', text: 'hi' });
    await linkIs(rec, 'live');
    const rid = String(r.session.requestId);
    h.srv.agent.say(rid, 'How can I help?', { name: 'Ada' });
    const got = await until(() => rec.of('message').find((m) => m.text === 'How can I help?'), 3000, 'agent message');
    expect(got).toMatchObject({ sender: 'agent', senderName: 'Ada' });
    const own = rec.of('message').find((m) => m.text === 'hi');
    expect(own).toMatchObject({ sender: 'visitor', clientId: 'c1', status: 'sent' });
  });

  it('shows an agent joining as a system message', async () => {
    const { t, rec } = h.open();
    const r = await t.connect({ visitorId: 'v1' });
    await t.send({ clientId: 'c1', text: 'hi' });
    await linkIs(rec, 'live');
    h.srv.agent.join(String(r.session.requestId), 'Ada');
    const got = await until(() => rec.of('message').find((m) => m.text === 'Ada joined'), 3000, 'join notice');
    expect(got.sender).toBe('system');
  });

  it('resumes the conversation after a reload with the stored session', async () => {
    const first = h.open();
    const r = await first.t.connect({ visitorId: 'v1' });
    await first.t.send({ clientId: 'c1', text: 'before reload' });
    h.srv.agent.say(String(r.session.requestId), 'answer');
    first.t.disconnect();

    const again = h.open();
    const r2 = await again.t.connect({ visitorId: 'v1', session: r.session });
    expect(r2.resumed).toBe(true);
    expect(r2.session).toEqual(r.session);
    expect(r2.messages.map((m) => [m.sender, m.text])).toEqual([['visitor', 'before reload'], ['agent', 'answer']]);
    // Only one guest was ever created.
    expect(h.srv.seen().filter((s) => s.path === '/auth/signinAnonymously')).toHaveLength(1);
    await linkIs(again.rec, 'live');
  });

  it('starts over as a new guest when the stored token is no longer accepted', async () => {
    const { t } = h.open();
    const stale = { requestId: `support-group-${h.srv.projectId}-0123`, userId: 'gone', token: 'JWT not.a.token' };
    const r = await t.connect({ visitorId: 'v1', session: stale });
    expect(r.resumed).toBe(false);
    expect(r.session.requestId).not.toBe(stale.requestId);
    expect(r.session.userId).not.toBe('gone');
    await t.send({ clientId: 'c1', text: 'fresh start' });
    expect(h.srv.messages(String(r.session.requestId)).map((m) => m.text)).toEqual(['fresh start']);
  });
});
