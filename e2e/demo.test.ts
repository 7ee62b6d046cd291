/**
 * The demo (`node servers/demo.js`, what `npm start` runs after the build): the host page switched to Genesys and to
 * Pingstreams (signed in with a custom JWT from the demo's token endpoint), with the operator console playing the
 * agent on each: the console's operator is online from the start, lists only conversations someone wrote in, names
 * each visitor with a preview of the last message, and shows the agent's buttons that apply now. The PocketPing page
 * takes files (uploaded to the demo's own origin) and asks for an e-mail address while no operator is online; the
 * Pingstreams page has the demo bot with buttons. Saves screenshots
 * of the demo page with the widget open (reports/screenshots/demo-*.png).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axe } from './helpers/axe';
import { launchBrowser, openTab, type Tab } from './helpers/browser';
import { control } from './helpers/control';
import { gradientPng } from './helpers/png';
import { SCREENSHOTS, until } from './helpers/setup';
import { ROOT } from './helpers/static';
import { openChat, send, shown } from './helpers/widget';

let demo: ChildProcess;
let base = '';
let output = '';
let browser: Browser;
const tabs: Tab[] = [];

/** A free loopback port (the demo takes its port from PORT). */
const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = createServer().once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const port = await freePort();
  demo = spawn(process.execPath, ['servers/demo.js'], { cwd: ROOT, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  demo.stdout!.on('data', (d: Buffer) => (output += d));
  demo.stderr!.on('data', (d: Buffer) => (output += d));
  browser = await launchBrowser();
  await until(() => output.includes('Parley demo'), 'the demo server to start', 10_000);
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await Promise.all(tabs.map((t) => t.context.close()));
  await browser?.close();
  if (demo && demo.exitCode === null) {
    const exited = new Promise((ok) => demo.once('exit', ok));
    demo.kill('SIGTERM');
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 3000))]);
  }
});

async function tab(): Promise<Tab> {
  const t = await openTab(browser);
  tabs.push(t);
  return t;
}

/** In the operator console: pick the first conversation, reply as the agent. */
async function answer(console: Page, text: string) {
  await console.locator('#sessions button').first().click({ timeout: 8000 });
  await console.getByRole('textbox', { name: 'Reply' }).fill(text);
  await console.getByRole('textbox', { name: 'Reply' }).press('Enter');
  await expect.poll(() => console.locator('#history li', { hasText: text }).count()).toBeGreaterThan(0);
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });

describe('the demo', () => {
  it('serves parley.js and every file it fetches on demand (backends, languages, site tokens)', async () => {
    const files = readdirSync(join(ROOT, 'dist')).filter((f) => /^parley.*\.js$/.test(f));
    expect(files).toEqual(expect.arrayContaining(['parley.js', 'parley-genesys.js', 'parley-locale-ar.js', 'parley-auth.js']));
    for (const f of files) expect((await fetch(`${base}/${f}`)).status, f).toBe(200);
  });

  it('uses PocketPing by default, and the operator console answers it', async () => {
    // A page view where nobody writes still opens a conversation on the server.
    const idle = (await tab()).page;
    await idle.goto(base + '/');
    const sessions = async () => ((await (await fetch(`${base}/test/sessions`)).json()) as { sessions: Array<{ messageCount: number }> }).sessions;
    await expect.poll(async () => (await sessions()).length).toBe(1);

    const { page, errors } = await tab();
    await page.goto(base + '/');
    await openChat(page);
    // The console's operator is online from the start: the visitor never sees "Away".
    await expect.poll(() => page.getByRole('dialog').getByText('Online', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('dialog').getByText('Away', { exact: true }).count()).toBe(0);
    await send(page, 'Is the Gravel 1x good for commuting?');
    const ops = (await tab()).page;
    await ops.goto(base + '/operator.html');
    await expect.poll(() => ops.locator('#sessions button', { hasText: 'Is the Gravel 1x' }).count()).toBe(1);
    expect(await ops.getByRole('checkbox', { name: 'I’m online' }).isChecked()).toBe(true);
    // The idle page view's conversation is hidden until asked for (the server keeps it).
    expect(await ops.locator('#sessions button').count()).toBe(1);
    expect((await sessions()).map((session) => session.messageCount).sort()).toEqual([0, 1]);
    await ops.getByRole('checkbox', { name: 'Show 1 without messages' }).check();
    await expect.poll(() => ops.locator('#sessions button', { hasText: 'No messages yet' }).count()).toBe(1);
    await ops.getByRole('checkbox', { name: 'Show 1 without messages' }).uncheck();
    await expect.poll(() => ops.locator('#sessions button').count()).toBe(1);

    await answer(ops, 'It is, with mudguards.');
    await expect.poll(shown(page, 'It is, with mudguards.')).toBe(1);
    await expect.poll(() => ops.locator('#sessions button').first().textContent()).toContain('It is, with mudguards.');
    // PocketPing's own tools are there, the other backends' are not.
    expect(await ops.getByRole('button', { name: 'Request a rating' }).isVisible()).toBe(true);
    expect(await ops.getByRole('button', { name: 'End chat' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('switches to Genesys by name, and the operator console answers as the agent', async () => {
    const { page, errors } = await tab();
    await page.goto(base + '/?backend=genesys');
    await openChat(page);
    // The demo's Genesys agent greets by itself once the chat is routed.
    await expect.poll(shown(page, 'Alex joined the chat'), { timeout: 8000 }).toBe(1);
    await send(page, 'Do you have the Cargo Long in stock?');

    const ops = (await tab()).page;
    await ops.goto(base + '/operator.html?backend=genesys');
    // The row names the visitor (an anonymous guest: "Guest" and the start of the conversation id) and previews
    // the last message.
    const row = ops.locator('#sessions button').first();
    await expect.poll(() => row.textContent()).toContain('Do you have the Cargo Long in stock?');
    expect(await row.textContent()).toMatch(/^Guest [0-9a-f-]{6}Do you have/);
    await answer(ops, 'Yes, two left in blue.');
    await expect.poll(shown(page, 'Yes, two left in blue.')).toBe(1);
    await expect.poll(() => row.textContent()).toContain('Yes, two left in blue.');

    // The agent's buttons follow the agent: in the chat, Transfer and Leave; out of it, Join.
    const button = (name: string) => ops.getByRole('button', { name, exact: true });
    await button('Transfer to…').waitFor();
    expect(await button('Join').count()).toBe(0);
    await shot(page, 'demo-genesys');
    await shot(ops, 'demo-operator-genesys');
    await button('Leave').click();
    await button('Join').waitFor();
    expect(await button('Leave').count()).toBe(0);
    expect(await button('Transfer to…').count()).toBe(0);
    await button('Join').click();
    await button('Leave').waitFor();
    expect(await button('Join').count()).toBe(0);
    expect(await button('Transfer to…').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('signs a Pingstreams visitor in with a custom JWT from the demo token endpoint, and the console answers', async () => {
    const { page, errors } = await tab();
    await page.goto(base + '/?backend=pingstreams&auth=jwt');
    await openChat(page);
    await send(page, 'Can I book a service slot on Saturday?');
    await until(() => output.includes('/token: client_credentials'), 'a token from the demo endpoint');

    const ops = (await tab()).page;
    await ops.goto(base + '/operator.html?backend=pingstreams');
    // The conversation carries the signed-in site user's name (from the JWT), not "Guest".
    await expect.poll(() => ops.locator('#sessions button').first().textContent()).toContain('Dana Demo');
    await answer(ops, 'Saturday 10:00 is free, shall I book it?');
    await expect.poll(shown(page, 'Saturday 10:00 is free, shall I book it?')).toBe(1);
    await ops.getByRole('button', { name: 'Close conversation' }).waitFor();
    await shot(page, 'demo-pingstreams');
    await shot(ops, 'demo-operator-pingstreams');
    expect(errors).toEqual([]);
  });

  it('PocketPing takes a file: uploaded through the demo origin, shown from it; the window offers notifications', async () => {
    const { page, errors } = await tab();
    await page.goto(base + '/');
    await openChat(page);
    expect(await page.getByRole('dialog').getByRole('button', { name: 'Turn on notifications' }).count()).toBe(1);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach file' }).click();
    await (await chooser).setFiles({ name: 'frame-size.png', mimeType: 'image/png', buffer: gradientPng() });
    const thumbnail = page.getByRole('button', { name: 'Open image frame-size.png' }).locator('img');
    await expect.poll(() => thumbnail.getAttribute('src')).toMatch(new RegExp(`^${base}/files/`));
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);
    const stored = await fetch((await thumbnail.getAttribute('src'))!);
    expect(Buffer.from(await stored.arrayBuffer())).toEqual(gradientPng());
    await shot(page, 'demo-file');
    expect(errors).toEqual([]);
  });

  it('PocketPing asks for an e-mail address while no operator is online (the away form), and the message reaches the console', async () => {
    await control(base, '/test/operator-online', { online: false });
    try {
      const { page, errors } = await tab();
      await page.goto(base + '/');
      await openChat(page);
      const form = page.getByRole('form', { name: "We're away — leave your email and we'll reply" });
      await expect.poll(() => form.count()).toBe(1);
      expect(await axe(page)).toEqual([]);
      await form.getByRole('textbox', { name: 'Email' }).fill('sam@example.com');
      await form.getByRole('textbox', { name: 'Message' }).fill('Please call me about the Cargo Long');
      await form.getByRole('button', { name: 'Send' }).click();
      await expect.poll(shown(page, 'Please call me about the Cargo Long')).toBe(1);
      await shot(page, 'demo-away-form');

      const ops = (await tab()).page;
      await ops.goto(base + '/operator.html');
      await expect.poll(() => ops.locator('#sessions button', { hasText: 'Please call me about the Cargo Long' }).count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await control(base, '/test/operator-online', { online: true });
    }
  });

  it('Pingstreams has the demo bot: "menu" brings its buttons, and a tap is answered', async () => {
    const { page, errors } = await tab();
    await page.goto(base + '/?backend=pingstreams');
    await openChat(page);
    await send(page, 'menu');
    const menu = page.getByRole('group', { name: 'What would you like to do?' });
    await expect.poll(() => menu.getByRole('button').count()).toBe(3);
    expect(await menu.getByRole('link', { name: 'Documentation' }).count()).toBe(1);
    await shot(page, 'demo-bot-buttons');
    await menu.getByRole('button', { name: 'Pricing' }).click();
    await expect.poll(shown(page, 'Parley is free and open source.')).toBe(1);
    await expect.poll(() => menu.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
