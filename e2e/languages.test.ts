/**
 * Languages in Chromium: Hebrew is laid out right to left (the widget's `dir`, the composer with its
 * send button on the left, the visitor's own messages on the left), fetched on demand like every
 * language but English; `iw` (Hebrew's old code) and `zh-TW` get a dictionary too. In German (the longest
 * action labels) a message row with its hidden actions is pixel for pixel the row without them: the
 * French/German layout bug (an action row that pushed the time line down) is caught by a screenshot
 * comparison. Screenshots go to reports/screenshots/ for a human look.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { until, useE2E } from './helpers/setup';
import { openChat, send, shown } from './helpers/widget';

const e2e = useE2E();

async function initScripted(page: Page, locale: string) {
  await page.goto(e2e.web.url + '/scripted.html');
  await page.evaluate((locale) => window.Parley.init({ backend: 'scripted', storage: 'memory', locale }), locale);
}

const say = (page: Page, text: string) => page.evaluate((text) => (window as unknown as { scripted: { say(t: string): void } }).scripted.say(text), text);
const box = async (locator: Locator) => (await locator.boundingBox())!;

describe('Hebrew', () => {
  it('is laid out right to left: the composer and its send button mirrored (screenshot)', async () => {
    const { page } = await e2e.tab();
    await initScripted(page, 'he-IL');
    await openChat(page, 'פתיחת הצ׳אט');
    const widget = page.locator('.widget');
    expect(await widget.getAttribute('dir')).toBe('rtl');
    expect(await widget.getAttribute('lang')).toBe('he-IL');

    const dialog = page.getByRole('dialog', { name: 'דברו איתנו' });
    const textbox = dialog.getByRole('textbox', { name: 'הודעה' });
    const sendButton = dialog.getByRole('button', { name: 'שליחה' });
    // The text box is `dir="auto"` (it follows what is typed, Hebrew or not); empty, its placeholder reads right to left.
    expect(await textbox.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    // Mirrored: the send button sits left of the text box (right of it in English).
    const [input, button] = await Promise.all([box(textbox), box(sendButton)]);
    expect(button.x + button.width).toBeLessThanOrEqual(input.x + 1);

    await send(page, 'שלום, מתי המשלוח מגיע?', 'הודעה');
    await say(page, 'מחר בבוקר. תודה שפנית אלינו!');
    await expect.poll(shown(page, 'מחר בבוקר. תודה שפנית אלינו!')).toBe(1);
    // The visitor's own message on the left, the operator's on the right.
    const panel = await box(dialog);
    const own = await box(page.locator('.message-own .message-text'));
    const theirs = await box(page.locator('.message-text', { hasText: 'מחר בבוקר' }));
    expect(own.x - panel.x).toBeLessThan(panel.x + panel.width - (own.x + own.width));
    expect(panel.x + panel.width - (theirs.x + theirs.width)).toBeLessThan(theirs.x - panel.x);
    await page.mouse.move(5, 5);
    await e2e.shot(page, 'hebrew-rtl');
  });
});

describe('locale negotiation', () => {
  it.each([
    ['iw', 'פתיחת הצ׳אט'],
    ['zh-TW', '打开聊天'],
    ['pt-BR', 'Abrir chat'],
    ['pl', 'Otwórz czat'],
    ['ja-JP', 'チャットを開く'],
  ])('%s fetches its dictionary and names the launcher "%s"', async (locale, launcher) => {
    const { page } = await e2e.tab();
    await initScripted(page, locale);
    await page.getByRole('button', { name: launcher }).waitFor();
  });
});

describe('German (the longest action labels)', () => {
  it('draws a message row with its hidden actions exactly as the row without them (screenshot comparison)', async () => {
    const { page } = await e2e.tab();
    await page.goto(e2e.web.url + '/api.html');
    await page.evaluate(() => window.Parley.init({ backend: 'pocketping', endpoint: (window as unknown as { ENDPOINT: string }).ENDPOINT, locale: 'de' }));
    await openChat(page, 'Chat öffnen');
    await send(page, 'Liefern Sie nach Lyon?', 'Nachricht');
    const row = page.locator('.message-own', { hasText: 'Liefern Sie nach Lyon?' });
    // Stored: PocketPing's reply, edit and delete actions are in the row (German: "Antworten", "Bearbeiten", "Löschen").
    await expect.poll(() => row.locator('.message-meta').textContent(), { timeout: 10_000 }).toMatch(/Gesendet|Zugestellt|Gelesen/);
    await row.getByRole('button', { name: 'Antworten' }).waitFor({ state: 'attached' });
    await until(() => e2e.pp.sessions()[0], 'the session');
    await page.mouse.move(5, 5);
    await expect.poll(() => row.locator('.message-actions').evaluate((el) => getComputedStyle(el).opacity)).toBe('0');

    const withActions = await row.screenshot({ animations: 'disabled', caret: 'hide' });
    await row.locator('.message-actions').evaluate((el: HTMLElement) => (el.style.display = 'none'));
    const withoutActions = await row.screenshot({ animations: 'disabled', caret: 'hide' });
    expect(withActions.equals(withoutActions)).toBe(true);
    await e2e.shot(page, 'german-actions-hidden');
  });
});
