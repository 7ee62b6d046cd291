/**
 * Where things sit on screen, measured in Chromium: the reply / edit / delete row takes no space until
 * it is shown (German and Dutch, the longest labels), the header title is centred with or without a status line,
 * long messages show collapsed with "Show more" and no row grows past a cap, and a refused theme token
 * leaves the rest of the theme in place. Screenshots go to reports/screenshots/ for a human look.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { until, useE2E } from './helpers/setup';
import { openChat, send, shown } from './helpers/widget';

const e2e = useE2E();

async function init(page: Page, config: Record<string, unknown> = {}, path = '/api.html') {
  await page.goto(e2e.web.url + path);
  await page.evaluate((config) => window.Parley.init({ backend: 'pocketping', endpoint: (window as unknown as { ENDPOINT: string }).ENDPOINT, ...config }), config);
}

/** The page with an in-page backend the test drives (e2e/pages/scripted-backend.js). */
async function initScripted(page: Page, config: Record<string, unknown> = {}) {
  await init(page, { backend: 'scripted', storage: 'memory', ...config }, '/scripted.html');
}

/** An operator message from the scripted backend. */
const say = (page: Page, text: string) => page.evaluate((text) => (window as unknown as { scripted: { say(t: string): void } }).scripted.say(text), text);

const box = async (locator: Locator) => (await locator.boundingBox())!;
const opacity = (locator: Locator) => locator.evaluate((el) => Number(getComputedStyle(el).opacity));

/** The languages with the longest action labels, and the words the test looks for in each. */
const LONG_LABELS = [
  { locale: 'de', open: 'Chat öffnen', box: 'Nachricht', text: 'Hallo', stored: /Gesendet|Zugestellt|Gelesen/, reply: 'Antworten' },
  { locale: 'nl', open: 'Chat openen', box: 'Bericht', text: 'Hallo', stored: /Verstuurd|Afgeleverd|Gelezen/, reply: 'Beantwoorden' },
];

describe('message actions', () => {
  it.each(LONG_LABELS)('take no space while hidden in $locale: the time and state line stays under the bubble, aligned with it', async (language) => {
    const { page } = await e2e.tab();
    await init(page, { locale: language.locale });
    await openChat(page, language.open);
    await send(page, language.text, language.box);
    const row = page.locator('.message-own', { hasText: language.text });
    // Stored by the server: the actions are there (PocketPing answers, edits and deletes).
    await expect.poll(() => row.locator('.message-meta').textContent(), { timeout: 10_000 }).toMatch(language.stored);
    const actions = row.locator('.message-actions');
    await actions.getByRole('button', { name: language.reply }).waitFor({ state: 'attached' });
    // Away from the row: hidden, and its place in the layout is nothing.
    await page.mouse.move(5, 5);
    await expect.poll(() => opacity(actions)).toBe(0);
    const [rowBox, bubble, meta] = await Promise.all([box(row), box(row.locator('.message-text')), box(row.locator('.message-meta'))]);
    expect(Math.abs(meta.y + meta.height - (rowBox.y + rowBox.height))).toBeLessThanOrEqual(1);
    expect(Math.abs(meta.x + meta.width - (bubble.x + bubble.width))).toBeLessThanOrEqual(1);
    expect(meta.height).toBeLessThan(30);
    await e2e.shot(page, `actions-hidden-${language.locale}`);

    // Hovered: shown over the row, inside it, and nothing else moves.
    await row.locator('.message-text').hover();
    await expect.poll(() => opacity(actions)).toBe(1);
    const shownActions = await box(actions);
    expect(shownActions.x).toBeGreaterThanOrEqual(rowBox.x - 1);
    expect(shownActions.x + shownActions.width).toBeLessThanOrEqual(rowBox.x + rowBox.width + 1);
    expect(await box(row.locator('.message-meta'))).toEqual(meta);
    await e2e.shot(page, `actions-hover-${language.locale}`);

    // Keyboard: Tab reaches them (they are transparent, never removed), and focus shows them.
    await page.mouse.move(5, 5);
    await expect.poll(() => opacity(actions)).toBe(0);
    const reply = actions.getByRole('button', { name: language.reply });
    await page.getByRole('log').focus();
    for (let i = 0; i < 10 && !(await reply.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)); i++) await page.keyboard.press('Tab');
    expect(await reply.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    await expect.poll(() => opacity(actions)).toBe(1);
    expect(await box(row.locator('.message-meta'))).toEqual(meta);
  });

  it('are small buttons under the message on a touch screen', async () => {
    const { page } = await e2e.tab({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
    await init(page, { locale: 'fr' });
    await page.getByRole('button', { name: 'Ouvrir le chat' }).tap();
    await send(page, 'Bonjour', 'Message');
    const reply = page.locator('.message-own', { hasText: 'Bonjour' }).getByRole('button', { name: 'Répondre' });
    await reply.waitFor({ timeout: 10_000 });
    expect(await opacity(reply)).toBe(1);
    const style = await reply.evaluate((el) => {
      const s = getComputedStyle(el);
      return { underline: s.textDecorationLine, border: s.borderTopStyle };
    });
    expect(style).toEqual({ underline: 'none', border: 'solid' });
    await e2e.shot(page, 'mobile-fr');
  });
});

describe('header', () => {
  /** Vertical centres of the title block and the close button. */
  const centres = async (page: Page) => {
    const [titles, close] = await Promise.all([box(page.locator('.panel-titles')), box(page.locator('.panel-header .icon-button'))]);
    return [titles.y + titles.height / 2, close.y + close.height / 2];
  };

  it('centres the title against the close button without a status line (a backend without presence)', async () => {
    const { page } = await e2e.tab();
    await initScripted(page);
    await openChat(page);
    expect(await page.locator('.panel-titles p').count()).toBe(0);
    const [title, close] = await centres(page);
    expect(Math.abs(title - close)).toBeLessThanOrEqual(1);
  });

  it('and with one (PocketPing tells whether an operator is online)', async () => {
    const { page } = await e2e.tab();
    await init(page);
    await openChat(page);
    await expect.poll(() => page.locator('.panel-titles p').count()).toBe(1);
    const [title, close] = await centres(page);
    expect(Math.abs(title - close)).toBeLessThanOrEqual(1);
  });
});

describe('long messages', () => {
  it('show collapsed with "Show more", capped in height, and keep every character', async () => {
    const { page } = await e2e.tab();
    await initScripted(page);
    await openChat(page);
    const long = 'word '.repeat(12_000).trim() + ' END';
    const lines = Array.from({ length: 5000 }, (_, n) => `line ${n}`).join('\n');
    await say(page, long);
    await say(page, lines);
    const rows = page.locator('.message', { hasText: 'Alex' });
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    for (const [row, text] of [
      [rows.nth(0), long],
      [rows.nth(1), lines],
    ] as const) {
      const bubble = row.locator('.message-text');
      // Nothing dropped: the whole text is in the page (line breaks are <br> elements).
      expect((await bubble.textContent())!.length).toBe(text.replaceAll('\n', '').length);
      const more = row.getByRole('button', { name: 'Show more' });
      expect(await more.getAttribute('aria-expanded')).toBe('false');
      expect((await box(bubble)).height).toBeLessThan(200);
      // Keyboard: the button is reachable and toggles.
      await more.focus();
      await page.keyboard.press('Enter');
      const less = row.getByRole('button', { name: 'Show less' });
      await expect.poll(() => less.getAttribute('aria-expanded')).toBe('true');
      // Expanded, the bubble is capped too: it scrolls inside instead of growing to 100,000 px.
      const expanded = await box(bubble);
      expect(expanded.height).toBeGreaterThan(200);
      expect(expanded.height).toBeLessThan(520);
      expect(await bubble.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
      expect((await box(row)).height).toBeLessThan(620);
    }
    await e2e.shot(page, 'long-messages');
    await page.locator('.message', { hasText: 'line 0' }).getByRole('button', { name: 'Show less' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Show more' }).count()).toBe(1);
  });

  it('announce only their start', async () => {
    const { page } = await e2e.tab();
    await initScripted(page);
    await openChat(page);
    await say(page, 'x'.repeat(60_000));
    const spoken = page.locator('[aria-live="polite"] p');
    await expect.poll(() => spoken.count()).toBe(1);
    expect((await spoken.textContent())!.length).toBeLessThan(400);
  });
});

describe('theme tokens', () => {
  const launcherColour = (page: Page) => page.getByRole('button', { name: 'Open chat' }).evaluate((el) => getComputedStyle(el).backgroundColor);

  it('refuse a bad token by name and keep the rest of the theme', async () => {
    const tab = await e2e.tab();
    const { page } = tab;
    await init(page, { theme: { primary: '#0a7d32', radius: '4px', font: 'Inter"; } * { display: none' } });
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    expect(await launcherColour(page)).toBe('rgb(10, 125, 50)');
    expect(tab.errors.filter((e) => e.includes('[parley]'))).toEqual([expect.stringMatching(/theme token "font" is refused/)]);
    await openChat(page);
    expect(await page.getByRole('dialog').evaluate((el) => getComputedStyle(el).borderTopLeftRadius)).toBe('4px');
  });

  it('never fetch: a url() token set live is refused and requests nothing', async () => {
    const tab = await e2e.tab();
    const { page } = tab;
    const fetched: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/tracker')) fetched.push(request.url());
    });
    await init(page, { theme: { primary: '#0a7d32' } });
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    await page.evaluate((url) => window.Parley.setTheme({ bg: `url(${url}/tracker.png)`, shadow: `image-set("${url}/tracker2.png" 1x)` }), e2e.web.url);
    await openChat(page);
    await until(() => tab.errors.filter((e) => e.includes('[parley]')).length === 2, 'two named errors');
    expect(tab.errors.filter((e) => e.includes('[parley]'))).toEqual([expect.stringMatching(/"bg"/), expect.stringMatching(/"shadow"/)]);
    expect(await launcherColour(page)).toBe('rgb(10, 125, 50)');
    expect(fetched).toEqual([]);
  });
});

describe('French', () => {
  it('fits the longer labels (screenshot)', async () => {
    const { page } = await e2e.tab();
    await init(page, { locale: 'fr' });
    await openChat(page, 'Ouvrir le chat');
    await send(page, 'Livrez-vous à Lyon ?', 'Message');
    const s = await until(() => e2e.pp.sessions().at(-1), 'a session');
    await until(() => e2e.pp.messages(s.id).length > 0, 'the message on the server');
    await e2e.pp.pp.sendOperatorMessage(s.id, 'Oui, en 2 à 3 jours. La livraison est offerte dès 50 € 🚚');
    await expect.poll(shown(page, 'Oui, en 2 à 3 jours. La livraison est offerte dès 50 € 🚚'), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.locator('.message-own .message-meta').textContent(), { timeout: 10_000 }).toMatch(/Envoyé|Distribué|Lu/);
    await page.mouse.move(5, 5);
    await e2e.shot(page, 'french');
  });
});
