/**
 * Notifications in Chromium (`notifications` config): the page title counts replies while the page is
 * hidden and comes back exactly when the visitor returns; the "Turn on notifications" button exists
 * only when desktop notifications are on and the visitor has not answered yet; a reply while hidden
 * then shows one desktop notification, whose click opens the chat. Two tabs of one visitor notify
 * once, not once each: the visible tab if any, else the tab that holds the link.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { axe } from './helpers/axe';
import { until, useE2E } from './helpers/setup';
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

/** Replaces the Notification API of the page (or of every page of a context) with one that records what it shows and answers as `answer`. */
async function recordNotifications(page: Page | BrowserContext, answer: NotificationPermission) {
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
    // The chat connects when the page is idle: a reply before that reaches nobody.
    await page.waitForFunction(() => (window as unknown as { scripted: { live: boolean } }).scripted.live);
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
    expect(await axe(page)).toEqual([]);
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

/** Replaces Web Audio with a recorder of the chimes played (each chime is two notes). */
async function recordChimes(context: BrowserContext) {
  await context.addInitScript(() => {
    const played = { notes: 0 };
    const param = { setValueAtTime() {}, exponentialRampToValueAtTime() {} };
    class RecordedAudioContext {
      currentTime = 0;
      state = 'running';
      destination = {};
      resume = async () => undefined;
      createGain = () => ({ gain: param, connect: (next: unknown) => next });
      createOscillator = () => {
        played.notes++;
        return { type: 'sine', frequency: param, connect: (next: unknown) => next, start() {}, stop() {} };
      };
    }
    Object.assign(window, { AudioContext: RecordedAudioContext, playedNotes: played });
  });
}

describe('two tabs of one visitor', () => {
  /** The notifier lock as the browser sees it: how many tabs hold it and how many wait for it. */
  const notifierLock = (page: Page) =>
    page.evaluate(async () => {
      const { held = [], pending = [] } = await navigator.locks.query();
      return { held: held.filter((lock) => lock.name === 'parley-notifier').length, pending: pending.filter((lock) => lock.name === 'parley-notifier').length };
    });

  /**
   * The lock manager shows a lock as held before the tab's own callback for it has run (a task of that tab,
   * later under load): a reply in between is the hand-over the product lets pass without a chime. Lets the
   * tab run its pending tasks first.
   */
  const settled = (page: Page) => page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));

  it('notify once, not once each: the tab that holds the link while no tab is in front, else the visible tab', async () => {
    const { context, page: owner } = await e2e.tab();
    await recordNotifications(context, 'granted');
    await recordChimes(context);
    const init = (page: Page) =>
      page.evaluate(() => {
        (window.Notification as unknown as { permission: string }).permission = 'granted';
        window.Parley.init({ backend: 'pocketping', endpoint: (window as unknown as { ENDPOINT: string }).ENDPOINT, notifications: { desktop: true, sound: true } });
      });
    await owner.goto(e2e.web.url + '/api.html');
    await init(owner);
    const session = await until(() => e2e.pp.sessions()[0], 'the session');
    await until(() => e2e.pp.pp.connections.has(session.id), 'the first tab holds the link');
    const follower = await context.newPage();
    await follower.goto(e2e.web.url + '/api.html');
    await init(follower);
    await follower.getByRole('button', { name: 'Open chat' }).waitFor();
    // Sound plays only after the visitor has used the page.
    for (const page of [owner, follower]) await page.mouse.click(5, 5);

    const chimes = (page: Page) => page.evaluate(() => (window as unknown as { playedNotes: { notes: number } }).playedNotes.notes / 2);
    const counts = async () => ({ owner: [(await notificationsShown(owner)).length, await chimes(owner)], follower: [(await notificationsShown(follower)).length, await chimes(follower)] });
    let replies = 0;
    /** An operator reply, once both tabs have it (the follower's badge counts it). */
    const reply = async (text: string) => {
      await e2e.pp.pp.sendOperatorMessage(session.id, text);
      replies++;
      await expect.poll(() => follower.getByRole('button', { name: 'Open chat' }).getAttribute('data-unread')).toBe(String(replies));
    };

    // The visitor is on another site: both tabs hidden. The tab that holds the link notifies: one notice, one chime.
    await setHidden(owner, true);
    await setHidden(follower, true);
    await reply('Your parcel left the warehouse');
    await expect.poll(counts).toEqual({ owner: [1, 1], follower: [0, 0] });
    expect(await notificationsShown(owner)).toEqual([expect.objectContaining({ body: 'Your parcel left the warehouse' })]);

    // The visitor looks at the follower: it chimes (no desktop notice for a page in front), the owner stays quiet.
    // (Which tab notifies moves through a Web Lock, asynchronously: the reply is sent once it has moved. A reply
    // in the few milliseconds of a hand-over is counted in the title but may get no chime or notice.)
    await setHidden(follower, false);
    await expect.poll(() => notifierLock(owner)).toEqual({ held: 1, pending: 1 });
    await settled(follower);
    await reply('It arrives tomorrow');
    await expect.poll(counts).toEqual({ owner: [1, 1], follower: [0, 1] });

    // Away again: the owner notifies, not the tab looked at last.
    await setHidden(follower, true);
    await expect.poll(() => notifierLock(owner)).toEqual({ held: 1, pending: 0 });
    await settled(owner);
    await reply('Between 9 and 12');
    await expect.poll(counts).toEqual({ owner: [2, expect.any(Number)], follower: [0, 1] });
  });
});
