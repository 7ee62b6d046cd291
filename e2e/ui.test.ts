/**
 * What a visitor sees and how they get around: themes (explicit and following the system), the
 * keyboard-only flow, the phone layout, an axe scan of the widget (shadow root included), and the
 * screenshots saved to reports/screenshots/ for a human look.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { until, useE2E } from './helpers/setup';
import { backgroundLuminance, focused, openChat, send, shown } from './helpers/widget';

const e2e = useE2E({ welcomeMessage: 'Hi! 👋 How can we help you today?' });
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** A short conversation: one visitor message and an operator answer. */
async function converse(page: Page) {
  await send(page, 'Do you ship to Lyon?');
  const s = await until(() => e2e.pp.sessions().at(-1), 'a session');
  await until(() => e2e.pp.messages(s.id).length > 0, 'the message on the server');
  await e2e.pp.pp.sendOperatorMessage(s.id, 'Yes, in 2–3 days. Shipping is free above €50: https://example.com/shipping');
  await expect.poll(shown(page, 'Do you ship to Lyon?')).toBe(1);
  await expect.poll(() => page.getByRole('log').getByText(/Shipping is free/).count()).toBe(1);
  // Let the delivery state settle, so screenshots show the final ticks.
  await page.waitForTimeout(300);
}

async function init(page: Page, config: Record<string, unknown> = {}) {
  await page.goto(e2e.web.url + '/api.html');
  await page.evaluate((config) => window.Parley.init({ backend: 'pocketping', endpoint: (window as unknown as { ENDPOINT: string }).ENDPOINT, ...config }), config);
}

type AxeResult = { violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] };

/** axe-core on the widget only (its host and open shadow root), serious and critical findings. */
async function axe(page: Page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() =>
    (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<AxeResult> } }).axe.run(
      { include: [['parley-chat']] },
      { resultTypes: ['violations'] },
    ),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} @ ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('; ')}`);
}

describe('themes', () => {
  it('switches between light and dark at run time', async () => {
    const { page } = await e2e.tab({ colorScheme: 'light' });
    await init(page, { theme: 'light' });
    await openChat(page);
    const dialog = page.getByRole('dialog');
    expect(await backgroundLuminance(dialog)).toBeGreaterThan(0.6);
    await page.evaluate(() => window.Parley.setTheme('dark'));
    await expect.poll(() => backgroundLuminance(dialog)).toBeLessThan(0.2);
    await page.evaluate(() => window.Parley.setTheme('light'));
    await expect.poll(() => backgroundLuminance(dialog)).toBeGreaterThan(0.6);
  });

  it('follows the system colour scheme with theme "auto", live', async () => {
    const { page } = await e2e.tab({ colorScheme: 'dark' });
    await init(page, { theme: 'auto' });
    await openChat(page);
    const dialog = page.getByRole('dialog');
    expect(await backgroundLuminance(dialog)).toBeLessThan(0.2);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => backgroundLuminance(dialog)).toBeGreaterThan(0.6);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => backgroundLuminance(dialog)).toBeLessThan(0.2);
  });
});

describe('keyboard only', () => {
  it('Tab reaches the launcher, Enter opens with focus in the composer, Enter sends, Escape closes back to the launcher', async () => {
    const { page } = await e2e.tab();
    await page.goto(e2e.web.url + '/script-tag.html');
    const launcher = page.getByRole('button', { name: 'Open chat' });
    await launcher.waitFor();
    for (let i = 0; i < 6 && !(await focused(launcher)); i++) await page.keyboard.press('Tab');
    // Focusing the launcher renders the window ahead, and the window's launcher takes the place and the focus of
    // the early one (src/embed/element.ts): whenever that happens, the launcher keeps the focus.
    await expect.poll(() => focused(launcher), { message: 'the launcher has the focus' }).toBe(true);
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');

    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
    expect(await launcher.getAttribute('aria-expanded')).toBe('true');
    const box = page.getByRole('textbox', { name: 'Message' });
    await expect.poll(() => focused(box)).toBe(true);

    await page.keyboard.type('Typed without a mouse');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('log').getByText(/Typed without a mouse/).count()).toBe(1);
    expect(await page.getByRole('log').getByText(/second line/).count()).toBe(1);
    expect(await box.inputValue()).toBe('');

    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => focused(launcher)).toBe(true);
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
  });
});

describe('on a phone', () => {
  it('opens full screen with the composer visible', async () => {
    const { page } = await e2e.tab({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await page.goto(e2e.web.url + '/script-tag.html');
    await page.getByRole('button', { name: 'Open chat' }).tap();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
    const box = (await page.getByRole('dialog').boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(370);
    expect(box.height).toBeGreaterThanOrEqual(600);
    const composer = (await page.getByRole('textbox', { name: 'Message' }).boundingBox())!;
    const sendButton = (await page.getByRole('button', { name: 'Send' }).boundingBox())!;
    for (const b of [composer, sendButton]) {
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.y + b.height).toBeLessThanOrEqual(667);
      expect(b.x + b.width).toBeLessThanOrEqual(375);
    }
    await converse(page);
    await e2e.shot(page, 'mobile');
  });
});

describe('screen readers', () => {
  /** The texts of the widget's polite live regions, in order. */
  const spoken = (page: Page) =>
    page.evaluate(() => [...document.querySelector('parley-chat')!.shadowRoot!.querySelectorAll('[aria-live="polite"] p')].map((p) => p.textContent));

  it('hear each new incoming message once, and never the history again after a reload', async () => {
    const { page } = await e2e.tab();
    await page.goto(e2e.web.url + '/script-tag.html');
    await openChat(page);
    await send(page, 'Is the shop open on Sunday?');
    const s = await until(() => e2e.pp.sessions().at(-1), 'a session');
    await until(() => e2e.pp.messages(s.id).length > 0, 'the message on the server');
    await e2e.pp.pp.sendOperatorMessage(s.id, 'Yes, from 10 to 4.');
    await expect.poll(shown(page, 'Yes, from 10 to 4.')).toBe(1);
    // Their own message is not read back to the visitor; the answer is, once, with who said it.
    await expect.poll(() => spoken(page)).toEqual([expect.stringMatching(/: Yes, from 10 to 4\.$/)]);

    const streamsBefore = e2e.pp.streamRequests();
    await page.reload();
    await openChat(page);
    await expect.poll(shown(page, 'Yes, from 10 to 4.')).toBe(1);
    // Live again (the reloaded page's stream reached the server): what is said now arrives as it happens.
    // (Said before that, it would come with the connect's history, which is rightly not read out.)
    await until(() => e2e.pp.streamRequests() > streamsBefore, 'the reloaded page back on the stream');
    await e2e.pp.pp.sendOperatorMessage(s.id, 'Anything else?');
    await expect.poll(shown(page, 'Anything else?')).toBe(1);
    // After the reload only the new message is spoken, not the history the page put back on screen.
    await expect.poll(() => spoken(page)).toEqual([expect.stringMatching(/: Anything else\?$/)]);
  });
});

describe('long conversations', () => {
  it('stay at the bottom as messages come, unless the visitor scrolled up: then a "New messages" jump', async () => {
    const { page } = await e2e.tab();
    await page.goto(e2e.web.url + '/script-tag.html');
    await openChat(page);
    await send(page, 'Read me the manual');
    const s = await until(() => e2e.pp.sessions().at(-1), 'a session');
    // The session exists from connect: wait for the question itself, or (on a loaded machine) the
    // answers can be stored before it, and it is then rightly shown last instead of first.
    await until(() => e2e.pp.messages(s.id).some((m) => m.content === 'Read me the manual'), 'the question on the server');
    for (let n = 0; n < 60; n++) await e2e.pp.pp.sendOperatorMessage(s.id, `chapter ${n}`);
    const log = page.getByRole('log');
    const inView = (text: string) =>
      log.getByText(text, { exact: true }).evaluate((el) => {
        const r = el.getBoundingClientRect();
        const box = el.closest('[role=log]')!.getBoundingClientRect();
        return r.bottom > box.top && r.top < box.bottom;
      });
    // Following along: the newest is on screen (waits on conditions with room for a loaded machine,
    // never on times: 60 messages can take seconds to arrive and render there).
    await expect.poll(shown(page, 'chapter 59'), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => inView('chapter 59'), { timeout: 10_000 }).toBe(true);
    // Scrolled up to the start: a new message neither moves the view nor goes unnoticed. The rows the list
    // opened on have an estimated height until first on screen (content-visibility), and older rows are
    // rendered as the top comes near, so the top moves meanwhile: scroll again until it stays there.
    await expect
      .poll(async () => {
        await log.evaluate((el) => el.scrollTo({ top: -el.scrollHeight }));
        return inView('Read me the manual');
      }, { timeout: 10_000 })
      .toBe(true);
    // The scroll event (which tells the list the visitor left the bottom) is dispatched before the next frame.
    await log.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    await e2e.pp.pp.sendOperatorMessage(s.id, 'chapter 60');
    const jump = page.getByRole('button', { name: 'New messages' });
    await jump.waitFor({ timeout: 20_000 });
    expect(await shown(page, 'chapter 60')()).toBe(1);
    expect(await inView('Read me the manual')).toBe(true);
    expect(await inView('chapter 60')).toBe(false);
    // The jump brings the newest into view and goes away.
    await jump.click();
    await expect.poll(() => inView('chapter 60'), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => jump.count(), { timeout: 10_000 }).toBe(0);
  });

  it('do not grow memory with every message beyond the message itself', async () => {
    const { page, context } = await e2e.tab();
    await page.goto(e2e.web.url + '/script-tag.html');
    await openChat(page);
    await send(page, 'Tell me everything');
    const s = await until(() => e2e.pp.sessions().at(-1), 'a session');
    const operator = async (from: number, to: number) => {
      for (let n = from; n < to; n++) await e2e.pp.pp.sendOperatorMessage(s.id, `line ${n}`);
      await expect.poll(shown(page, `line ${to - 1}`), { timeout: 20_000 }).toBe(1);
    };
    const cdp = await context.newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    await operator(0, 300);
    const before = await heap();
    await operator(300, 400);
    // 100 more short messages on screen: a few hundred KB at most. Keeping anything per render of the
    // whole list (as a vnode cached across renders did: each kept its first render's tree) costs tens of MB.
    expect((await heap()) - before).toBeLessThan(3 * 1024 * 1024);
  });
});

describe('accessibility', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe violations in the ${theme} theme, closed and open`, async () => {
      const { page } = await e2e.tab({ colorScheme: theme });
      await init(page, { theme });
      await page.getByRole('button', { name: 'Open chat' }).waitFor();
      expect(await axe(page)).toEqual([]);
      await openChat(page);
      await converse(page);
      await e2e.shot(page, theme);
      expect(await axe(page)).toEqual([]);
    });
  }
});

describe('screenshots', () => {
  it('renders right to left in Arabic', async () => {
    const { page } = await e2e.tab();
    await init(page, { locale: 'ar' });
    await openChat(page, 'فتح المحادثة');
    expect(await page.getByRole('dialog').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await send(page, 'مرحبا، هل يمكنكم مساعدتي؟', 'رسالة');
    await expect.poll(shown(page, 'مرحبا، هل يمكنكم مساعدتي؟')).toBe(1);
    const s = await until(() => e2e.pp.sessions().at(-1), 'a session');
    await e2e.pp.pp.sendOperatorMessage(s.id, 'بالتأكيد! كيف يمكننا المساعدة؟');
    await expect.poll(shown(page, 'بالتأكيد! كيف يمكننا المساعدة؟')).toBe(1);
    await page.waitForTimeout(300);
    await e2e.shot(page, 'rtl-arabic');
  });
});
