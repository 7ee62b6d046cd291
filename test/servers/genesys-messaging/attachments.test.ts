// Attachments on the local Web Messaging server (protocols/genesys-webmessaging.md §5): presigned PUT to
// the server's own route with a required header, UploadSuccessEvent / UploadFailureEvent / GenerateUrlError,
// getAttachment download URLs, deleteAttachment, and sending the uploaded file.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { configured, start, type Frame, type Guest } from './fixture';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/** Asks for an upload URL for a PNG of `size` bytes. */
const askUpload = (guest: Guest, fields: object = {}) =>
  guest.request('onAttachment', { attachmentId: randomUUID(), fileName: 'photo.png', fileType: 'image/png', fileSize: PNG.length, errorsAsJson: true, ...fields });

/** PUTs the bytes with the presigned headers. */
const put = (presigned: Frame, bytes: Buffer = PNG, headers: Record<string, string> = presigned.body.headers) =>
  fetch(presigned.body.url, { method: 'PUT', headers: { 'Content-Type': 'image/png', ...headers }, body: new Uint8Array(bytes) });

describe('genesys-messaging server: uploads', () => {
  it('answers onAttachment with PresignedUrlResponse (url and headers), and the PUT brings UploadSuccessEvent', async () => {
    const server = await start();
    const guest = await configured(server);
    const presigned = await askUpload(guest, { attachmentId: 'att-1' });
    expect(presigned).toEqual({
      type: 'response',
      class: 'PresignedUrlResponse',
      code: 200,
      tracingId: expect.any(String),
      body: { attachmentId: 'att-1', url: expect.stringMatching(new RegExp(`^${server.url}/uploads/`)), headers: { 'x-amz-tagging': expect.any(String) } },
    });
    expect((await put(presigned)).status).toBe(200);
    const success = await guest.next((frame) => frame.class === 'UploadSuccessEvent');
    expect(success).toEqual({ type: 'message', class: 'UploadSuccessEvent', code: 200, body: { attachmentId: 'att-1', downloadUrl: expect.any(String), timestamp: expect.any(String) } });
    const downloaded = await fetch(success.body.downloadUrl);
    expect(downloaded.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await downloaded.arrayBuffer())).toEqual(PNG);
  });

  it('refuses a PUT without the presigned header or with another Content-Type (403), and an unknown URL (404)', async () => {
    const server = await start();
    const guest = await configured(server);
    const presigned = await askUpload(guest);
    expect((await put(presigned, PNG, {})).status).toBe(403);
    expect((await put(presigned, PNG, { ...presigned.body.headers, 'Content-Type': 'text/plain' })).status).toBe(403);
    expect((await fetch(`${server.url}/uploads/unknown`, { method: 'PUT', body: new Uint8Array(PNG) })).status).toBe(404);
    // The refused PUTs did not use the URL up.
    expect((await put(presigned)).status).toBe(200);
  });

  it('refuseput chaos: the next PUT is answered 403 by the storage, and the URL stays usable', async () => {
    const server = await start();
    const guest = await configured(server);
    const presigned = await askUpload(guest);
    server.chaos(guest.token, 'refuseput');
    expect((await put(presigned)).status).toBe(403);
    expect((await put(presigned)).status).toBe(200);
    expect((await guest.next((frame) => frame.class === 'UploadSuccessEvent')).body.attachmentId).toBe(presigned.body.attachmentId);
  });

  it('answers policy violations with GenerateUrlError (errorsAsJson) or a string frame', async () => {
    const server = await start({ settings: { maxFileSizeKB: 1 } });
    const guest = await configured(server);
    const blocked = await askUpload(guest, { attachmentId: 'a1', fileName: 'setup.exe', fileType: 'application/octet-stream' });
    expect(blocked).toEqual({ type: 'message', class: 'GenerateUrlError', code: 200, tracingId: expect.any(String), body: { attachmentId: 'a1', errorCode: 4001, errorMessage: expect.stringContaining('.exe') } });
    expect((await askUpload(guest, { fileType: 'video/mp4', fileName: 'clip.mp4' })).body.errorCode).toBe(4001);
    expect((await askUpload(guest, { fileSize: 1001 })).body.errorCode).toBe(4002);
    expect((await askUpload(guest, { fileSize: 0 })).body.errorCode).toBe(4002);
    expect(await askUpload(guest, { fileSize: 1001, errorsAsJson: false })).toMatchObject({ type: 'response', class: 'string', code: 4002 });
    server.configure({ fileTypes: [] });
    expect((await askUpload(guest)).body.errorCode).toBe(4000);
  });

  it('pushes UploadFailureEvent when the bytes differ from the announced size, or the content is rejected', async () => {
    const server = await start();
    const guest = await configured(server);
    const wrongSize = await askUpload(guest, { attachmentId: 'short' });
    await put(wrongSize, PNG.subarray(0, 4));
    expect(await guest.next((frame) => frame.class === 'UploadFailureEvent')).toEqual({
      type: 'message',
      class: 'UploadFailureEvent',
      code: 200,
      body: { attachmentId: 'short', errorCode: 4002, errorMessage: expect.any(String), timestamp: expect.any(String) },
    });
    server.chaos(guest.token, 'failupload');
    const scanned = await askUpload(guest, { attachmentId: 'infected' });
    await put(scanned);
    const failure = await guest.next((frame) => frame.class === 'UploadFailureEvent' && frame.body.attachmentId === 'infected');
    expect(failure.body.errorCode).toBe(4003);
  });
});

describe('genesys-messaging server: attachments after upload', () => {
  it('sends an uploaded attachment: the echo carries the expanded attachment object', async () => {
    const server = await start();
    const guest = await configured(server);
    await put(await askUpload(guest, { attachmentId: 'att-2' }));
    await guest.next((frame) => frame.class === 'UploadSuccessEvent');
    const echo = await guest.request('onMessage', { message: { type: 'Text', text: 'my photo', content: [{ contentType: 'Attachment', attachment: { id: 'att-2' } }] } });
    expect(echo.body.content).toEqual([
      { contentType: 'Attachment', attachment: { id: 'att-2', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/downloads\//), filename: 'photo.png', mediaType: 'Image', mime: 'image/png', fileSize: PNG.length } },
    ]);
  });

  it('answers 4009 for an unknown attachment and 4010 for one not uploaded yet', async () => {
    const server = await start();
    const guest = await configured(server);
    const attachmentMessage = (id: string) => ({ message: { type: 'Text', text: '', content: [{ contentType: 'Attachment', attachment: { id } }] } });
    expect(await guest.request('onMessage', attachmentMessage('nope'))).toMatchObject({ class: 'string', code: 4009 });
    await askUpload(guest, { attachmentId: 'pending' });
    expect(await guest.request('onMessage', attachmentMessage('pending'))).toMatchObject({ class: 'string', code: 4010 });
    expect(await guest.request('getAttachment', { attachmentId: 'pending' })).toMatchObject({ class: 'string', code: 4010 });
  });

  it('getAttachment answers a fresh download URL with headers {} and the file facts', async () => {
    const server = await start();
    const guest = await configured(server);
    await put(await askUpload(guest, { attachmentId: 'att-3' }));
    const success = await guest.next((frame) => frame.class === 'UploadSuccessEvent');
    const reply = await guest.request('getAttachment', { attachmentId: 'att-3' });
    expect(reply).toEqual({
      type: 'response',
      class: 'PresignedUrlResponse',
      code: 200,
      tracingId: expect.any(String),
      body: { attachmentId: 'att-3', url: expect.any(String), headers: {}, fileName: 'photo.png', fileSize: PNG.length, fileType: 'image/png' },
    });
    expect(reply.body.url).not.toBe(success.body.downloadUrl);
    expect(Buffer.from(await (await fetch(reply.body.url)).arrayBuffer())).toEqual(PNG);
  });

  it('download URLs expire after about ten minutes', async () => {
    let clock = Date.now();
    const server = await start({ now: () => clock });
    const guest = await configured(server);
    await put(await askUpload(guest, { attachmentId: 'att-4' }));
    const { downloadUrl } = (await guest.next((frame) => frame.class === 'UploadSuccessEvent')).body;
    clock += 10 * 60 * 1000 + 1;
    expect((await fetch(downloadUrl)).status).toBe(403);
  });

  it('deleteAttachment answers AttachmentDeletedResponse, after which the attachment is unknown', async () => {
    const server = await start();
    const guest = await configured(server);
    await askUpload(guest, { attachmentId: 'att-5' });
    const reply = await guest.request('deleteAttachment', { attachmentId: 'att-5' });
    expect(reply).toEqual({ type: 'message', class: 'AttachmentDeletedResponse', code: 200, tracingId: expect.any(String), body: { attachmentId: 'att-5' } });
    expect(await guest.request('deleteAttachment', { attachmentId: 'att-5' })).toMatchObject({ class: 'string', code: 4009 });
  });

  it('an agent sends a file: an Outbound message with the Attachment content, downloadable', async () => {
    const server = await start();
    const guest = await configured(server);
    server.agent.join(guest.token, { nickname: 'Sam' });
    server.agent.attachment(guest.token, { fileName: 'manual.pdf', fileType: 'application/pdf', bytes: Buffer.from('%PDF-1.4 manual'), text: 'Here it is' });
    const frame = await guest.next((each) => each.body.content?.[0]?.contentType === 'Attachment');
    expect(frame.body).toMatchObject({ direction: 'Outbound', text: 'Here it is', content: [{ attachment: { filename: 'manual.pdf', mediaType: 'File', mime: 'application/pdf', fileSize: 15 } }] });
    expect(await (await fetch(frame.body.content[0].attachment.url)).text()).toBe('%PDF-1.4 manual');
  });
});
