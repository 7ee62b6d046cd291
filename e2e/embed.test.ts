/**
 * The ways into a host page (ARCHITECTURE.md §1–2) in a real browser: the pre-load queue, the custom
 * element (floating and inline), a strict CSP, hostile host CSS, bad config, and the host API end to
 * end (init, sendMessage, on('message'), identify, custom events, reconnect with catch-up).
 */
import { describe, expect, it } from 'vitest';
import { until, useE2E } from './helpers/setup';
import { backgroundLuminance, openChat, send, shown } from './helpers/widget';

const e2e = useE2E();
const session = () => until(() => e2e.pp.sessions().at(-1), 'a session');
const stored = (id: string) => e2e.pp.messages(id).map((m) => m.content);

describe('pre-load queue', () => {
  it('runs the calls made before the script loaded, in order', async () => {
    const { page, errors } = await e2e.tab();
    await page.goto(e2e.web.url + '/queue.html');
    // `open` was queued: the window opens by itself, with the queued message in it.
    await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
    await expect.poll(shown(page, 'queued hello')).toBe(1);
    // setTheme before init became the starting theme.
    expect(await backgroundLuminance(page.getByRole('dialog'))).toBeLessThan(0.2);
    const s = await session();
    // identify ran before init: the very first connection carried the identity.
    expect(s.identity).toMatchObject({ id: 'queued-user', name: 'Quinn Queue' });
    await until(() => stored(s.id).includes('queued hello'), 'the queued message on the server');
    await expect.poll(() => page.evaluate(() => (window as unknown as { calls: string[] }).calls)).toContain('sent:queued hello');
    const calls = await page.evaluate(() => (window as unknown as { calls: string[] }).calls);
    expect(calls.indexOf('open')).toBeGreaterThanOrEqual(0);
    expect(calls.indexOf('open')).toBeLessThan(calls.indexOf('sent:queued hello'));
    // After load, both call styles reach the real API.
    expect(await page.evaluate(() => typeof window.Parley.identify === 'function' && window.Parley('getIdentity'))).toMatchObject({ id: 'queued-user' });
    expect(errors).toEqual([]);
  });
});

describe('<parley-chat>', () => {
  it('floats a launcher from its attributes and chats', async () => {
    const { page, errors } = await e2e.tab();
    await page.goto(e2e.web.url + '/element.html');
    await openChat(page);
    expect(await page.getByRole('dialog', { name: 'Element support' }).count()).toBe(1);
    await send(page, 'Hello from the element');
    const s = await session();
    await until(() => stored(s.id).includes('Hello from the element'), 'the message on the server');
    await e2e.pp.pp.sendOperatorMessage(s.id, 'Hello, element visitor');
    await expect.poll(shown(page, 'Hello, element visitor')).toBe(1);
    // Attributes are live: a theme change applies without a restart (the conversation stays on screen).
    await page.evaluate(() => document.querySelector('parley-chat')!.setAttribute('theme', 'dark'));
    await expect.poll(() => backgroundLuminance(page.getByRole('dialog'))).toBeLessThan(0.2);
    expect(await shown(page, 'Hello, element visitor')()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('renders inline in the page flow, without a launcher, and restarts on a new endpoint', async () => {
    const { page, errors } = await e2e.tab();
    await page.goto(e2e.web.url + '/element-inline.html');
    // Inline, the panel is a region of the page (nothing pops up), named by its title.
    const dialog = page.getByRole('region', { name: 'Order help' });
    await dialog.waitFor();
    expect(await page.getByRole('button', { name: 'Open chat' }).count()).toBe(0);
    // Inside its column: the panel takes the column's place in the layout.
    const column = (await page.locator('#column').boundingBox())!;
    const panel = (await dialog.boundingBox())!;
    expect(panel.x).toBeGreaterThanOrEqual(column.x - 1);
    expect(panel.x + panel.width).toBeLessThanOrEqual(column.x + column.width + 1);
    expect(panel.y).toBeGreaterThanOrEqual(column.y - 1);
    expect(panel.height).toBeGreaterThan(300);
    await send(page, 'Inline question');
    const s = await session();
    await until(() => stored(s.id).includes('Inline question'), 'the message on the server');
    await e2e.pp.pp.sendOperatorMessage(s.id, 'Inline answer');
    await expect.poll(shown(page, 'Inline answer')).toBe(1);
    await e2e.shot(page, 'inline');

    // A bad endpoint attribute: reported once, naming the key; the page carries on.
    await page.evaluate(() => document.querySelector('parley-chat')!.setAttribute('endpoint', 'not a url'));
    await expect.poll(() => errors.filter((e) => /endpoint/.test(e)).length).toBe(1);
    expect(await page.getByRole('region', { name: 'Order help' }).count()).toBe(0);
    // Back to the real endpoint: the widget restarts with the cached conversation.
    await page.evaluate((endpoint) => document.querySelector('parley-chat')!.setAttribute('endpoint', endpoint), e2e.pp.endpoint);
    await expect.poll(shown(page, 'Inline answer')).toBe(1);
  });
});

describe('hostile hosts', () => {
  it('works under a strict CSP (no inline script or style, no eval) without a single violation', async () => {
    e2e.web.headers['/strict-csp.html'] = {
      'Content-Security-Policy': `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ${e2e.pp.url} ${e2e.pp.url.replace('http', 'ws')}; object-src 'none'; base-uri 'none'`,
    };
    const { page, errors, logs } = await e2e.tab();
    await page.goto(e2e.web.url + '/strict-csp.html');
    await openChat(page);
    await send(page, 'Hello under CSP');
    const s = await session();
    await until(() => stored(s.id).includes('Hello under CSP'), 'the message on the server');
    await e2e.pp.pp.sendOperatorMessage(s.id, 'CSP answer');
    await expect.poll(shown(page, 'CSP answer')).toBe(1);
    // Styled for real: the launcher is a round button, not an unstyled inline one.
    expect(await page.getByRole('button', { name: 'Open chat' }).evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    expect(logs.filter((l) => /Content Security Policy|Refused/i.test(l))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('stays usable on a page with hostile global CSS', async () => {
    const { page } = await e2e.tab();
    await page.goto(e2e.web.url + '/hostile.html');
    const launcher = page.getByRole('button', { name: 'Open chat' });
    await launcher.waitFor();
    const lb = (await launcher.boundingBox())!;
    expect(lb.width).toBeLessThan(100);
    expect(lb.width).toBeGreaterThan(30);
    await launcher.click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.count()).toBe(1);
    const db = (await dialog.boundingBox())!;
    expect(db.width).toBeGreaterThan(300);
    expect(db.height).toBeGreaterThan(300);
    const box = page.getByRole('textbox', { name: 'Message' });
    // The host's 40px Comic Sans does not leak in.
    expect(await box.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeLessThan(24);
    await send(page, 'Still works');
    const s = await session();
    await until(() => stored(s.id).includes('Still works'), 'the message on the server');
    await e2e.pp.pp.sendOperatorMessage(s.id, 'Indeed it does');
    await expect.poll(shown(page, 'Indeed it does')).toBe(1);
    await e2e.shot(page, 'hostile-css');
  });
});

describe('bad config', () => {
  it('logs one clear error naming the key, fires an error event and never breaks the page', async () => {
    const { page, errors } = await e2e.tab();
    await page.goto(e2e.web.url + '/api.html');
    const result = await page.evaluate(() => {
      const seen: string[] = [];
      window.Parley.on('error', (e) => seen.push(`${e.code}:${e.key}`));
      const api = window.Parley.init({ backend: 'pocketping', endpoint: 'https://ok.example/pp', position: 'top-middle' });
      return { seen, same: api === window.Parley };
    });
    expect(result).toEqual({ seen: ['config:position'], same: true });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/position/);
    expect(errors[0]).toMatch(/bottom-right/);
    // Unknown backend: same story.
    await page.evaluate(() => window.Parley.init({ backend: 'nope' }));
    expect(errors).toHaveLength(2);
    expect(errors[1]).toMatch(/backend/);
    // The host page still works.
    await page.getByRole('button', { name: 'A host button' }).click();
    expect(await page.getByRole('button', { name: 'Open chat' }).count()).toBe(0);
  });

  it('refuses a bad theme at run time with one error and keeps the current one', async () => {
    const { page, errors } = await e2e.tab();
    await page.goto(e2e.web.url + '/api.html');
    await page.evaluate((endpoint) => window.Parley.init({ backend: 'pocketping', endpoint, theme: 'dark' }), e2e.pp.endpoint);
    await openChat(page);
    const codes = await page.evaluate(() => {
      const seen: string[] = [];
      window.Parley.on('error', (e) => seen.push(`${e.code}:${e.key}`));
      window.Parley.setTheme('purple' as never);
      return seen;
    });
    expect(codes).toEqual(['config:theme']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/theme/);
    expect(await backgroundLuminance(page.getByRole('dialog'))).toBeLessThan(0.2);
  });
});

describe('host API lifecycle', () => {
  it('destroy() removes the widget, a new init() brings the same conversation back', async () => {
    const { page, errors } = await e2e.tab();
    await page.goto(e2e.web.url + '/script-tag.html');
    await openChat(page);
    await send(page, 'Before destroy');
    const s = await session();
    await until(() => stored(s.id).includes('Before destroy'), 'the message on the server');
    const config = await page.evaluate(() => {
      window.Parley.destroy();
      return { count: document.querySelectorAll('parley-chat').length };
    });
    expect(config).toEqual({ count: 0 });
    expect(await page.getByRole('button', { name: 'Open chat' }).count()).toBe(0);
    await page.evaluate((endpoint) => window.Parley.init({ backend: 'pocketping', endpoint }), e2e.pp.endpoint);
    await openChat(page);
    await expect.poll(shown(page, 'Before destroy')).toBe(1);
    expect(e2e.pp.sessions()).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});

describe('host API end to end', () => {
  it('init, sendMessage, on("message"), identify, custom events both ways and reconnect with catch-up', async () => {
    const { page, errors } = await e2e.tab();
    await page.goto(e2e.web.url + '/api.html');
    await page.evaluate(() => {
      const w = window as unknown as { got: string[]; sent: string[]; events: unknown[]; statuses: string[]; ENDPOINT: string };
      Object.assign(w, { got: [], sent: [], events: [], statuses: [] });
      const chat = window.Parley.init({ backend: 'pocketping', endpoint: w.ENDPOINT, socket: { minDelay: 100, maxDelay: 400 }, pollInterval: 400 });
      chat.on('message', (m) => w.got.push(m.text));
      chat.on('sent', (m) => w.sent.push(m.text));
      chat.on('event', (e) => w.events.push(e));
      chat.on('status', (s) => w.statuses.push(s));
      window.Parley.identify({ id: 'api-user', name: 'Api User', email: 'api@example.com' });
    });
    type W = { got: string[]; sent: string[]; events: { name: string; data?: unknown }[]; statuses: string[] };
    const state = () => page.evaluate(() => { const w = window as unknown as W; return { got: w.got, sent: w.sent, events: w.events, statuses: w.statuses }; });

    // Once the chat has started (its first status, when its code and the backend's have loaded),
    // sendMessage returns the queued message.
    await expect.poll(async () => (await state()).statuses.length).toBeGreaterThan(0);
    const m = await page.evaluate(() => window.Parley.sendMessage('Sent through the API'));
    expect(m).toMatchObject({ text: 'Sent through the API', sender: 'visitor', status: 'sending' });
    const s = await session();
    await until(() => stored(s.id).includes('Sent through the API'), 'the API message on the server');
    await until(() => e2e.pp.sessions().at(-1)?.identity?.id === 'api-user', 'the identity on the server');
    await expect.poll(async () => (await state()).sent).toEqual(['Sent through the API']);

    await e2e.pp.pp.sendOperatorMessage(s.id, 'Operator to API');
    await expect.poll(async () => (await state()).got).toEqual(['Operator to API']);

    // Custom events: page → server, server → page.
    await page.evaluate(() => window.Parley.trigger('cart_viewed', { items: 3 }));
    await until(() => e2e.pp.events().find((e) => e.name === 'cart_viewed'), 'the custom event on the server');
    expect(e2e.pp.events().find((e) => e.name === 'cart_viewed')).toMatchObject({ data: { items: 3 }, sessionId: s.id });
    e2e.pp.pp.emitEvent(s.id, 'coupon', { code: 'SPRING10' });
    await expect.poll(async () => (await state()).events).toEqual([{ name: 'coupon', data: { code: 'SPRING10' } }]);

    // The server goes away and comes back; what was said meanwhile arrives once.
    await e2e.pp.stop();
    await e2e.pp.pp.sendOperatorMessage(s.id, 'Said during the outage');
    await expect.poll(async () => (await state()).statuses.at(-1)).not.toBe('online');
    await e2e.pp.restart();
    await expect.poll(async () => (await state()).got, { timeout: 15_000 }).toEqual(['Operator to API', 'Said during the outage']);
    await expect.poll(async () => (await state()).statuses.at(-1)).toBe('online');
    // On screen: each message exactly once, in order.
    await page.evaluate(() => window.Parley.open());
    const log = (await page.getByRole('log').textContent())!;
    const texts = ['Sent through the API', 'Operator to API', 'Said during the outage'];
    const at = texts.map((t) => log.indexOf(t));
    expect(texts.map((t) => log.lastIndexOf(t))).toEqual(at);
    expect(at.every((x, i) => x >= 0 && (i === 0 || x > at[i - 1]!))).toBe(true);
    // Chromium itself logs each refused connection during the outage; nothing else may be an error.
    expect(errors.filter((e) => !/ERR_CONNECTION_REFUSED|WebSocket connection to .* failed/.test(e))).toEqual([]);
  });
});
