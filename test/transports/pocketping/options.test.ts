import { describe, expect, it } from 'vitest';
import { startPocketPingServer } from '../../../servers/pocketping/index.js';
import { pocketping, type PocketPingOptions } from '../../../src/transports/pocketping/index';
import { nodeEnv } from '../../helpers/node-env';

/** The config error of bad options: the factory returns a spec whose create() throws it. */
const bad = (o: unknown) => {
  const spec = pocketping(o as PocketPingOptions);
  try {
    spec.create(nodeEnv());
  } catch (e) {
    return e;
  }
  return expect.fail('pocketping() accepted bad options');
};

describe('pocketping() options', () => {
  it('returns a spec named after the backend and scoped by endpoint', () => {
    const spec = pocketping({ endpoint: 'https://site.example/pocketping/' });
    expect(spec).toMatchObject({ backend: 'pocketping', scope: 'https://site.example/pocketping' });
    expect(spec.create(nodeEnv()).capabilities).toEqual({
      typing: true,
      readReceipts: true,
      editDelete: true,
      replyTo: true,
      attachments: true,
      presence: true,
      customEvents: true,
      historyPaging: false,
      csat: true,
      endConversation: false,
    });
  });

  it.each([
    ['endpoint', undefined],
    ['endpoint', {}],
    ['endpoint', { endpoint: 'site.example/pocketping' }],
    ['endpoint', { endpoint: 'ftp://site.example' }],
    ['endpoint', { endpoint: 42 }],
    ['streamUrl', { endpoint: 'https://a.example', streamUrl: 'https://a.example/stream' }],
    ['editRoutes', { endpoint: 'https://a.example', editRoutes: 'rest' }],
    ['headers', { endpoint: 'https://a.example', headers: { 'X-A': 1 } }],
  ])('refuses a bad %s with a config error naming it', (key, options) => {
    expect(bad(options)).toMatchObject({ name: 'ParleyError', code: 'config', key, message: expect.stringContaining(key) });
  });


  it('accepts the SaaS edit routes and an explicit stream URL', () => {
    expect(() => pocketping({ endpoint: 'http://127.0.0.1:1/x', streamUrl: 'wss://a.example/pocketping/stream', editRoutes: 'saas' })).not.toThrow();
  });
});

describe('pocketping() with a path for an endpoint', () => {
  const page = globalThis as { location?: { href: string } };

  it('resolves it against the page, as a browser does (the npm snippet `endpoint: "/pocketping"`)', async () => {
    const srv = await startPocketPingServer({});
    page.location = { href: srv.url + '/shop/product.html?id=7' };
    try {
      const spec = pocketping({ endpoint: '/pocketping' });
      expect(spec.scope).toBe(srv.endpoint);
      const transport = spec.create(nodeEnv());
      const { session } = await transport.connect({ visitorId: 'v1' });
      transport.disconnect();
      expect(srv.sessions().map((s) => s.id)).toEqual([session.sessionId]);
      // Only a path resolves: a word or text with spaces is still a config error.
      for (const endpoint of ['pocketping', 'not a url']) expect(bad({ endpoint })).toMatchObject({ code: 'config', key: 'endpoint' });
    } finally {
      delete page.location;
      await srv.stop();
    }
  });

  it('is a config error naming the key where there is no page (Node)', () => {
    expect(page.location).toBeUndefined();
    expect(bad({ endpoint: '/pocketping' })).toMatchObject({ code: 'config', key: 'endpoint', message: 'pocketping: "endpoint" must be an absolute http or https URL' });
  });
});
