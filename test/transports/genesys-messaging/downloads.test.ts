/**
 * Download URLs that outlive their ten minutes (§5 item 7), against the local server over real HTTP and
 * WebSockets: the server and the transport share one clock that the test jumps forward, so "ten minutes
 * later" takes no time. The agent's file still downloads half an hour later, because the transport
 * renewed its URL (`getAttachment`) before it expired and patched the message; only the newest messages
 * with files are kept fresh, and nothing is patched while the link is down.
 */
import { describe, expect, it } from 'vitest';
import type { Message, MessagePatch } from '../../../src/core/types';
import { KEPT_FRESH, RENEW_AFTER_MS } from '../../../src/transports/genesys-messaging/downloads';
import { jumpingClock } from '../../helpers/jumping-clock';
import { sleep, until } from '../../helpers/node-env';
import type { Recorded } from '../../helpers/recorder';
import { messageWith, onlySession, open, startServer } from './setup';

const MINUTE = 60_000;
const PDF = Buffer.from('%PDF-1.4 invoice');

/** A server and a transport on one clock the test can jump; no keep-alive or silence timer falls due meanwhile. */
async function startFrozen() {
  const clock = jumpingClock();
  const server = await startServer({ now: clock.now });
  const opened = open(server, { keepAliveMs: 24 * 60 * MINUTE }, { clock });
  return { server, ...opened, later: clock.jump };
}

const download = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: response.ok ? await response.text() : '' };
};
const patchesOf = (heard: Recorded, id: string): MessagePatch[] => heard.of('patch').filter((patch) => patch.id === id);
/** The patches of message `id`, once there are at least `count`. */
const renewals = (heard: Recorded, id: string, count: number) =>
  until(() => (patchesOf(heard, id).length >= count ? patchesOf(heard, id) : undefined), 5000, `renewal ${count} of ${id}`);

describe('genesys-messaging: download URLs', () => {
  it("renews a file's URL before it expires, so the agent's file still downloads half an hour later", async () => {
    const { server, transport, heard, later } = await startFrozen();
    await transport.connect({ visitorId: 'v1' });
    const { id } = await onlySession(server);
    server.agent.join(id, { nickname: 'Sam' });
    server.agent.attachment(id, { fileName: 'invoice.pdf', fileType: 'application/pdf', bytes: PDF, text: 'Your invoice' });
    const shown: Message = await messageWith(heard, 'Your invoice');
    const first = shown.attachments![0]!.url;

    // Three renewals, one before each URL expires: the newest always downloads; the first has long expired.
    const urls = [first];
    for (let round = 1; round <= 3; round++) {
      later(RENEW_AFTER_MS + MINUTE / 2);
      const patches = await renewals(heard, shown.id, round);
      const renewed = patches[round - 1]!.attachments!;
      expect(renewed).toEqual([{ ...shown.attachments![0]!, url: renewed[0]!.url }]);
      expect(urls).not.toContain(renewed[0]!.url);
      urls.push(renewed[0]!.url);
      expect(await download(renewed[0]!.url)).toEqual({ status: 200, body: PDF.toString() });
    }
    expect(await download(first)).toEqual({ status: 403, body: '' });
  });

  it('keeps the newest messages with files fresh, not every one', async () => {
    const { server, transport, heard, later } = await startFrozen();
    await transport.connect({ visitorId: 'v1' });
    const { id } = await onlySession(server);
    server.agent.join(id, { nickname: 'Sam' });
    const count = KEPT_FRESH + 5;
    for (let index = 0; index < count; index++)
      server.agent.attachment(id, { fileName: `photo-${index}.png`, fileType: 'image/png', bytes: Buffer.from([index]), text: `photo ${index}` });
    await messageWith(heard, `photo ${count - 1}`);
    const withFiles = heard.of('message').filter((message) => message.attachments?.length);
    expect(withFiles).toHaveLength(count);

    later(RENEW_AFTER_MS + MINUTE / 2);
    await until(() => heard.of('patch').length >= KEPT_FRESH, 5000, 'the renewals');
    await sleep(200); // time for any renewal beyond the newest ones
    expect(heard.of('patch').map((patch) => patch.id).sort()).toEqual(withFiles.slice(-KEPT_FRESH).map((message) => message.id).sort());
  });

  it('patches nothing while the link is down, and renews in time once it is back', async () => {
    const { server, transport, heard, later } = await startFrozen();
    const { session } = await transport.connect({ visitorId: 'v1' });
    const { id } = await onlySession(server);
    server.agent.join(id, { nickname: 'Sam' });
    server.agent.attachment(id, { fileName: 'label.pdf', fileType: 'application/pdf', bytes: PDF, text: 'Your label' });
    const shown: Message = await messageWith(heard, 'Your label');

    transport.disconnect();
    later(RENEW_AFTER_MS + MINUTE);
    await sleep(200);
    expect(patchesOf(heard, shown.id)).toEqual([]);

    // Back (a reload or a reconnect reads history, which hands out fresh URLs), and renewed again in time.
    await transport.connect({ visitorId: 'v1', session });
    later(RENEW_AFTER_MS + MINUTE / 2);
    const [patch] = await renewals(heard, shown.id, 1);
    expect(await download(patch!.attachments![0]!.url)).toEqual({ status: 200, body: PDF.toString() });
  });
});
