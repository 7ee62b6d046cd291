/**
 * Files over Pingstreams (sheet §3.8), the whole chat model against the local server over real HTTP on
 * 127.0.0.1: an image and a file, the size limit, a failed upload, cancel, and a reload mid-upload.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPingstreamsServer, type PingstreamsServer } from '../../servers/pingstreams/index.js';
import { createChat, type ChatDeps } from '../../src/core/chat';
import type { ParleyError } from '../../src/core/errors';
import type { Chat } from '../../src/core/model';
import type { BytesRequest } from '../../src/core/transport';
import type { KeyValueStore } from '../../src/storage/store';
import { pingstreams } from '../../src/transports/pingstreams/index';
import { NodeWS, realClock, sleep, until } from '../helpers/node-env';
import { listableStore } from '../helpers/stores';
import { fast } from '../transports/pingstreams/setup';

let srv: PingstreamsServer;
const chats: Chat[] = [];
afterEach(async () => {
  for (const chat of chats.splice(0)) chat.destroy();
  await srv.stop();
});

function chatOn(deps: Partial<ChatDeps> = {}, store: KeyValueStore = listableStore()) {
  const errors: ParleyError[] = [];
  const chat = createChat(
    pingstreams({ projectId: srv.projectId, apiUrl: srv.apiUrl, socket: fast, snapshotTimeout: 500 }),
    { pollInterval: 100 },
    { store, fetch: globalThis.fetch, WebSocket: NodeWS, clock: realClock, random: () => 0.5, retry: { baseMs: 20, capMs: 80 }, log: () => {}, ...deps },
  );
  chat.on('error', (error) => errors.push(error));
  chats.push(chat);
  return { chat, errors };
}

/** The stored messages of the (only) request. */
const stored = () => (srv.requests()[0] ? srv.messages(srv.requests()[0].request_id as string) : []) as Record<string, any>[];
const hangingUpload = (started: BytesRequest[]) => (request: BytesRequest) =>
  new Promise<{ status: number; text: string }>((_resolve, reject) => {
    started.push(request);
    request.signal.addEventListener('abort', () => reject(new Error('aborted')));
  });

describe('Pingstreams files', () => {
  for (const [kind, file] of [
    ['image', new File([new Uint8Array(40).fill(3)], 'photo.png', { type: 'image/png' })],
    ['file', new File(['%PDF-1.4 notes'], 'notes.pdf', { type: 'application/pdf' })],
  ] as const) {
    it(`uploads ${kind === 'image' ? 'an image to /images/users' : 'a file to /files/users'} and sends a "${kind}" message with its metadata`, async () => {
      srv = await startPingstreamsServer();
      const { chat } = chatOn();
      await chat.start();
      chat.sendFile(file);
      await until(() => chat.messages.value[0]?.status === 'sent', 5000, 'sent');
      const [[path, saved]] = srv.uploads.files();
      expect(path).toContain(kind === 'image' ? '/images/' : '/files/');
      expect(saved.bytes).toEqual(Buffer.from(await file.arrayBuffer()));
      await until(() => stored().length === 1, 3000, 'message stored');
      const message = stored()[0]!;
      expect(message.type).toBe(kind);
      expect(message.metadata).toMatchObject({ name: file.name, type: file.type, uid: path, size: file.size });
      const src = message.metadata.src as string;
      expect(src.startsWith(srv.apiUrl + (kind === 'image' ? '/images?path=' : '/files/download?path='))).toBe(true);
      expect(Buffer.from(await (await fetch(src)).arrayBuffer())).toEqual(saved.bytes);
      // The visitor's message shows the stored copy, once (the echo merges into it).
      await sleep(300);
      expect(chat.messages.value).toHaveLength(1);
      expect(chat.messages.value[0]!.attachments).toEqual([{ id: path, name: file.name, type: file.type, size: file.size, url: src }]);
    });
  }

  it('refuses a file over 10 MB before sending anything', async () => {
    srv = await startPingstreamsServer();
    const { chat, errors } = chatOn();
    const big = new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'big.zip', { type: 'application/zip' });
    expect(() => chat.sendFile(big)).toThrow(expect.objectContaining({ code: 'validation', reason: 'file-size' }));
    expect(errors.map((error) => error.code)).toEqual(['validation']);
    expect(chat.messages.value).toEqual([]);
    expect(srv.uploads.files()).toEqual([]);
  });

  it('a failed upload ends failed; retry() sends it once', async () => {
    srv = await startPingstreamsServer();
    const { chat, errors } = chatOn();
    await chat.start();
    srv.uploads.setFailUploads(true);
    const message = chat.sendFile(new File(['hello'], 'hello.txt', { type: 'text/plain' }));
    await until(() => chat.messages.value[0]?.status === 'failed', 8000, 'failed');
    expect(errors).toHaveLength(1);
    expect(stored()).toEqual([]);
    srv.uploads.setFailUploads(false);
    chat.retry(message.id);
    await until(() => chat.messages.value[0]?.status === 'sent', 5000, 'sent');
    await sleep(300);
    expect(stored()).toHaveLength(1);
    expect(srv.uploads.files()).toHaveLength(1);
  });

  it('cancel removes the message; nothing is sent', async () => {
    srv = await startPingstreamsServer();
    const started: BytesRequest[] = [];
    const { chat, errors } = chatOn({ sendBytes: hangingUpload(started) });
    await chat.start();
    const message = chat.sendFile(new File(['x'], 'x.txt', { type: 'text/plain' }));
    await until(() => started.length === 1, 3000, 'upload started');
    chat.cancelUpload(message.id);
    expect(started[0]!.signal.aborted).toBe(true);
    await sleep(300);
    expect(chat.messages.value).toEqual([]);
    expect(errors).toEqual([]);
    expect(stored()).toEqual([]);
  });

  it('a reload mid-upload sends the file once', async () => {
    srv = await startPingstreamsServer();
    const store = listableStore();
    const started: BytesRequest[] = [];
    const first = chatOn({ sendBytes: hangingUpload(started) }, store);
    await first.chat.start();
    first.chat.sendFile(new File(['report'], 'report.csv', { type: 'text/csv' }));
    await until(() => started.length === 1, 3000, 'upload started');
    await sleep(50);
    first.chat.destroy();
    const second = chatOn({}, store);
    await second.chat.start();
    await until(() => second.chat.messages.value[0]?.status === 'sent', 5000, 'sent after reload');
    await sleep(300);
    expect(second.chat.messages.value).toHaveLength(1);
    expect(stored()).toHaveLength(1);
    expect(srv.uploads.files()).toHaveLength(1);
  });
});
