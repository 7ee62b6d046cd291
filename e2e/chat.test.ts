/**
 * The conversation as a visitor lives it, with the operator driven through the local PocketPing
 * server: both directions, reloads (instant history, even with the server down), reconnection with
 * catch-up, identify and reset.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { until, useE2E } from './helpers/setup';
import { openChat, send, shown } from './helpers/widget';

const e2e = useE2E();

/** The newest session on the server (each test starts from an empty server). */
const session = () => until(() => e2e.pp.sessions().at(-1), 'a session');
const stored = (id: string) => e2e.pp.messages(id).map((m) => m.content);
const waitStored = (id: string, text: string, ms?: number) => until(() => stored(id).includes(text), `"${text}" on the server`, ms);

/** The API page, initialised with fast reconnects so restarts are quick to recover from. */
async function apiPage(page: Page, extra: Record<string, unknown> = {}) {
  await page.goto(e2e.web.url + '/api.html');
  await page.evaluate(
    (extra) => window.Parley.init({ backend: 'pocketping', endpoint: (window as unknown as { ENDPOINT: string }).ENDPOINT, socket: { minDelay: 100, maxDelay: 400 }, pollInterval: 400, ...extra }),
    extra,
  );
}

describe('chatting with an operator', () => {
  it('sends a visitor message to the operator and shows the operator reply', async () => {
    const { page, errors } = await e2e.tab();
    await page.goto(e2e.web.url + '/script-tag.html');
    await openChat(page);
    await send(page, 'Hello, is anyone there?');
    await expect.poll(shown(page, 'Hello, is anyone there?')).toBe(1);
    const s = await session();
    await waitStored(s.id, 'Hello, is anyone there?');
    await e2e.pp.pp.sendOperatorMessage(s.id, 'Yes! How can I help?');
    await expect.poll(shown(page, 'Yes! How can I help?')).toBe(1);
    // The own message ends up confirmed, shown once (the server echo is not a second copy).
    await expect.poll(shown(page, 'Hello, is anyone there?')).toBe(1);
    expect(errors).toEqual([]);
  });

  it('counts operator messages that come while the window is closed on the launcher, and clears them on open', async () => {
    const { page } = await e2e.tab();
    await page.goto(e2e.web.url + '/script-tag.html');
    await openChat(page);
    await send(page, 'Call me back later');
    const s = await session();
    await waitStored(s.id, 'Call me back later');
    await page.getByRole('button', { name: 'Close chat' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    await page.evaluate(() => window.Parley.on('unread', (n) => ((window as unknown as { unread: number }).unread = n)));
    await e2e.pp.pp.sendOperatorMessage(s.id, 'Here is your answer');
    await e2e.pp.pp.sendOperatorMessage(s.id, 'And one more thing');
    const launcher = page.getByRole('button', { name: 'Open chat' });
    const description = () =>
      launcher.evaluate((el) => {
        const ids = el.getAttribute('aria-describedby');
        return ids ? ids.split(' ').map((id) => (el.getRootNode() as ShadowRoot).getElementById(id)?.textContent ?? '').join(' ') : '';
      });
    await expect.poll(description).toBe('2 unread messages');
    expect(await page.evaluate(() => (window as unknown as { unread: number }).unread)).toBe(2);

    await launcher.click();
    await expect.poll(shown(page, 'And one more thing')).toBe(1);
    await expect.poll(description).toBe('');
    expect(await page.evaluate(() => (window as unknown as { unread: number }).unread)).toBe(0);
  });

  it('shows the history at once after a reload, before the server answers, and even with the server down', async () => {
    const { page } = await e2e.tab();
    await page.goto(e2e.web.url + '/script-tag.html');
    await openChat(page);
    await send(page, 'Where is my order?');
    const s = await session();
    await waitStored(s.id, 'Where is my order?');
    await e2e.pp.pp.sendOperatorMessage(s.id, 'It left the warehouse today.');
    await expect.poll(shown(page, 'It left the warehouse today.')).toBe(1);

    // A slow server: /connect is held for 5 s, yet the history is there as soon as the window opens.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/pocketping/connect', async (route) => {
      await Promise.race([held, new Promise((r) => setTimeout(r, 5000))]);
      await route.continue().catch(() => {});
    });
    await page.reload();
    await openChat(page);
    const t0 = Date.now();
    await expect.poll(shown(page, 'It left the warehouse today.'), { timeout: 2000 }).toBe(1);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await shown(page, 'Where is my order?')()).toBe(1);
    // ...while the connection is still being made.
    expect(await page.getByRole('status').textContent()).toMatch(/connecting/i);
    release();
    await page.unroute('**/pocketping/connect');

    // Server down: the cached conversation still shows.
    await e2e.pp.stop();
    try {
      await page.reload();
      await openChat(page);
      await expect.poll(shown(page, 'It left the warehouse today.')).toBe(1);
      await expect.poll(shown(page, 'Where is my order?')).toBe(1);
    } finally {
      await e2e.pp.restart();
    }
  });

  it('reconnects after a server restart and catches up on what was said meanwhile', async () => {
    const { page } = await e2e.tab();
    await apiPage(page);
    await openChat(page);
    await send(page, 'First question');
    const s = await session();
    await waitStored(s.id, 'First question');

    await e2e.pp.stop();
    // While the server is down: the operator's answer is stored, and the visitor writes again.
    await e2e.pp.pp.sendOperatorMessage(s.id, 'Answer sent while you were away');
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/connect|offline/i);
    await send(page, 'Second question, written offline');
    await expect.poll(shown(page, 'Second question, written offline')).toBe(1);
    await e2e.pp.restart();

    await expect.poll(shown(page, 'Answer sent while you were away'), { timeout: 15_000 }).toBe(1);
    await waitStored(s.id, 'Second question, written offline', 15_000);
    // After the catch-up, the new socket is live: a new operator message arrives directly.
    await e2e.pp.pp.sendOperatorMessage(s.id, 'Welcome back');
    await expect.poll(shown(page, 'Welcome back')).toBe(1);
    expect(stored(s.id).filter((t) => t === 'Second question, written offline')).toHaveLength(1);
  });

  it('sends the identity to the server and keeps it across reloads', async () => {
    const { page } = await e2e.tab();
    await page.goto(e2e.web.url + '/script-tag.html');
    await openChat(page);
    await send(page, 'Hi, I am about to sign in');
    const s = await session();
    await waitStored(s.id, 'Hi, I am about to sign in');
    await page.evaluate(() => window.Parley.identify({ id: 'user-42', name: 'Ada Lovelace', email: 'ada@example.com', plan: 'pro' }));
    await until(() => e2e.pp.sessions().at(-1)?.identity?.id === 'user-42', 'the identity on the server');
    expect(e2e.pp.sessions().at(-1)?.identity).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com', plan: 'pro' });

    await page.reload();
    await expect.poll(() => page.evaluate(() => window.Parley.getIdentity()?.id ?? null)).toBe('user-42');
    await openChat(page);
    // Same person, same conversation.
    await expect.poll(shown(page, 'Hi, I am about to sign in')).toBe(1);
    await send(page, 'Signed in now');
    await waitStored(s.id, 'Signed in now');
  });

  it('identifying as another person starts a new conversation without the previous one', async () => {
    const { page } = await e2e.tab();
    await page.goto(e2e.web.url + '/script-tag.html');
    await page.evaluate(() => window.Parley.identify({ id: 'alice', name: 'Alice' }));
    await openChat(page);
    await send(page, 'Alice private note');
    const first = await session();
    await waitStored(first.id, 'Alice private note');

    await page.evaluate(() => window.Parley.identify({ id: 'bob', name: 'Bob' }));
    await expect.poll(shown(page, 'Alice private note')).toBe(0);
    await send(page, 'Bob here');
    const second = await until(() => e2e.pp.sessions().find((x) => x.id !== first.id), 'a second session');
    await waitStored(second.id, 'Bob here');
    expect(second.identity?.id).toBe('bob');
    await page.reload();
    await openChat(page);
    await expect.poll(shown(page, 'Bob here')).toBe(1);
    expect(await shown(page, 'Alice private note')()).toBe(0);
  });

  it('reset() starts a fresh conversation that shows nothing of the previous one, also after a reload', async () => {
    const { page } = await e2e.tab();
    await page.goto(e2e.web.url + '/script-tag.html');
    await page.evaluate(() => window.Parley.identify({ id: 'user-7', name: 'First Person' }));
    await openChat(page);
    await send(page, 'My secret order number is 1234');
    const first = await session();
    await waitStored(first.id, 'My secret order number is 1234');
    await e2e.pp.pp.sendOperatorMessage(first.id, 'Thanks, order 1234 found');
    await expect.poll(shown(page, 'Thanks, order 1234 found')).toBe(1);

    await page.evaluate(() => window.Parley.reset());
    await expect.poll(shown(page, 'My secret order number is 1234')).toBe(0);
    await expect.poll(shown(page, 'Thanks, order 1234 found')).toBe(0);
    expect(await page.evaluate(() => window.Parley.getIdentity())).toBeNull();

    await send(page, 'Hello, new visitor here');
    await expect.poll(shown(page, 'Hello, new visitor here')).toBe(1);
    const second = await until(() => e2e.pp.sessions().find((x) => x.id !== first.id), 'a second session');
    await waitStored(second.id, 'Hello, new visitor here');
    expect(stored(second.id)).not.toContain('My secret order number is 1234');

    await page.reload();
    await openChat(page);
    await expect.poll(shown(page, 'Hello, new visitor here')).toBe(1);
    expect(await shown(page, 'Thanks, order 1234 found')()).toBe(0);
    expect(await shown(page, 'My secret order number is 1234')()).toBe(0);
  });
});
