/**
 * Files in Chromium against the local PocketPing server: attach by the button, by a drop onto the
 * window and by a paste into the composer; the image opens full size and Escape closes it; the server
 * has the files; a file of a refused type is explained and not sent; a reload in the middle of an upload
 * uploads the file again from the stored queue and sends it once; the upload code (`parley-bytes.js`) comes
 * with the first file, and a file waits while it cannot be fetched. axe on the lightbox and the refusal:
 * no serious or critical finding.
 */
import { describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { axe } from './helpers/axe';
import { until, useE2E } from './helpers/setup';
import { gradientPng } from './helpers/png';
import { focused } from './helpers/widget';

const e2e = useE2E();

async function openApiChat(page: Page) {
  await page.goto(e2e.web.url + '/api.html');
  await page.evaluate(() => {
    window.Parley.init({ backend: 'pocketping', endpoint: (window as unknown as { ENDPOINT: string }).ENDPOINT });
    window.Parley.open();
  });
  await expect.poll(() => page.getByRole('button', { name: 'Attach file' }).count()).toBe(1);
}

/** Files stored by the server (bytes put to its upload URL). */
const storedFiles = () => [...e2e.pp.pp.storage.attachments.values()].filter((attachment) => e2e.pp.files.file(attachment.id));

describe('files', () => {
  it('attaches by the button; the thumbnail opens full size, Escape closes it and focus returns', async () => {
    const { page, errors } = await e2e.tab();
    await openApiChat(page);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach file' }).click();
    await (await chooser).setFiles({ name: 'screenshot.png', mimeType: 'image/png', buffer: gradientPng() });
    const thumbnail = page.getByRole('button', { name: 'Open image screenshot.png' });
    await expect.poll(() => thumbnail.count()).toBe(1);
    await until(() => storedFiles().length === 1, 'the file on the server');
    const [stored] = storedFiles();
    expect(stored).toMatchObject({ filename: 'screenshot.png', mimeType: 'image/png' });
    expect(e2e.pp.files.file(stored!.id)!.bytes).toEqual(gradientPng());
    await until(() => e2e.pp.messages(e2e.pp.sessions()[0]!.id).some((row) => row.attachments?.length), 'the message with its attachment');

    await thumbnail.click();
    const lightbox = page.getByRole('dialog', { name: 'screenshot.png' });
    await expect.poll(() => lightbox.count()).toBe(1);
    await expect.poll(() => lightbox.getByRole('img', { name: 'screenshot.png' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
    await expect.poll(() => focused(page.getByRole('button', { name: 'Close image' }))).toBe(true);
    expect(await axe(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => lightbox.count()).toBe(0);
    await expect.poll(() => focused(thumbnail)).toBe(true);
    // Only the lightbox closed: the chat window is still open.
    expect(await page.getByRole('dialog', { name: 'Chat with us' }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('attaches a dropped file and a pasted image; a file of a refused type is explained and not sent', async () => {
    const { page } = await e2e.tab();
    await openApiChat(page);
    const pdf = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['%PDF-1.4 a short test file'], 'notes.pdf', { type: 'application/pdf' }));
      return transfer;
    });
    await page.getByRole('dialog', { name: 'Chat with us' }).dispatchEvent('drop', { dataTransfer: pdf });
    const chip = page.getByRole('link', { name: 'Download notes.pdf' });
    await expect.poll(() => chip.count()).toBe(1);
    await until(() => storedFiles().length === 1, 'the dropped file on the server');
    await expect.poll(() => chip.getAttribute('href')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\//);

    await page.getByRole('textbox', { name: 'Message' }).evaluate((textarea, bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
      textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    }, [...gradientPng(80, 60)]);
    await expect.poll(() => page.getByRole('button', { name: 'Open image image.png' }).count()).toBe(1);
    await until(() => storedFiles().length === 2, 'the pasted image on the server');
    await e2e.shot(page, 'files-image-and-chip');

    await page.evaluate(() => window.Parley.on('error', (error) => ((window as unknown as { refused: string }).refused = error.code)));
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach file' }).click();
    await (await chooser).setFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<p>hi</p>') });
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'This type of file cannot be sent' }).count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { refused: string }).refused)).toBe('validation');
    expect(await axe(page)).toEqual([]);
    expect(storedFiles()).toHaveLength(2);
  });

  it('a reload in the middle of an upload sends the file once, and nothing stays in progress', async () => {
    const { page, errors } = await e2e.tab();
    await openApiChat(page);
    // The PUT of the bytes is held on its way: the page reloads while the upload is in progress.
    // (Never let through: the page is gone before its PUT ends. The reloaded page's PUT goes through.)
    const held: Route[] = [];
    let holding = true;
    await page.route('**/files/*', (route) => (holding && route.request().method() === 'PUT' ? void held.push(route) : route.continue()));
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach file' }).click();
    await (await chooser).setFiles({ name: 'before-reload.png', mimeType: 'image/png', buffer: gradientPng(60, 40) });
    await until(() => held.length === 1, 'the upload in progress');
    await expect.poll(() => page.getByRole('progressbar').count()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the queued message (with its file) is stored

    await page.reload();
    holding = false; // the reloaded page has not started yet (api.html waits for init)
    for (const route of held) await route.abort().catch(() => undefined); // gone with the page they belonged to
    await openApiChat(page);
    const session = e2e.pp.sessions()[0]!;
    const withFile = () => e2e.pp.messages(session.id).filter((row) => row.attachments?.length);
    await until(() => withFile().length === 1, 'the file message on the server');
    await expect.poll(() => page.getByRole('button', { name: 'Open image before-reload.png' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('progressbar').count()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(withFile()).toHaveLength(1);
    expect(storedFiles()).toHaveLength(1);
    expect(e2e.pp.files.file(storedFiles()[0]!.id)!.bytes).toEqual(gradientPng(60, 40));
    expect(await page.getByRole('button', { name: 'Open image before-reload.png' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('a file attached in a second tab of the visitor is uploaded by the tab that holds the link, and sent once', async () => {
    const { context, page: first } = await e2e.tab();
    await openApiChat(first);
    const session = await until(() => e2e.pp.sessions()[0], 'the session');
    await until(() => e2e.pp.pp.connections.has(session.id), 'the first tab holds the link');
    const second = await context.newPage();
    await openApiChat(second);
    const chooser = second.waitForEvent('filechooser');
    await second.getByRole('button', { name: 'Attach file' }).click();
    await (await chooser).setFiles({ name: 'from-second-tab.png', mimeType: 'image/png', buffer: gradientPng(50, 30) });

    const withFile = () => e2e.pp.messages(session.id).filter((row) => row.attachments?.length);
    await until(() => withFile().length === 1, 'the file message on the server');
    for (const page of [first, second]) await expect.poll(() => page.getByRole('button', { name: 'Open image from-second-tab.png' }).count()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(withFile()).toHaveLength(1);
    expect(e2e.pp.files.file(storedFiles()[0]!.id)!.bytes).toEqual(gradientPng(50, 30));
  });

  it('Parley.sendFile() returns the message; a refused upload ends failed with Retry, and Retry sends it once', async () => {
    const { page } = await e2e.tab();
    await openApiChat(page);
    const refuse = (route: Route) =>
      route.request().method() === 'PUT' ? route.fulfill({ status: 403, headers: { 'Access-Control-Allow-Origin': '*' } }) : route.continue();
    await page.route('**/files/*', refuse);
    const message = await page.evaluate(() => window.Parley.sendFile(new File(['hello'], 'hello.txt', { type: 'text/plain' })));
    expect(message).toMatchObject({ sender: 'visitor', status: 'sending', attachments: [{ name: 'hello.txt', type: 'text/plain', size: 5 }] });
    expect(message!.attachments![0]!.url).toMatch(/^blob:http:\/\/127\.0\.0\.1:\d+\//);

    const retry = page.getByRole('log').getByRole('button', { name: 'Retry' });
    await expect.poll(() => retry.count(), { timeout: 15_000 }).toBe(1);
    const session = e2e.pp.sessions()[0]!;
    const withFile = () => e2e.pp.messages(session.id).filter((row) => row.attachments?.length);
    expect(withFile()).toEqual([]);
    await page.unroute('**/files/*', refuse);
    await retry.click();
    await until(() => withFile().length === 1, 'the file message on the server');
    await expect.poll(() => page.getByRole('link', { name: 'Download hello.txt' }).getAttribute('href')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\//);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(withFile()).toHaveLength(1);
    expect(await retry.count()).toBe(0);
  });

  it('fetches the upload code with the first file only; while it cannot be had the file waits, then it is sent once', async () => {
    const { page } = await e2e.tab();
    const bytesFile = '**/dist/parley-bytes.js*';
    const scripts = () => page.evaluate(() => [...document.scripts].map((script) => new URL(script.src || location.href).pathname).filter((path) => path.startsWith('/dist/')));
    await page.route(bytesFile, (route) => route.abort());
    await openApiChat(page);
    await page.getByRole('textbox', { name: 'Message' }).fill('just text');
    await page.keyboard.press('Enter');
    await until(() => e2e.pp.sessions().length === 1 && e2e.pp.messages(e2e.pp.sessions()[0]!.id).length === 1, 'the text on the server');
    expect(await scripts()).not.toContain('/dist/parley-bytes.js');

    await page.evaluate(() => window.Parley.sendFile(new File(['hello'], 'hello.txt', { type: 'text/plain' })));
    const withFile = () => e2e.pp.messages(e2e.pp.sessions()[0]!.id).filter((row) => row.attachments?.length);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(withFile()).toEqual([]);
    await page.unroute(bytesFile);
    await until(() => withFile().length === 1, 'the file message on the server, once the upload code could be fetched');
    await expect.poll(() => page.getByRole('link', { name: 'Download hello.txt' }).count()).toBe(1);
    expect(await scripts()).toContain('/dist/parley-bytes.js');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(withFile()).toHaveLength(1);
    expect(storedFiles().filter((file) => file.filename === 'hello.txt')).toHaveLength(1);
  });

  it('an upload cancelled while its code is on its way sends nothing once the code is here', async () => {
    const { page } = await e2e.tab();
    const bytesFile = '**/dist/parley-bytes.js*';
    const held: Route[] = [];
    await page.route(bytesFile, (route) => void held.push(route));
    await openApiChat(page);
    await page.evaluate(() => window.Parley.sendFile(new File(['secret'], 'cancelled.txt', { type: 'text/plain' })));
    await until(() => held.length === 1, 'the upload code on its way');
    await page.getByRole('button', { name: 'Cancel upload' }).click();
    await expect.poll(() => page.getByRole('log').getByText('cancelled.txt').count()).toBe(0);

    await held[0]!.continue();
    await page.unroute(bytesFile);
    await page.getByRole('textbox', { name: 'Message' }).fill('Forget the file');
    await page.keyboard.press('Enter');
    const session = () => e2e.pp.sessions()[0]!;
    await until(() => e2e.pp.messages(session().id).some((row) => row.content === 'Forget the file'), 'the next message on the server');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(storedFiles().filter((file) => file.filename === 'cancelled.txt')).toEqual([]);
    expect(e2e.pp.messages(session().id).filter((row) => row.attachments?.length)).toEqual([]);
  });
});
