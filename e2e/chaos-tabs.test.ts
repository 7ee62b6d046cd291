/**
 * Chaos, many tabs (issue 10, "Nothing lost, ever"): one visitor's tabs going offline, online, closed
 * and frozen, in the orders of reproductions 1 and 2, on each of the three original backends
 * (PocketPing, Genesys guest chat, Pingstreams) through the built dist/parley.js in Chromium. Each test
 * ends with the server's stored rows: every text exactly once, in order, and the same rows in every tab.
 * (Visitor changes, unread counts and a hung owner: chaos-tabs-visitor.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { retryFailed, typeAndSend } from './helpers/chaos-tabs-pages';
import { BACKEND_NAMES, expectNoPageErrors, expectNothingLost, openFollower, startConversation, untilStored, useChaosTabs, eventually } from './helpers/chaos-tabs-suite';

const suite = useChaosTabs();

// Every test at once, up to vitest's limit (most of a test's time is waiting: each has its own context and conversation).
describe.concurrent.each(BACKEND_NAMES)('%s: tabs offline, online, closed, frozen', (name) => {
  it('reproduction 1: an offline tab queues two and is closed; the online tab sends them, receives and sends', async ({ onTestFinished }) => {
    const backend = suite.backends[name];
    const { visitor, first: tabA, conversation } = await startConversation(suite, backend, onTestFinished, 'Before the outage');
    const tabB = await openFollower(visitor, 'Before the outage');

    await tabA.setOffline(true);
    await typeAndSend(tabA, 'Queued one');
    await typeAndSend(tabA, 'Queued two');
    await eventually(() => tabB.rows(), (value) => expect(value).toContain('Queued two'));
    expect(await backend.storedTexts(conversation)).not.toContain('Queued one'); // really queued
    await tabA.page.close();

    await untilStored(backend, conversation, ['Queued one', 'Queued two']);
    await backend.operatorSays(conversation, 'Operator, to tab B');
    await eventually(() => tabB.rows(), (value) => expect(value).toContain('Operator, to tab B'), 8000);
    await typeAndSend(tabB, 'From tab B');
    await expectNothingLost(backend, conversation, ['Before the outage', 'Queued one', 'Queued two', 'Operator, to tab B', 'From tab B'], [tabB]);
    expectNoPageErrors([tabA, tabB]);
  });

  it('reproduction 2: a tab queues two, a new tab opens and shows them, the first comes back: each sent once', async ({ onTestFinished }) => {
    const backend = suite.backends[name];
    const { visitor, first: tabA, conversation } = await startConversation(suite, backend, onTestFinished, 'Hello');
    await tabA.setOffline(true);
    await typeAndSend(tabA, 'Queued one');
    await typeAndSend(tabA, 'Queued two');
    const tabC = await openFollower(visitor, 'Queued two');
    await typeAndSend(tabC, 'Typed in tab C meanwhile');
    await tabA.setOffline(false);
    // Offline for a while, tab A may have used up its attempts: then they show Retry, and the visitor uses it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await retryFailed(tabA);

    await untilStored(backend, conversation, ['Queued one', 'Queued two', 'Typed in tab C meanwhile']);
    await tabA.page.close(); // tab C takes the link over: it sends nothing again
    await typeAndSend(tabC, 'From tab C, the owner now');
    await expectNothingLost(backend, conversation, ['Hello', 'Queued one', 'Queued two', 'Typed in tab C meanwhile', 'From tab C, the owner now'], [tabC]);
    expectNoPageErrors([tabA, tabC]);
  });

  // The tab taking over may list the closed tab's queued messages in another order than that tab sent them
  // (they were typed in one millisecond): each echo found on the server confirms the queued message of its text.
  it('the owner tab is closed while its sends are in flight: the other tab sends what was not stored, once', async ({ onTestFinished }) => {
    const backend = suite.backends[name];
    const { visitor, first: tabA, conversation } = await startConversation(suite, backend, onTestFinished, 'Start');
    const tabB = await openFollower(visitor, 'Start');
    const burst = ['In flight one', 'In flight two', 'In flight three'];
    await tabA.page.evaluate((texts) => texts.forEach((text) => window.Parley.sendMessage(text)), burst);
    await tabA.page.close();

    await typeAndSend(tabB, 'After the close');
    await expectNothingLost(backend, conversation, ['Start', ...burst, 'After the close'], [tabB]);
    expectNoPageErrors([tabA, tabB]);
  });

  it("a follower's sends are handed to an offline owner, then the owner closes: the follower sends them once", async ({ onTestFinished }) => {
    const backend = suite.backends[name];
    const { visitor, first: tabA, conversation } = await startConversation(suite, backend, onTestFinished, 'Owner first');
    const tabB = await openFollower(visitor, 'Owner first');
    await tabA.setOffline(true);
    await typeAndSend(tabB, 'Handed one');
    await typeAndSend(tabB, 'Handed two');
    await eventually(() => tabA.rows(), (value) => expect(value).toContain('Handed two')); // the owner has them (and cannot send)
    await tabA.page.close();

    await expectNothingLost(backend, conversation, ['Owner first', 'Handed one', 'Handed two'], [tabB]);
    expectNoPageErrors([tabA, tabB]);
  });

  it('the owner tab freezes: the other tab takes over, catches up first, and nothing is sent twice after the thaw', async ({ onTestFinished }) => {
    const backend = suite.backends[name];
    const { visitor, first: tabA, conversation } = await startConversation(suite, backend, onTestFinished, 'Before the freeze');
    const tabB = await openFollower(visitor, 'Before the freeze');
    await tabA.setOffline(true);
    await typeAndSend(tabA, 'Queued before the freeze');
    await tabA.setFrozen(true);
    await tabA.setOffline(false);

    // Tab B owns now: it sends the frozen tab's queued message, and hears what came meanwhile.
    await untilStored(backend, conversation, ['Queued before the freeze']);
    await backend.operatorSays(conversation, 'While tab A sleeps');
    await eventually(() => tabB.rows(), (value) => expect(value).toContain('While tab A sleeps'), 8000);
    await typeAndSend(tabB, 'From tab B');
    await untilStored(backend, conversation, ['From tab B']);

    await tabA.setFrozen(false);
    await typeAndSend(tabA, 'Tab A is back');
    const expected = ['Before the freeze', 'Queued before the freeze', 'While tab A sleeps', 'From tab B', 'Tab A is back'];
    await expectNothingLost(backend, conversation, expected, [tabA, tabB]);
    expectNoPageErrors([tabA, tabB]);
  });
});
