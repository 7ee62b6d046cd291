/**
 * `dist/parley.js` knows every built-in backend by name and fetches the one a page uses
 * (`dist/parley-<backend>.js`, next to it) on first use: what a page downloads, a nonce-based CSP,
 * and a backend file that cannot be loaded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/static';
import { until, useE2E } from './helpers/setup';
import { openChat, send, shown } from './helpers/widget';

const e2e = useE2E();
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const session = () => until(() => e2e.pp.sessions().at(-1), 'a session');
const stored = (id: string) => e2e.pp.messages(id).map((m) => m.content);

describe('backend files', () => {
  it('downloads parley.js, the chat and window files and the one backend file the page talks to, nothing else', async () => {
    const { page, errors } = await e2e.tab();
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
    await page.goto(e2e.web.url + '/script-tag.html');
    await openChat(page);
    await send(page, 'Hello, lazily');
    const s = await session();
    await until(() => stored(s.id).includes('Hello, lazily'), 'the message on the server');
    expect(scripts.sort()).toEqual(['/dist/parley-chat.js', '/dist/parley-pocketping.js', '/dist/parley-ui.js', '/dist/parley.js']);
    expect(errors).toEqual([]);
  });

  it('loads the backend file under a nonce-based CSP, with the nonce parley.js was allowed by', async () => {
    e2e.web.headers['/nonce-csp.html'] = {
      'Content-Security-Policy': `default-src 'self'; script-src 'nonce-n0nce4parley'; style-src 'self'; connect-src 'self' ${e2e.pp.url} ${e2e.pp.url.replace('http', 'ws')}; object-src 'none'; base-uri 'none'`,
    };
    const { page, errors, logs } = await e2e.tab();
    await page.goto(e2e.web.url + '/nonce-csp.html');
    await openChat(page);
    await send(page, 'Hello under a nonce');
    const s = await session();
    await e2e.pp.pp.sendOperatorMessage(s.id, 'Nonce answer');
    await expect.poll(shown(page, 'Nonce answer')).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    expect(logs.filter((l) => /Content Security Policy|Refused/i.test(l))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('fetches the strings of a language other than English when a widget first speaks it, also live', async () => {
    const { page, errors } = await e2e.tab({ locale: 'fr-FR' });
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
    await page.goto(e2e.web.url + '/api.html');
    // The browser's language decides: French, from its own file, before the launcher shows.
    await page.evaluate(() => window.Parley.init({ backend: 'pocketping', endpoint: (window as unknown as { ENDPOINT: string }).ENDPOINT }));
    await openChat(page, 'Ouvrir le chat');
    await expect.poll(() => page.getByRole('textbox', { name: 'Message' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Fermer le chat' }).waitFor();
    // Switched at run time: German arrives, and the panel speaks it without a restart.
    await page.evaluate(() => window.Parley.setLocale('de'));
    await page.getByRole('button', { name: 'Chat schließen' }).waitFor();
    expect(scripts.filter((p) => p.includes('locale')).sort()).toEqual(['/dist/parley-locale-de.js', '/dist/parley-locale-fr.js']);
    expect(errors).toEqual([]);
  });

  it('works on a page that requires Trusted Types for script URLs', async () => {
    e2e.web.headers['/strict-csp.html'] = {
      'Content-Security-Policy': `script-src 'self'; require-trusted-types-for 'script'; trusted-types parley; connect-src 'self' ${e2e.pp.url} ${e2e.pp.url.replace('http', 'ws')}`,
    };
    const { page, errors, logs } = await e2e.tab();
    await page.goto(e2e.web.url + '/strict-csp.html');
    await openChat(page);
    await send(page, 'Hello, trusted types');
    const s = await session();
    await until(() => stored(s.id).includes('Hello, trusted types'), 'the message on the server');
    expect(logs.filter((l) => /Trusted|TrustedScriptURL|Refused/i.test(l))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('says which file it could not load when the host answers a missing file with a page, or the file is of another version', async () => {
    const { page } = await e2e.tab();
    // An SPA host answers every unknown path with its index page (200, HTML).
    await page.route('**/parley-pocketping.js', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>App</title>' }));
    await page.goto(e2e.web.url + '/api.html');
    const init = () =>
      page.evaluate(
        () =>
          new Promise<{ code: string; message: string }>((resolve) => {
            const off = window.Parley.on('error', (e) => (off(), resolve({ code: e.code, message: e.message })));
            window.Parley.init({ backend: 'pocketping', endpoint: (window as unknown as { ENDPOINT: string }).ENDPOINT });
          }),
      );
    expect(await init()).toEqual({ code: 'network', message: expect.stringMatching(/^Could not load http:\/\/127\.0\.0\.1:\d+\/dist\/parley-pocketping\.js$/) });
    // A file left over from another Parley version brings nothing either (and is tried again next time).
    await page.unroute('**/parley-pocketping.js');
    await page.route('**/parley-pocketping.js', async (route) => {
      const real = await (await route.fetch()).text();
      await route.fulfill({ status: 200, contentType: 'text/javascript', body: real.replaceAll(`\`${VERSION}\``, '`0.0.1-old`') });
    });
    expect(await init()).toMatchObject({ code: 'network', message: expect.stringMatching(/parley-pocketping\.js$/) });
    expect(await page.getByRole('button', { name: 'Open chat' }).count()).toBe(0);
  });

  it('reports a backend file that cannot be loaded, keeps the page working, and loads it on the next init', async () => {
    const { page, errors } = await e2e.tab();
    await page.route('**/parley-pocketping.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(e2e.web.url + '/api.html');
    const failed = await page.evaluate(
      () =>
        new Promise<{ code: string; message: string }>((resolve) => {
          window.Parley.on('error', (e) => resolve({ code: e.code, message: e.message }));
          window.Parley.init({ backend: 'pocketping', endpoint: (window as unknown as { ENDPOINT: string }).ENDPOINT });
        }),
    );
    expect(failed).toEqual({ code: 'network', message: expect.stringMatching(/Could not load http:\/\/127\.0\.0\.1:\d+\/dist\/parley-pocketping\.js/) });
    // One clear error from Parley (besides the browser's own note of the 404).
    expect(errors.filter((e) => !/^Failed to load resource/.test(e))).toEqual([expect.stringMatching(/^ParleyError: Could not load \S+\/dist\/parley-pocketping\.js\s/)]);
    expect(await page.getByRole('button', { name: 'Open chat' }).count()).toBe(0);
    // The host page still works, and the next init tries again.
    await page.getByRole('button', { name: 'A host button' }).click();
    await page.unroute('**/parley-pocketping.js');
    await page.evaluate(() => window.Parley.init({ backend: 'pocketping', endpoint: (window as unknown as { ENDPOINT: string }).ENDPOINT }));
    await openChat(page);
    await send(page, 'Second try');
    const s = await session();
    await until(() => stored(s.id).includes('Second try'), 'the message on the server');
  });
});
