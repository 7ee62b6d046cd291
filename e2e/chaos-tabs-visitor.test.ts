/**
 * Chaos, many tabs (issue 10), the visitor's side: `identify()` as another user and `reset()` called in
 * one tab while other tabs are open and messages are queued; the unread count and "seen" shared by
 * every tab and kept across a reload (reproduction 8); a follower whose owner tab hangs. On PocketPing,
 * Genesys guest chat and Pingstreams, counted from the servers' stored rows.
 */
import { describe, expect, it } from 'vitest';
import type { ChaosBackend } from './helpers/chaos-tabs-backends';
import type { ChaosTab } from './helpers/chaos-tabs-pages';
import { badge, openWindow, typeAndSend } from './helpers/chaos-tabs-pages';
import { BACKEND_NAMES, expectNoPageErrors, expectNothingLost, newConversation, openFollower, startConversation, useChaosTabs, eventually } from './helpers/chaos-tabs-suite';

const suite = useChaosTabs();

/** The texts every tab reported as not sent (`error` events with code `ended`). */
async function reportedUnsent(tabs: ChaosTab[]): Promise<string[]> {
  const errors = (await Promise.all(tabs.map((tab) => tab.widgetErrors()))).flat();
  return errors.filter((error) => error.code === 'ended').flatMap((error) => error.texts ?? []);
}

/**
 * Each of the old visitor's queued `texts` was either stored once in its own conversation, or
 * reported once as not sent: never both, never neither, never twice.
 */
async function expectSentForOldOrReported(backend: ChaosBackend, oldConversation: string, texts: string[], tabs: ChaosTab[]) {
  const stored = await backend.storedTexts(oldConversation);
  const reported = await reportedUnsent(tabs);
  for (const text of texts) {
    const outcome = { text, stored: stored.filter((row) => row === text).length, reported: reported.filter((row) => row === text).length };
    expect([{ ...outcome, stored: 1, reported: 0 }, { ...outcome, stored: 0, reported: 1 }]).toContainEqual(outcome);
  }
}

// Every test at once, up to vitest's limit (most of a test's time is waiting: each has its own context and conversation).
describe.concurrent.each(BACKEND_NAMES)('%s: the visitor changes in one tab', (name) => {
  it.for(['identify', 'reset'] as const)('%s() in a follower tab while the owner has queued messages: every tab switches, nothing dropped', async (change, { onTestFinished }) => {
    const backend = suite.backends[name];
    // Signed in: identifying an anonymous visitor keeps its conversation (no change of visitor).
    const firstUser = { id: 'user-first', name: 'First' };
    const { visitor, first: tabA, conversation: oldConversation } = await startConversation(suite, backend, onTestFinished, `Hello as the first visitor (${change})`, firstUser);
    const tabB = await openFollower(visitor, `Hello as the first visitor (${change})`);
    await tabA.setOffline(true);
    await typeAndSend(tabA, 'Queued by the first visitor');
    await eventually(() => tabB.rows(), (value) => expect(value).toContain('Queued by the first visitor'));

    const before = await backend.conversations();
    await tabB.page.evaluate((how) => (how === 'identify' ? window.Parley.identify({ id: 'user-ada', name: 'Ada' }) : window.Parley.reset()), change);
    // Every tab now shows the new visitor's (empty) conversation; the owner tab, offline, has sent nothing.
    for (const tab of [tabA, tabB]) await eventually(() => tab.rows(), (value) => expect(value).toEqual([]), 12_000);
    await tabA.setOffline(false);

    await typeAndSend(tabB, `Hello as the second visitor (${change})`);
    const newConversationId = await newConversation(backend, before, `Hello as the second visitor (${change})`);
    await typeAndSend(tabA, 'And from the other tab');
    await expectNothingLost(backend, newConversationId, [`Hello as the second visitor (${change})`, 'And from the other tab'], [tabA, tabB]);
    expect(await backend.storedTexts(newConversationId)).toEqual([`Hello as the second visitor (${change})`, 'And from the other tab']);
    await expectSentForOldOrReported(backend, oldConversation, ['Queued by the first visitor'], [tabA, tabB]);
    expectNoPageErrors([tabA, tabB]);
  });

  it('reproduction 8: the unread count and "seen" are the same in every tab, and survive a reload', async ({ onTestFinished }) => {
    const backend = suite.backends[name];
    const { visitor, first: tabA, conversation } = await startConversation(suite, backend, onTestFinished, 'Any news?');
    // The operator answers once while the window is open (a Genesys agent's join notice comes with it).
    await backend.operatorSays(conversation, 'Looking');
    await eventually(() => tabA.rows(), (value) => expect(value).toContain('Looking'), 8000);
    await tabA.page.evaluate(() => window.Parley.close());
    const tabB = await visitor.open();
    await eventually(() => tabB.status(), (value) => expect(value).toBe('online'), 8000);

    await backend.operatorSays(conversation, 'First answer');
    await backend.operatorSays(conversation, 'Second answer');
    for (const tab of [tabA, tabB]) await eventually(badge(tab), (value) => expect(value).toBe('2 unread messages'), 8000);
    await openWindow(tabA); // seen in tab A: seen in every tab
    await eventually(badge(tabB), (value) => expect(value).toBe(''), 8000);
    await tabA.page.evaluate(() => window.Parley.close());
    await backend.operatorSays(conversation, 'Third answer');
    for (const tab of [tabA, tabB]) await eventually(badge(tab), (value) => expect(value).toBe('1 unread message'), 8000);

    await tabB.reload();
    await eventually(badge(tabB), (value) => expect(value).toBe('1 unread message'), 8000);
    await tabA.reload(); // the owner: tab B takes the link over
    await eventually(badge(tabA), (value) => expect(value).toBe('1 unread message'), 8000);
    await openWindow(tabB);
    await eventually(badge(tabA), (value) => expect(value).toBe(''), 8000);
    await openWindow(tabA);
    await expectNothingLost(backend, conversation, ['Any news?', 'Looking', 'First answer', 'Second answer', 'Third answer'], [tabA, tabB]);
    expectNoPageErrors([tabA, tabB]);
  });

  it('the owner tab stops answering the others: a new tab says so within the timeout; its send is stored once', async ({ onTestFinished }) => {
    const backend = suite.backends[name];
    const { visitor, first: tabA, conversation } = await startConversation(suite, backend, onTestFinished, 'Before the silence');
    // The owner holds the link but says nothing to the other tabs any more (as a page stuck in a
    // script would; a real busy loop may also stall tabs sharing its renderer process).
    await tabA.page.evaluate(() => {
      BroadcastChannel.prototype.postMessage = () => undefined;
    });
    const tabB = await visitor.open();
    await eventually(() => tabB.statuses(), (value) => expect(value).toContain('reconnecting'), 9000);
    expect((await tabB.widgetErrors()).map((error) => error.code)).toEqual(['network']);
    await openWindow(tabB);
    await typeAndSend(tabB, 'Typed while the owner is silent');
    await eventually(() => tabB.rows(), (value) => expect(value).toContain('Typed while the owner is silent'));

    await tabA.page.close(); // tab B takes over: looks before it sends (tab A may have sent it)
    await expectNothingLost(backend, conversation, ['Before the silence', 'Typed while the owner is silent'], [tabB]);
    await eventually(() => tabB.status(), (value) => expect(value).toBe('online'), 8000);
    expectNoPageErrors([tabA, tabB]);
  });
});
