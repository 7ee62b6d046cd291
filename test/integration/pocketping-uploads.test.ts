/**
 * Files over PocketPing (sheet §3.11), the whole chat model against the local server over real HTTP on
 * 127.0.0.1: the sdk-node routes (default) and the SaaS ones, limits, a failed PUT, cancel, and a reload
 * in the middle of an upload.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPocketPingServer, type PocketPingServer } from '../../servers/pocketping/index.js';
import { createChat, type ChatDeps } from '../../src/core/chat';
import type { ParleyError } from '../../src/core/errors';
import type { Chat } from '../../src/core/model';
import type { BytesRequest } from '../../src/core/transport';
import type { KeyValueStore } from '../../src/storage/store';
import { pocketping, type PocketPingOptions } from '../../src/transports/pocketping/index';
import { NodeWS, realClock, sleep, until } from '../helpers/node-env';
import { listableStore } from '../helpers/stores';

let srv: PocketPingServer | undefined;
const chats: Chat[] = [];

afterEach(async () => {
  for (const chat of chats.splice(0)) chat.destroy();
  await srv?.stop();
  srv = undefined;
});

function chatOn(options: Partial<PocketPingOptions> = {}, deps: Partial<ChatDeps> = {}, store: KeyValueStore = listableStore()) {
  const errors: ParleyError[] = [];
  const chat = createChat(
    pocketping({ endpoint: srv!.endpoint, socket: { minDelay: 20, maxDelay: 150, stallMs: 2000, connectTimeout: 4000 }, ...options }),
    { backend: 'pocketping', pollInterval: 150 },
    { store, fetch: globalThis.fetch, WebSocket: NodeWS, clock: realClock, random: () => 0.5, retry: { baseMs: 20, capMs: 80 }, ...deps },
  );
  chat.on('error', (error) => errors.push(error));
  chats.push(chat);
  return { chat, errors };
}

const png = (bytes = 64) => new File([new Uint8Array(bytes).fill(7)], 'shot.png', { type: 'image/png' });
/** The server's stored messages of the (only) session. */
const storedMessages = () => srv!.messages(srv!.sessions()[0]!.id);
/** A sendBytes that never answers until aborted (an upload in progress). */
const hangingUpload = (started: BytesRequest[]) => (request: BytesRequest) =>
  new Promise<{ status: number; text: string }>((_resolve, reject) => {
    started.push(request);
    request.signal.addEventListener('abort', () => reject(new Error('aborted')));
  });

describe('PocketPing files', () => {
  for (const routes of ['sdk-node', 'saas'] as const) {
    it(`uploads a file and sends it as a message (${routes} routes); the server has the bytes`, async () => {
      srv = await startPocketPingServer({ saasUploads: routes === 'saas' });
      const { chat } = chatOn({ uploadRoutes: routes });
      await chat.start();
      const message = chat.sendFile(png(100));
      expect(message.status).toBe('sending');
      expect(message.attachments![0]).toMatchObject({ name: 'shot.png', type: 'image/png', size: 100 });
      expect(message.attachments![0]!.url).toMatch(/^blob:/);
      const progress = chat.uploadProgress(message.id)!;
      await until(() => chat.messages.value[0]?.status === 'sent', 5000, 'sent');
      expect(progress.value).toBe(1);
      const [row] = storedMessages();
      expect(row!.attachments).toHaveLength(1);
      const attachment = row!.attachments![0]!;
      expect(attachment).toMatchObject({ filename: 'shot.png', mimeType: 'image/png', size: 100, status: 'ready' });
      expect(srv.files.file(attachment.id)!.bytes).toEqual(Buffer.alloc(100, 7));
      // The own message now shows the stored copy, which the server serves.
      const shown = chat.messages.value[0]!.attachments![0]!;
      expect(shown.url).toBe(attachment.url);
      expect(Buffer.from(await (await fetch(shown.url)).arrayBuffer())).toEqual(Buffer.alloc(100, 7));
    });
  }

  it('refuses a file too big or of a type sdk-node does not take, before sending anything', async () => {
    srv = await startPocketPingServer();
    const { chat } = chatOn();
    await chat.start();
    const big = new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'big.png', { type: 'image/png' });
    expect(() => chat.sendFile(big)).toThrow(expect.objectContaining({ code: 'validation', reason: 'file-size' }));
    expect(() => chat.sendFile(new File(['<svg/>'], 'x.svg', { type: 'image/svg+xml' }))).toThrow(expect.objectContaining({ code: 'validation', reason: 'file-type' }));
    await sleep(200);
    expect(chat.messages.value).toEqual([]);
    expect(srv.pp.storage.attachments.size).toBe(0);
    expect(storedMessages()).toEqual([]);
  });

  it('a failed PUT ends failed with one error event; retry() uploads again and sends once', async () => {
    srv = await startPocketPingServer();
    const { chat, errors } = chatOn();
    await chat.start();
    srv.files.setFailPuts(true);
    const message = chat.sendFile(png());
    await until(() => chat.messages.value[0]?.status === 'failed', 8000, 'failed');
    expect(errors).toHaveLength(1);
    expect(storedMessages()).toEqual([]);
    // The server heard each failed PUT (`/upload-failed`).
    await until(() => [...srv!.pp.storage.attachments.values()].every((attachment) => attachment.status === 'failed'), 3000, 'upload-failed');
    srv.files.setFailPuts(false);
    chat.retry(message.id);
    await until(() => chat.messages.value[0]?.status === 'sent', 5000, 'sent');
    await sleep(200);
    expect(storedMessages()).toHaveLength(1);
    expect(srv.files.count()).toBe(1);
  });

  it('cancel stops the upload and removes the message: nothing sent, no error', async () => {
    srv = await startPocketPingServer();
    const started: BytesRequest[] = [];
    const { chat, errors } = chatOn({}, { sendBytes: hangingUpload(started) });
    await chat.start();
    const message = chat.sendFile(png());
    await until(() => started.length === 1, 3000, 'upload started');
    expect(chat.cancelUpload(message.id)).toBe(true);
    expect(started[0]!.signal.aborted).toBe(true);
    expect(chat.messages.value).toEqual([]);
    await sleep(300);
    expect(chat.messages.value).toEqual([]);
    expect(errors).toEqual([]);
    expect(storedMessages()).toEqual([]);
    expect(chat.uploadProgress(message.id)).toBeUndefined();
  });

  it('a reload in the middle of an upload uploads the file again and sends it once; nothing stays stuck', async () => {
    srv = await startPocketPingServer();
    const store = listableStore();
    const started: BytesRequest[] = [];
    const first = chatOn({}, { sendBytes: hangingUpload(started) }, store);
    await first.chat.start();
    first.chat.sendFile(png(30));
    await until(() => started.length === 1, 3000, 'upload started');
    await sleep(50); // the queued record (with its file) is written
    first.chat.destroy(); // the page goes away mid-upload

    const second = chatOn({}, {}, store);
    await second.chat.start();
    await until(() => second.chat.messages.value[0]?.status === 'sent', 5000, 'sent after reload');
    await sleep(300);
    expect(second.chat.messages.value.filter((message) => message.status === 'sending')).toEqual([]);
    expect(second.chat.messages.value).toHaveLength(1);
    expect(storedMessages()).toHaveLength(1);
    expect(srv.files.count()).toBe(1);
    expect(second.errors).toEqual([]);
    expect(await store.keys!('parley/pocketping/')).not.toContainEqual(expect.stringContaining('/outbox/'));
  });

  it('shows operator files from the wire (web links only)', async () => {
    srv = await startPocketPingServer();
    const { chat } = chatOn();
    await chat.start();
    const sessionId = srv.sessions()[0]!.id;
    await srv.pp.handleMessage({
      sessionId,
      content: 'here',
      sender: 'operator',
      attachments: [
        { id: 'a1', filename: 'guide.pdf', mimeType: 'application/pdf', size: 2048, url: 'https://files.example/guide.pdf' },
        { id: 'a2', filename: 'evil', mimeType: 'text/html', size: 1, url: 'javascript:alert(1)' },
      ],
    });
    await until(() => chat.messages.value.length === 1, 5000, 'operator file');
    expect(chat.messages.value[0]!.attachments).toEqual([{ id: 'a1', name: 'guide.pdf', type: 'application/pdf', size: 2048, url: 'https://files.example/guide.pdf' }]);
  });
});
