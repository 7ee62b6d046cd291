/**
 * Nothing lost when the visitor leaves at once: a message sent just before the tab is closed reaches the
 * server anyway, while no page of the visitor is open, and only once; the next visit shows it once and
 * sends nothing again. The link is slow: the send is cross-origin with a JSON body, so the browser asks
 * first (a CORS preflight), and that answer takes a long round trip. The page is gone before the send
 * itself has left the browser: only a request that outlives its page gets there. The same holds for an
 * edit or a delete made just before leaving (PocketPing, the backend with both).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useChaosBackends, type ChaosBackend } from './helpers/chaos-backends';
import { until, useE2E } from './helpers/setup';
import { startSlowLink, type SlowLink } from './helpers/slow-link';
import { openChat, send, shown } from './helpers/widget';

const e2e = useE2E();
const backends = useChaosBackends(e2e);
/** A long round trip on a mobile link. */
const PREFLIGHT_MS = 700;
/** The host page's variable that holds each backend's address, and the path of its send. */
const ADDRESS = {
  pocketping: { variable: 'ENDPOINT', send: /\/pocketping\/message$/ },
  genesys: { variable: 'GENESYS', send: /\/members\/[^/]+\/messages$/ },
  pingstreams: { variable: 'PINGSTREAMS', send: /\/requests\/[^/]+\/messages$/ },
} as const;

/** The texts PocketPing stored for a session, one per message id (a read row saved again counts once). */
const storedTexts = (sessionId: string) => [...new Map(e2e.pp.messages(sessionId).map((message) => [message.id, message.content])).values()];

const links = new Map<ChaosBackend['name'], SlowLink>();
const direct = new Map<string, string>();
// Each backend's page is pointed at its server through a slow link of its own.
beforeAll(async () => {
  for (const backend of backends) {
    const { variable } = ADDRESS[backend.name];
    const address = new URL(e2e.web.vars[variable]!);
    const link = await startSlowLink(address.origin, PREFLIGHT_MS);
    links.set(backend.name, link);
    direct.set(variable, e2e.web.vars[variable]!);
    e2e.web.vars[variable] = link.url + address.pathname;
  }
});
afterAll(async () => {
  for (const [variable, address] of direct) e2e.web.vars[variable] = address;
  await Promise.all([...links.values()].map((link) => link.close()));
});

async function leaveRightAfterSending(backend: ChaosBackend) {
  const text = `Call me tomorrow at nine (${backend.name})`;
  const link = links.get(backend.name)!;
  const { context, page, errors } = await e2e.tab();
  const seenBefore = link.seen.length;
  backend.mark();
  const streams = backend.streamsOpened();
  await page.goto(e2e.web.url + backend.page);
  await openChat(page);
  await until(() => backend.streamsOpened() > streams, `the stream open on ${backend.name}`, 15_000);

  await send(page, text);
  await page.close(); // at once: the send's preflight has not been answered yet
  const sends = () => link.seen.slice(seenBefore).filter((request) => request.startsWith('POST ') && ADDRESS[backend.name].send.test(request));
  expect(sends(), 'the send had not left the browser when its page closed').toEqual([]);

  await until(() => backend.visitorTexts().length > 0, `the message stored on ${backend.name} after its page closed`, 8000);
  expect(backend.visitorTexts()).toEqual([text]);

  // The visitor comes back: the message shows once, and nothing is sent again.
  const again = await context.newPage();
  await again.goto(e2e.web.url + backend.page);
  if ((await again.getByRole('dialog').count()) === 0) await openChat(again);
  await expect.poll(shown(again, text), { timeout: 10_000 }).toBe(1);
  await new Promise((resolve) => setTimeout(resolve, 1500)); // time for a wrong second send
  expect(backend.visitorTexts()).toEqual([text]);
  expect(sends()).toHaveLength(1);
  expect(await shown(again, text)()).toBe(1);
  expect(errors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
}

describe('a tab closed right after a send while the server is down', () => {
  it('keeps the message queued: the next visit sends it once the server is back, once', async () => {
    const { context, page, errors } = await e2e.tab();
    const statuses: string[] = [];
    await page.exposeFunction('noteStatus', (status: string) => void statuses.push(status));
    await page.goto(e2e.web.url + '/script-tag.html');
    await page.evaluate(() => (window as unknown as { Parley: { on(name: string, listener: (status: string) => void): void } }).Parley.on('status', (status) => void (window as unknown as { noteStatus(status: string): void }).noteStatus(status)));
    await openChat(page);
    await send(page, 'Hello');
    const session = await until(() => e2e.pp.sessions().at(-1), 'a session');
    await until(() => e2e.pp.messages(session.id).length === 1, 'the first message stored');

    await e2e.pp.stop();
    try {
      await until(() => statuses.length > 0 && statuses.at(-1) !== 'online', 'the widget off line');
      await send(page, 'Typed while the server was down');
      await page.close(); // at once: only the queued record can carry it
    } finally {
      await e2e.pp.restart();
    }
    const again = await context.newPage();
    await again.goto(e2e.web.url + '/script-tag.html');
    await openChat(again);
    await until(() => e2e.pp.messages(session.id).some((message) => message.content === 'Typed while the server was down'), 'the queued message stored', 10_000);
    await expect.poll(shown(again, 'Typed while the server was down'), { timeout: 8000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // time for a wrong second send
    expect(storedTexts(session.id)).toEqual(['Hello', 'Typed while the server was down']);
    expect(errors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
  });
});

describe('a tab closed right after a send, on PocketPing, Genesys guest chat and Pingstreams', () => {
  it('still delivers the message, once, and the next visit shows it once', { timeout: 60_000 }, async () => {
    const outcomes = await Promise.allSettled(backends.map(leaveRightAfterSending));
    const failures = outcomes.flatMap((outcome, index) => (outcome.status === 'rejected' ? [`${backends[index]!.name}: ${String(outcome.reason?.message ?? outcome.reason)}`] : []));
    expect(failures).toEqual([]);
  });
});

describe('a tab closed right after an edit or a delete, on PocketPing', () => {
  it('still changes the message on the server, and the next visit shows the change', { timeout: 60_000 }, async () => {
    const backend = backends.find((candidate) => candidate.name === 'pocketping')!;
    const link = links.get('pocketping')!;
    const { context, page, errors } = await e2e.tab();
    const streams = backend.streamsOpened();
    await page.goto(e2e.web.url + backend.page);
    await openChat(page);
    await until(() => backend.streamsOpened() > streams, 'the stream open', 15_000);
    await send(page, 'Meet me at the north gate');
    await send(page, 'Wrong chat, sorry');
    const session = await until(() => e2e.pp.sessions().at(-1), 'a session');
    await until(() => storedTexts(session.id).length === 2, 'both messages stored', 8000);
    // Their ticks: confirmed, so edit and delete go to the server, not to the queue.
    await expect.poll(() => page.getByRole('log').getByText('Sent').count(), { timeout: 8000 }).toBe(2);

    const row = (text: string) => page.getByRole('log').locator('.message', { hasText: text });
    await row('Wrong chat, sorry').hover();
    const seenBefore = link.seen.length;
    await row('Wrong chat, sorry').getByRole('button', { name: 'Delete' }).click();
    await page.close(); // at once: the delete's preflight has not been answered yet
    const changes = () => link.seen.slice(seenBefore).filter((request) => /^POST .*\/(edit|delete)$/.test(request));
    expect(changes(), 'the delete had not left the browser when its page closed').toEqual([]);
    await until(() => e2e.pp.messages(session.id).some((message) => message.content === 'Wrong chat, sorry' && message.deletedAt), 'the delete on the server', 8000);

    const second = await context.newPage();
    await second.goto(e2e.web.url + backend.page);
    if ((await second.getByRole('dialog').count()) === 0) await openChat(second);
    await expect.poll(shown(second, 'Meet me at the north gate'), { timeout: 10_000 }).toBe(1);
    await expect.poll(shown(second, 'Wrong chat, sorry'), { timeout: 10_000 }).toBe(0);
    const edited = second.getByRole('log').locator('.message', { hasText: 'Meet me at the north gate' });
    await edited.hover();
    await edited.getByRole('button', { name: 'Edit' }).click();
    const box = second.getByRole('textbox', { name: 'Message' });
    await box.fill('Meet me at the south gate');
    const editsBefore = link.seen.length;
    await box.press('Enter');
    await second.close(); // at once, again
    expect(link.seen.slice(editsBefore).filter((request) => /^POST .*\/edit$/.test(request))).toEqual([]);
    await until(() => storedTexts(session.id).includes('Meet me at the south gate'), 'the edit on the server', 8000);

    const third = await context.newPage();
    await third.goto(e2e.web.url + backend.page);
    if ((await third.getByRole('dialog').count()) === 0) await openChat(third);
    await expect.poll(shown(third, 'Meet me at the south gate'), { timeout: 10_000 }).toBe(1);
    expect(await shown(third, 'Meet me at the north gate')()).toBe(0);
    expect(errors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
  });
});
