/**
 * The visitor's files (§5) against the local server: the capability and limits follow the deployment's
 * `allowedMedia` and `blockedExtensions`; an upload asks `onAttachment`, PUTs with exactly the presigned
 * headers, waits for `UploadSuccessEvent` and the message carries the file; every failure is one clear
 * error (too big, blocked extension, refused type, refused PUT, UploadFailureEvent) and nothing is sent.
 */
import { describe, expect, it } from 'vitest';
import { ParleyError } from '../../../src/core/errors';
import type { UploadFile } from '../../../src/core/transport';
import { until } from '../../helpers/node-env';
import { chatOn, messageWith, open, startServer } from './setup';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

const fileOf = (name: string, type: string, bytes: Uint8Array<ArrayBuffer> = PNG): UploadFile => Object.assign(new Blob([bytes], { type }), { name });

/** Upload options that record progress. */
const watched = () => {
  const progress: number[] = [];
  return { progress, options: { onProgress: (fraction: number) => progress.push(fraction), signal: new AbortController().signal } };
};

/** The upload's rejection. */
const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: ParleyError) => error);

describe('genesys-messaging: visitor attachments', () => {
  it('turns attachments on with the deployment limits after the SessionResponse, and off where the deployment takes no files', async () => {
    const server = await startServer({ settings: { maxFileSizeKB: 20, blockedExtensions: ['.exe', 'bat'] } });
    const { transport } = open(server);
    expect(transport.capabilities.attachments).toBe(false);
    await transport.connect({ visitorId: 'v1' });
    expect(transport.capabilities.attachments).toBe(true);
    expect(transport.fileLimits).toEqual({ maxBytes: 20000, types: ['image/png', 'image/jpeg', 'image/gif', 'application/pdf', 'text/plain'], blockedExtensions: ['.exe', '.bat'] });

    const anyType = await startServer({ settings: { fileTypes: [{ type: 'image/png' }, { type: '*/*' }] } });
    const second = open(anyType).transport;
    await second.connect({ visitorId: 'v2' });
    expect(second.fileLimits?.types).toBeUndefined();

    const noFiles = await startServer({ settings: { fileTypes: [] } });
    const third = open(noFiles).transport;
    await third.connect({ visitorId: 'v3' });
    expect(third.capabilities.attachments).toBe(false);
    expect((await refusal(third.upload!(fileOf('a.png', 'image/png'), watched().options)))?.code).toBe('unsupported');
  });

  it('uploads with the presigned header, resolves with the download URL, and sends the file on the next message', async () => {
    const server = await startServer();
    const { transport, heard } = open(server);
    await transport.connect({ visitorId: 'v1' });
    const { progress, options } = watched();
    const stored = await transport.upload!(fileOf('photo.png', 'image/png'), options);
    expect(stored).toEqual({ id: expect.any(String), name: 'photo.png', type: 'image/png', size: PNG.length, url: expect.stringMatching(new RegExp(`^${server.url}/downloads/`)) });
    expect(progress.at(-1)).toBe(1);
    expect(Buffer.from(await (await fetch(stored.url)).arrayBuffer())).toEqual(Buffer.from(PNG));

    const sent = await transport.send({ clientId: 'c1', text: 'my receipt', attachments: [stored] });
    const [message] = server.messages(server.sessions()[0]!.id);
    expect(message).toMatchObject({ id: sent.id, type: 'Text', text: 'my receipt', content: [{ contentType: 'Attachment', attachment: { id: stored.id, filename: 'photo.png', mime: 'image/png' } }] });
    const echo = await messageWith(heard, 'my receipt');
    expect(echo.attachments).toEqual([{ id: stored.id, name: 'photo.png', type: 'image/png', size: PNG.length, url: expect.stringMatching(/\/downloads\//) }]);
  });

  it('refuses a file over maxFileSizeKB and a blocked extension before asking the server', async () => {
    const server = await startServer({ settings: { maxFileSizeKB: 1 } });
    const { transport } = open(server);
    await transport.connect({ visitorId: 'v1' });
    const big = await refusal(transport.upload!(fileOf('big.png', 'image/png', new Uint8Array(1001)), watched().options));
    expect(big).toMatchObject({ code: 'validation', reason: 'file-size', limit: 1000 });
    expect(big?.message).toContain('1 KB');
    const blocked = await refusal(transport.upload!(fileOf('Setup.EXE', 'image/png'), watched().options));
    expect(blocked).toMatchObject({ code: 'validation', reason: 'file-type' });
    expect(blocked?.message).toContain('.exe');
    expect(server.sessions()[0]!.attachments).toBe(0);
  });

  it("maps the server's refusals: a type outside allowedMedia (GenerateUrlError 4001), a refused PUT, an UploadFailureEvent", async () => {
    const server = await startServer();
    const { transport } = open(server);
    await transport.connect({ visitorId: 'v1' });
    // The server's own policy (here a type the limits let through because they changed meanwhile).
    server.configure({ fileTypes: [{ type: 'image/png' }] });
    const type = await refusal(transport.upload!(fileOf('notes.txt', 'text/plain'), watched().options));
    expect(type).toMatchObject({ code: 'validation', status: 4001, retryable: false });

    const { token } = server.sessions()[0]!;
    server.chaos(token, 'refuseput');
    const put = await refusal(transport.upload!(fileOf('photo.png', 'image/png'), watched().options));
    expect(put).toMatchObject({ code: 'http', status: 403, retryable: false });
    expect(put?.message).toBe('genesys-messaging: the upload was refused (HTTP 403)');
    // The refused upload's attachment is deleted on the server.
    await until(() => server.sessions()[0]!.attachments === 0, 3000, 'attachment deleted');

    server.chaos(token, 'failupload');
    const scanned = await refusal(transport.upload!(fileOf('photo.png', 'image/png'), watched().options));
    expect(scanned).toMatchObject({ code: 'validation', status: 4003 });
    expect(scanned?.message).toContain('File content invalid');

    // After all that, an upload still goes through.
    expect((await transport.upload!(fileOf('photo.png', 'image/png'), watched().options)).name).toBe('photo.png');
  });

  it('through the whole chat: sendFile uploads and sends; a blocked extension is refused before anything is queued', async () => {
    const server = await startServer();
    const chat = chatOn(server);
    await chat.start();
    await until(() => chat.status.value === 'online', 5000, 'online');
    expect(chat.capabilities.attachments).toBe(true);
    expect(() => chat.sendFile(fileOf('run.bat', 'text/plain'))).toThrow(expect.objectContaining({ code: 'validation', reason: 'file-type' }));
    expect(chat.messages.value).toEqual([]);

    chat.sendFile(fileOf('photo.png', 'image/png'));
    const sent = await until(() => chat.messages.value.find((message) => message.status === 'sent'), 5000, 'file sent');
    expect(sent.attachments).toEqual([expect.objectContaining({ name: 'photo.png', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/downloads\//) })]);
    const [stored] = server.messages(server.sessions()[0]!.id);
    expect(stored.content).toEqual([expect.objectContaining({ contentType: 'Attachment', attachment: expect.objectContaining({ filename: 'photo.png' }) })]);
  });
});
