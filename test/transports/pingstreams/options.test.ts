import { afterEach, describe, expect, it } from 'vitest';
import { ParleyError } from '../../../src/core/errors';
import { pingstreams, type PingstreamsOptions } from '../../../src/transports/pingstreams/index';
import { nodeEnv } from '../../helpers/node-env';
import { harness, linkIs, type Harness } from './setup';

const valid = { projectId: '65c0ffee65c0ffee65c0ffee', apiUrl: 'https://api.example.test/v3' };
const keyOf = (o: Record<string, unknown>) => {
  // Factories do not throw: the spec's create() throws the config error (createChat reports it).
  const spec = pingstreams(o as PingstreamsOptions);
  try {
    spec.create(nodeEnv());
  } catch (e) {
    expect(e).toBeInstanceOf(ParleyError);
    expect((e as ParleyError).code).toBe('config');
    return (e as ParleyError).key;
  }
  return undefined;
};

describe('pingstreams() options', () => {
  it('names the key at fault', () => {
    expect(keyOf({ apiUrl: valid.apiUrl })).toBe('projectId');
    expect(keyOf({ ...valid, projectId: 'a/b' })).toBe('projectId');
    expect(keyOf({ projectId: valid.projectId })).toBe('apiUrl');
    expect(keyOf({ ...valid, apiUrl: 'ftp://x' })).toBe('apiUrl');
    expect(keyOf({ ...valid, wsUrl: 'https://x' })).toBe('wsUrl');
    expect(keyOf({ ...valid, departmentId: 3 })).toBe('departmentId');
    expect(keyOf({ ...valid, auth: 'guest' })).toBe('auth');
    expect(keyOf({ ...valid, auth: { email: 'a@b.c' } })).toBe('auth');
    expect(keyOf({ ...valid, auth: { token: '' } })).toBe('auth');
    expect(keyOf({ ...valid, tokenUrl: '' })).toBe('tokenUrl');
    expect(keyOf(null as unknown as Record<string, unknown>)).toBe('projectId');
  });

  it('accepts every auth mode', () => {
    for (const auth of ['anonymous', { token: 'x.y.z' }, { tokenUrl: '/parley/token' }, { getToken: async () => ({ access_token: 'a', token_type: 'bearer', expires_in: 60 }) }, { email: 'a@b.c', password: 'pw' }]) {
      expect(keyOf({ ...valid, auth })).toBeUndefined();
    }
    expect(keyOf({ ...valid, tokenUrl: 'https://site.test/token' })).toBeUndefined();
  });

  it('scopes the cache by API URL and project, ignoring a trailing slash', () => {
    const a = pingstreams({ ...valid, apiUrl: 'https://api.example.test/v3/' });
    expect(a).toMatchObject({ backend: 'pingstreams', scope: 'https://api.example.test/v3/65c0ffee65c0ffee65c0ffee' });
  });
});

describe('pingstreams() URLs against the server', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('builds clean paths from an API URL with a trailing slash and finds the socket on the API host', async () => {
    h = await harness();
    const { t, rec } = h.open({ apiUrl: h.srv.apiUrl + '/' });
    await t.connect({ visitorId: 'v1' });
    await t.send({ clientId: 'c1', text: 'hi' });
    await linkIs(rec, 'live');
    expect(h.srv.seen().map((s) => s.path).filter((p) => p.includes('//'))).toEqual([]);
    expect(h.srv.seen().map((s) => s.path)).toContain(`/auth/signinAnonymously`);
  });

  it('uses a separately configured WebSocket URL', async () => {
    h = await harness({ wsPath: '/ws/' });
    const { t, rec } = h.open({ wsUrl: h.srv.wsUrl });
    await t.connect({ visitorId: 'v1' });
    await t.send({ clientId: 'c1', text: 'hi' });
    await linkIs(rec, 'live');
    expect(h.srv.wsUrl).toMatch(/\/ws\/$/);
  });
});
