/**
 * Parley from npm in a single-page app: a small Vite app (e2e/fixtures/spa) importing `parley-widget`,
 * `parley-widget/pocketping` and `parley-widget/ui` is built against the package exports (dist/npm)
 * and driven in Chromium: the widget the app mounts for its own chat survives client-side navigation,
 * the chat's events reach the app, and a headless chat talks to the server on its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type Plugin } from 'vite';
import { until, useE2E } from './helpers/setup';
import { ROOT } from './helpers/static';
import { openChat, send, shown } from './helpers/widget';

const e2e = useE2E();
const out = mkdtempSync(join(tmpdir(), 'parley-spa-'));
const resolved: Record<string, string> = {};

/** Records where each `parley-widget` import resolved to. */
const spy: Plugin = {
  name: 'record-parley-resolution',
  enforce: 'pre',
  async resolveId(source, importer, options) {
    if (!source.startsWith('parley-widget')) return null;
    const r = await this.resolve(source, importer, { ...options, skipSelf: true });
    if (r) resolved[source] = r.id;
    return r;
  },
};

beforeAll(async () => {
  await build({
    root: join(ROOT, 'e2e/fixtures/spa'),
    configFile: false,
    logLevel: 'silent',
    plugins: [spy],
    build: { outDir: out, emptyOutDir: true, minify: false },
  });
  // Any path falls back to the app's index.html, as an SPA host does.
  e2e.web.mounts['/'] = out;
  e2e.web.fallback = '/index.html';
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('parley-widget in a single-page app', () => {
  it('resolves every entry through the package exports to the built dist/npm files', () => {
    expect(Object.keys(resolved).sort()).toEqual(['parley-widget', 'parley-widget/pocketping', 'parley-widget/ui']);
    for (const id of Object.values(resolved)) expect(id).toContain(join(ROOT, 'dist/npm/'));
  });

  it('keeps the conversation across client-side navigation and tells the app about new messages', async () => {
    const { page, errors } = await e2e.tab();
    await page.goto(`${e2e.web.url}/?endpoint=${encodeURIComponent(e2e.pp.endpoint)}`);
    await openChat(page);
    expect(await page.getByRole('dialog', { name: 'SPA support' }).count()).toBe(1);
    await send(page, 'Hello from the SPA');
    const s = await until(() => e2e.pp.sessions().at(-1), 'a session');
    await until(() => e2e.pp.messages(s.id).some((m) => m.content === 'Hello from the SPA'), 'the message on the server');

    await page.getByRole('link', { name: 'Help' }).click();
    await page.getByRole('heading', { name: 'Help' }).waitFor();
    expect(page.url()).toMatch(/\/help$/);
    await e2e.pp.pp.sendOperatorMessage(s.id, 'Hello, SPA user');
    await expect.poll(shown(page, 'Hello, SPA user')).toBe(1);
    await expect.poll(() => page.locator('#support-count').textContent()).toBe('Messages from support: 1 (last: Hello, SPA user)');
    expect(await shown(page, 'Hello from the SPA')()).toBe(1);
    expect(await page.getByRole('dialog', { name: 'SPA support' }).count()).toBe(1);

    // The headless chat (core + transport entries) sends on its own, as another visitor.
    await page.getByRole('textbox', { name: 'Feedback' }).fill('Great shop');
    await page.getByRole('button', { name: 'Send feedback' }).click();
    const other = await until(() => e2e.pp.sessions().find((x) => x.id !== s.id), 'the feedback session');
    await until(() => e2e.pp.messages(other.id).some((m) => m.content === 'Great shop'), 'the feedback on the server');
    expect(await shown(page, 'Great shop')()).toBe(0);
    expect(errors).toEqual([]);
  });
});
