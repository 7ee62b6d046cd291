/**
 * A PocketPing endpoint behind the site's own auth, through dist/parley.js: the widget fetches the
 * token provider (dist/parley-auth.js) because its config asks for site tokens, gets a token from the
 * site's token endpoint and sends it with every request; the server refuses requests without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until, useE2E } from './helpers/setup';
import { openChat, send, shown } from './helpers/widget';
import { startTokenEndpoint, type TokenEndpoint } from './helpers/token-endpoint';

let tokens: TokenEndpoint;
const seen: (string | undefined)[] = [];
const e2e = useE2E({
  authorize: (header: string | undefined) => {
    seen.push(header);
    return !!header && tokens.issued.some((t) => header === 'bearer ' + t);
  },
});

beforeAll(async () => {
  tokens = await startTokenEndpoint({ projectId: 'p', projectSecret: 's', expiresIn: 600, user: { _id: 'site-user-1' } });
});
afterAll(() => tokens.close());

describe('site tokens', () => {
  it('fetches the token provider only when asked, and every request carries the site token', async () => {
    const { page, errors, logs } = await e2e.tab();
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
    await page.goto(e2e.web.url + '/api.html');
    await page.evaluate(
      (tokenUrl) => window.Parley.init({ backend: 'pocketping', endpoint: (window as unknown as { ENDPOINT: string }).ENDPOINT, auth: { tokenUrl }, debug: true }),
      tokens.url,
    );
    await openChat(page);
    await send(page, 'Behind the site login');
    const s = await until(() => e2e.pp.sessions().at(-1), 'a session');
    await until(() => e2e.pp.messages(s.id).some((m) => m.content === 'Behind the site login'), 'the message on the server');
    await e2e.pp.pp.sendOperatorMessage(s.id, 'Welcome, signed-in visitor');
    await expect.poll(shown(page, 'Welcome, signed-in visitor')).toBe(1);

    expect(scripts.sort()).toEqual(['/dist/parley-auth.js', '/dist/parley-chat.js', '/dist/parley-pocketping.js', '/dist/parley-ui.js', '/dist/parley.js']);
    expect(tokens.calls[0]).toBe('client_credentials');
    // Every request the server saw came with the token (CORS preflights carry no headers and are not asked).
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((h) => h === 'bearer ' + tokens.issued[0])).toBe(true);
    // Debug logging is on, and still no token in the console.
    expect(logs.filter((l) => tokens.issued.some((t) => l.includes(t) || l.includes(t.split('.')[2]!)))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
