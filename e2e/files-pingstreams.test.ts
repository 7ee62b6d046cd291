/**
 * Files in Chromium against the local Pingstreams server: an image attached by the button shows as a
 * thumbnail from the server once uploaded (and opens full size), a PDF as a chip with a download link;
 * the server has both files and an `image` and a `file` message. An upload in progress is cancelled from
 * its message: the message goes and nothing reaches the server. axe on each view (the chip, the
 * lightbox, the upload in progress, the refusal notice): no serious or critical finding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { startPingstreamsServer, type PingstreamsServer } from '../servers/pingstreams/index.js';
import { axe } from './helpers/axe';
import { gradientPng } from './helpers/png';
import { until, useE2E } from './helpers/setup';
import { openChat, send, shown } from './helpers/widget';

const e2e = useE2E();
let ps: PingstreamsServer;

beforeAll(async () => {
  ps = await startPingstreamsServer({ port: 0 });
  Object.assign(e2e.web.vars, { PINGSTREAMS: ps.apiUrl, PROJECT: ps.projectId });
});
afterAll(async () => {
  await ps?.stop();
});

/** The messages the server stored for the newest request. */
const storedMessages = () => {
  const request = ps.requests().at(-1) as { request_id: string } | undefined;
  return (request ? ps.messages(request.request_id) : []) as { text: string; type: string; metadata?: Record<string, unknown> }[];
};

/** Opens the chat on the script-tag page and starts the conversation (so the visitor is signed in). */
async function openPingstreamsChat(page: Page) {
  await page.goto(e2e.web.url + '/pingstreams.html');
  await openChat(page);
  await send(page, 'Here are my files');
  await until(() => storedMessages().some((message) => message.text === 'Here are my files'), 'the first message on the server');
}

async function attach(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach file' }).click();
  await (await chooser).setFiles(file);
}

describe('files over Pingstreams', () => {
  it('attaches an image and a PDF by the button: a thumbnail from the server and a chip, both on the server', async () => {
    const { page, errors } = await e2e.tab();
    await openPingstreamsChat(page);
    ps.uploads.clear();

    await attach(page, { name: 'receipt.png', mimeType: 'image/png', buffer: gradientPng() });
    const thumbnail = page.getByRole('button', { name: 'Open image receipt.png' });
    await expect.poll(() => thumbnail.count()).toBe(1);
    const image = await until(() => storedMessages().find((message) => message.type === 'image'), 'the image message on the server');
    expect(image.metadata).toMatchObject({ name: 'receipt.png', type: 'image/png', width: 160, height: 100 });
    // Once uploaded, the thumbnail is the server's copy (no longer this page's blob:), and it loads.
    await expect.poll(() => thumbnail.locator('img').getAttribute('src')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    await expect.poll(() => thumbnail.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);
    expect(await thumbnail.locator('img').getAttribute('referrerpolicy')).toBe('no-referrer');

    await attach(page, { name: 'invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 an invoice') });
    const chip = page.getByRole('link', { name: 'Download invoice.pdf' });
    await expect.poll(() => chip.count()).toBe(1);
    const file = await until(() => storedMessages().find((message) => message.type === 'file'), 'the file message on the server');
    expect(file.metadata).toMatchObject({ name: 'invoice.pdf', type: 'application/pdf' });
    await expect.poll(() => chip.getAttribute('href')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const download = await fetch((await chip.getAttribute('href'))!);
    expect(await download.text()).toBe('%PDF-1.4 an invoice');
    expect(ps.uploads.files().map(([, stored]) => stored.name).sort()).toEqual(['invoice.pdf', 'receipt.png']);
    expect(await axe(page)).toEqual([]);
    await e2e.shot(page, 'files-pingstreams');

    // The image full size: a dialog, axe-clean; Escape closes it.
    await thumbnail.click();
    const lightbox = page.getByRole('dialog', { name: 'receipt.png' });
    await expect.poll(() => lightbox.getByRole('img', { name: 'receipt.png' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
    expect(await lightbox.getByRole('img', { name: 'receipt.png' }).getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(await axe(page)).toEqual([]);
    await e2e.shot(page, 'files-lightbox');
    await page.keyboard.press('Escape');
    await expect.poll(() => lightbox.count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('cancels an upload in progress: the message goes, and nothing reaches the server', async () => {
    const { page, errors } = await e2e.tab();
    await openPingstreamsChat(page);
    ps.uploads.clear();
    // The upload is held on its way (a slow network): it stays in progress until cancelled.
    const held: Route[] = [];
    await page.route('**/files/users', (route) => void held.push(route));

    await attach(page, { name: 'big-report.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(200_000, 65) });
    await until(() => held.length === 1, 'the upload on its way');
    const progress = page.getByRole('progressbar', { name: /^Uploading: \d+%$/ });
    await expect.poll(() => progress.count()).toBe(1);
    expect(await axe(page)).toEqual([]);
    await page.getByRole('button', { name: 'Cancel upload' }).click();
    await expect.poll(() => page.getByRole('log').getByText('big-report.pdf').count()).toBe(0);
    expect(await progress.count()).toBe(0);

    // The browser gave the request up: letting it through now fails, and the server never hears of it.
    await held[0]!.continue().catch(() => undefined);
    await page.unroute('**/files/users');
    await send(page, 'Never mind the report');
    await until(() => storedMessages().some((message) => message.text === 'Never mind the report'), 'the next message on the server');
    expect(storedMessages().filter((message) => message.type === 'file')).toEqual([]);
    expect(ps.uploads.files()).toEqual([]);
    await expect.poll(shown(page, 'Never mind the report')).toBe(1);
    expect(errors).toEqual([]);
  });

  it('explains a file over the 10 MB limit under the composer (axe-clean), and sends nothing', async () => {
    const { page } = await e2e.tab();
    await openPingstreamsChat(page);
    ps.uploads.clear();
    // Made in the page and dropped onto the window (10 MB through the file chooser would be slow to pass in).
    const video = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'video.mp4', { type: 'video/mp4' }));
      return transfer;
    });
    await page.getByRole('dialog', { name: 'Chat with us' }).dispatchEvent('drop', { dataTransfer: video });
    const notice = page.getByRole('alert').filter({ hasText: 'This file is too big' });
    await expect.poll(() => notice.count()).toBe(1);
    expect(await axe(page)).toEqual([]);
    await e2e.shot(page, 'files-refused');
    expect(ps.uploads.files()).toEqual([]);
    expect(storedMessages().filter((message) => message.type !== 'text')).toEqual([]);
  });
});
