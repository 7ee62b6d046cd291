/**
 * Notifications in Chromium (`notifications` config): the page title counts replies while the page is
 * hidden and comes back exactly when the visitor returns; the "Turn on notifications" button exists
 * only when desktop notifications are on and the visitor has not answered yet; a reply while hidden
 * then shows one desktop notification, whose click opens the chat.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useE2E } from './helpers/setup';
import { openChat } from './helpers/widget';

const e2e = useE2E();

/** The page with the in-page backend the test drives (e2e/pages/scripted-backend.js). */
async function initScripted(page: Page, config: Record<string, unknown> = {}) {
  await page.goto(e2e.web.url + '/scripted.html');
  await page.evaluate((config) => window.Parley.init({ backend: 'scripted', storage: 'memory', ...config }), config);
  await page.getByRole('button', { name: 'Open chat' }).waitFor();
}

/** An operator reply from the scripted backend. */
const say = (page: Page, text: string) => page.evaluate((text) => (window as unknown as { scripted: { say(t: string): void } }).scripted.say(text), text);

/** The visitor switches to another tab (`hidden`) or back, as the browser tells the page. */
const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((hidden) => {
    Object.defineProperty(document, 'visibilityState', { value: hidden ? 'hidden' : 'visible', configurable: true });
    Object.defineProperty(document, 'hidden', { value: hidden, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);

/** Replaces the page's Notification API with one that records what it shows and answers as `answer`. */
async function recordNotifications(page: Page, answer: NotificationPermission) {
  await page.addInitScript((answer) => {
    const shown: { title: string; body?: string; tag?: string; click(): void }[] = [];
    class RecordedNotification extends EventTarget {
      static permission: NotificationPermission = 'default';
      static requestPermission = async () => (RecordedNotification.permission = answer);
      onclick: ((event: Event) => void) | null = null;
      constructor(title: string, options: NotificationOptions = {}) {
        super();
        shown.push({ title, body: options.body, tag: options.tag, click: () => this.onclick?.(new Event('click')) });
      }
      close() {}
    }
    Object.assign(window, { Notification: RecordedNotification, shownNotifications: shown });
  }, answer);
}

const notificationsShown = (page: Page) => page.evaluate(() => (window as unknown as { shownNotifications: { title: string; body?: string }[] }).shownNotifications.map(({ title, body }) => ({ title, body })));

describe('title notification', () => {
  it('counts replies in the title while the page is hidden and restores it exactly when visible', async () => {
    const { page } = await e2e.tab();
    await initScripted(page);
    const title = await page.title();
    await openChat(page);
    await say(page, 'Seen at once'); // the window is open and the page in front
    await setHidden(page, true);
    await say(page, 'Are you still there?');
    await expect.poll(() => page.title()).toBe(`(1) ${title}`);
    await say(page, 'We can ship tomorrow');
    await expect.poll(() => page.title()).toBe(`(2) ${title}`);
    await setHidden(page, false);
    await expect.poll(() => page.title()).toBe(title);
  });

  it('is off with notifications: {"title": false}', async () => {
    const { page } = await e2e.tab();
    await initScripted(page, { notifications: { title: false } });
    const title = await page.title();
    await setHidden(page, true);
    await say(page, 'Hello');
    await expect.poll(() => page.getByRole('button', { name: 'Open chat' }).getAttribute('data-unread')).toBe('1');
    expect(await page.title()).toBe(title);
  });
});

describe('desktop notifications', () => {
  it('have a "Turn on notifications" button only when on and not yet answered; then notify while hidden, and a click opens the chat', async () => {
    const { page } = await e2e.tab();
    await recordNotifications(page, 'granted');
    await initScripted(page, { notifications: { desktop: true } });
    await openChat(page);
    const button = page.getByRole('dialog').getByRole('button', { name: 'Turn on notifications' });
    await button.waitFor();
    expect(await notificationsShown(page)).toEqual([]); // nothing asked or shown on load
    await button.click();
    await expect.poll(() => button.count()).toBe(0);

    await page.getByRole('button', { name: 'Close chat' }).click();
    await say(page, 'Seen: the page is in front');
    await setHidden(page, true);
    await say(page, 'Your parcel left the warehouse');
    await expect.poll(() => notificationsShown(page)).toEqual([{ title: 'New message from Alex', body: 'Your parcel left the warehouse' }]);
    await setHidden(page, false);
    await page.evaluate(() => (window as unknown as { shownNotifications: { click(): void }[] }).shownNotifications[0]!.click());
    await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
  });

  it('have no button when off (the default), or when the visitor already answered', async () => {
    const off = (await e2e.tab()).page;
    await recordNotifications(off, 'granted');
    await initScripted(off);
    await openChat(off);
    await off.getByRole('textbox', { name: 'Message' }).waitFor();
    expect(await off.getByRole('button', { name: 'Turn on notifications' }).count()).toBe(0);

    // The real browser API, permission already answered (granted for this origin).
    const answered = (await e2e.tab({ permissions: ['notifications'] })).page;
    await initScripted(answered, { notifications: { desktop: true } });
    expect(await answered.evaluate(() => Notification.permission)).toBe('granted');
    await openChat(answered);
    await answered.getByRole('textbox', { name: 'Message' }).waitFor();
    expect(await answered.getByRole('button', { name: 'Turn on notifications' }).count()).toBe(0);
  });

  it('leave the button once the visitor refuses, and never notify', async () => {
    const { page } = await e2e.tab();
    await recordNotifications(page, 'denied');
    await initScripted(page, { notifications: { desktop: true } });
    await openChat(page);
    const button = page.getByRole('button', { name: 'Turn on notifications' });
    await button.click();
    await expect.poll(() => button.count()).toBe(0);
    await setHidden(page, true);
    await say(page, 'Hello?');
    await expect.poll(() => page.title()).toMatch(/^\(1\) /);
    expect(await notificationsShown(page)).toEqual([]);
  });
});
