/**
 * The UI renders only what changed (@preact/signals): counted with Preact's render hook in an app
 * that uses Parley from npm (e2e/fixtures/renders), against the real PocketPing server. The widget's
 * root renders once however much happens; a new message renders its own row, not the history.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import type { Page } from 'playwright-core';
import { until, useE2E } from './helpers/setup';
import { ROOT } from './helpers/static';
import { openChat, shown } from './helpers/widget';

const e2e = useE2E();
const out = mkdtempSync(join(tmpdir(), 'parley-renders-'));

beforeAll(async () => {
  await build({
    root: join(ROOT, 'e2e/fixtures/renders'),
    configFile: false,
    logLevel: 'silent',
    build: { outDir: out, emptyOutDir: true, minify: false },
  });
  e2e.web.mounts['/'] = out;
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Renders so far, by component name, and of each message row by its text. */
const counts = (page: Page) =>
  page.evaluate(() => {
    const { renders, rowRenders } = window as unknown as Record<'renders' | 'rowRenders', Record<string, number>>;
    return { renders: { ...renders }, rows: { ...rowRenders } };
  });

describe('rendering', () => {
  it('renders the widget root once through start() and incoming messages, and only the row of each new message', async () => {
    const { page, errors } = await e2e.tab();
    await page.goto(`${e2e.web.url}/index.html?endpoint=${encodeURIComponent(e2e.pp.endpoint)}`);
    // start(): connecting, then online with the operator's presence.
    await page.waitForFunction(() => (window as unknown as { chat: { status: { value: string } } }).chat.status.value === 'online');
    const s = await until(() => e2e.pp.sessions().at(-1), 'a session');
    await openChat(page);
    const start = await counts(page);

    /** The operator says `text`; resolves once it is on screen and marked read (the window is open). */
    const answer = async (text: string) => {
      await e2e.pp.pp.sendOperatorMessage(s.id, text);
      await expect.poll(shown(page, text), { timeout: 10_000 }).toBe(1);
      await page.waitForFunction(
        (text) => (window as unknown as { chat: { messages: { value: { text: string; status?: string }[] } } }).chat.messages.value.some((m) => m.text === text && m.status === 'read'),
        text,
      );
    };
    await answer('First answer');
    const afterFirst = await counts(page);
    await answer('Second answer');
    await answer('Third answer');
    const after = await counts(page);

    expect(start.renders.Widget).toBe(1);
    expect(after.renders.Widget).toBe(1);
    // A row renders when its message arrives and when it changes (the read mark), never for another one.
    expect(after.rows['First answer']).toBe(afterFirst.rows['First answer']);
    for (const text of ['First answer', 'Second answer', 'Third answer']) expect(after.rows[text], text).toBeLessThanOrEqual(2);
    expect(after.renders.MessageRow).toBe(Object.values(after.rows).reduce((sum, n) => sum + n, 0));
    // New messages re-rendered neither the window nor its header.
    expect(after.renders.Panel).toBe(start.renders.Panel);
    expect(after.renders.Header).toBe(start.renders.Header);
    expect(errors).toEqual([]);
  });
});
