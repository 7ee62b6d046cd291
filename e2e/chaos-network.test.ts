/**
 * "Nothing lost, ever" (issue 10), the network half of the chaos suite: a hostile network between one
 * visitor's page (real Chromium, the built dist/parley.js) and each original backend's real loopback
 * server. Lost HTTP answers, stream drops mid-send, a server crash and restart on the same port, a
 * reload mid-send, and a visitor clock ±10 min off with lost answers. Every scenario ends with the
 * same check, counted from what the SERVER stored: 0 lost, 0 duplicated, order kept, and each
 * message shown once in the widget, confirmed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useChaosBackends, type ChaosBackend } from './helpers/chaos-backends';
import { expectExactlyOnce, holdNextAnswer, loseAnswers, skewClock } from './helpers/chaos-network';
import { until, useE2E } from './helpers/setup';
import { openChat, send } from './helpers/widget';

const e2e = useE2E();
const backends = useChaosBackends(e2e);
const MINUTE = 60_000;

afterEach(() => {
  for (const backend of backends) backend.refuseStream(false);
});

/** One visitor's page on one backend, and what the visitor typed there (in order). */
interface Visit {
  page: Page;
  backend: ChaosBackend;
  /** Types and sends a message, and notes it as typed. */
  say(text: string): Promise<void>;
  /** Resolves once the server stored `count` visitor messages (bounded). */
  stored(count: number): Promise<void>;
  /** Resolves once the page opened its stream (socket) to the server (bounded). */
  streamOpened(): Promise<void>;
  /** A check to run once the messages are all stored (that the fault did happen, ...). */
  afterwards(check: () => unknown): void;
  typed: string[];
}

interface Scenario {
  name: string;
  /** Shifts the visitor's clock (ms) before the widget loads. */
  skewMs?: number;
  /** Conversations the server ends up with (default 1). */
  conversations?(backend: ChaosBackend): number;
  /** Runs before the page loads (its first calls go out on load). */
  prepare?(visit: Visit): Promise<void>;
  play(visit: Visit): Promise<void>;
}

/** Three sends, two answers lost, and not one send more: what was stored was looked for, not sent again. */
const threeSendsTwoLost = (counts: { sends: number; lost: number }) => () => expect(counts).toEqual({ sends: 3, lost: 2 });

/**
 * With no stream, no echo confirms a send whose answer was lost: only the catch-up can, and it must
 * compare on the server's clock, not the visitor's.
 */
const lostAnswerUnderSkew = async ({ page, backend, say, stored, afterwards, streamOpened }: Visit) => {
  // Connected first: Genesys routes a chat only once its stream attached (a stream refused from the start is
  // link.test.ts's case: the messages wait for it).
  await streamOpened();
  backend.refuseStream(true);
  afterwards(threeSendsTwoLost(await loseAnswers(page, backend.isSend, [1, 3])));
  await say('first, answer lost');
  await say('ok');
  await say('ok'); // the same text typed twice stays two messages, the second one's answer lost
  await stored(3);
  backend.refuseStream(false);
};

const SCENARIOS: Scenario[] = [
  {
    name: 'lost HTTP answers: the sends reach the server, their answers never reach the page',
    async play({ page, backend, say, afterwards }) {
      afterwards(threeSendsTwoLost(await loseAnswers(page, backend.isSend, [1, 3])));
      await say('one, answer lost');
      await say('two');
      await say('three, answer lost');
    },
  },
  {
    name: 'the answer of the call that starts the conversation is lost',
    // Genesys's create takes no key to recognise a repeat: the lost one stays as an empty conversation.
    conversations: (backend) => (backend.startIsIdempotent ? 1 : 2),
    async prepare({ page, backend, afterwards }) {
      const counts = await loseAnswers(page, backend.isStart, [1]);
      afterwards(() => expect(counts.lost).toBe(1));
    },
    async play({ say }) {
      await say('first, its conversation started without an answer');
      await say('second');
    },
  },
  {
    name: 'answers are lost while the stream is cut (no echo can confirm a send)',
    async play({ page, backend, say, stored, afterwards }) {
      await say('before the cut');
      await stored(1);
      await until(() => backend.streamsOpened() > 0, 'the stream open');
      backend.refuseStream(true);
      afterwards(threeSendsTwoLost(await loseAnswers(page, backend.isSend, [1, 3])));
      await say('one, answer lost, no stream');
      await say('two, no stream');
      await say('three, answer lost, no stream');
      await stored(4);
      backend.refuseStream(false);
    },
  },
  {
    name: 'the stream drops while sends are in flight',
    async play({ backend, say, stored, afterwards }) {
      await say('before the drop');
      await stored(1);
      await until(() => backend.streamsOpened() > 0, 'the stream open');
      const opened = backend.streamsOpened();
      afterwards(() => until(() => backend.streamsOpened() > opened, 'the stream opened again'));
      await say('in flight at the first drop');
      backend.dropStream();
      await say('in flight at the second drop');
      backend.dropStream();
      await say('after the drops');
    },
  },
  {
    name: 'the server crashes with a send in flight and restarts on the same port',
    async play({ page, backend, say, stored }) {
      await say('before the crash');
      await stored(1);
      const held = await holdNextAnswer(page, backend);
      await say('stored, answer pending at the crash');
      await held.delivered;
      await backend.down();
      held.release();
      try {
        await say('typed while the server is down');
        await new Promise((resolve) => setTimeout(resolve, 500));
      } finally {
        await backend.up();
      }
    },
  },
  {
    name: 'the server is down from the first message on and comes back',
    async play({ backend, say }) {
      await backend.down();
      try {
        await say('typed while the server is down');
        await say('also typed while it is down');
        await new Promise((resolve) => setTimeout(resolve, 500));
      } finally {
        await backend.up();
      }
      await say('typed once it is back');
    },
  },
  {
    name: 'the page reloads while the first message is stored but not answered',
    async play({ page, backend, say }) {
      const held = await holdNextAnswer(page, backend);
      await say('first, answer pending at the reload');
      await say('second, queued at the reload');
      await held.delivered;
      await page.reload();
      held.release();
      if ((await page.getByRole('dialog').count()) === 0) await openChat(page);
      await say('third, after the reload');
    },
  },
  { name: 'the visitor clock is 10 min fast and answers are lost (no stream)', skewMs: 10 * MINUTE, play: lostAnswerUnderSkew },
  { name: 'the visitor clock is 10 min slow and answers are lost (no stream)', skewMs: -10 * MINUTE, play: lostAnswerUnderSkew },
];

// Each scenario plays on the three backends at once (separate servers, pages and visitors): the
// waits overlap, and a failure names its backend.
describe('nothing lost on PocketPing, Genesys guest chat and Pingstreams', () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, { timeout: 60_000 }, async () => {
      const outcomes = await Promise.allSettled(backends.map((backend) => play(backend, scenario)));
      const failures = outcomes.flatMap((outcome, index) => (outcome.status === 'rejected' ? [`${backends[index]!.name}: ${describeFailure(outcome.reason)}`] : []));
      expect(failures).toEqual([]);
    });
  }
});

/** An error's message, with what was expected and found when it is an assertion's. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { actual, expected } = error as Error & { actual?: unknown; expected?: unknown };
  return actual === undefined && expected === undefined ? error.message : `${error.message} (expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)})`;
}

async function play(backend: ChaosBackend, scenario: Scenario) {
  const tab = await e2e.tab();
  const { page } = tab;
  if (scenario.skewMs) await skewClock(page, scenario.skewMs);
  backend.mark();
  const streamsBefore = backend.streamsOpened();
  const typed: string[] = [];
  const checks: Array<() => unknown> = [];
  const visit: Visit = {
    page,
    backend,
    typed,
    afterwards: (check) => void checks.push(check),
    streamOpened: () => until(() => backend.streamsOpened() > streamsBefore, `a stream opened on ${backend.name}`, 15_000).then(() => undefined),
    async say(text) {
      typed.push(text);
      await send(page, text);
    },
    // Room for the backoff: a send whose answer was lost is looked for, then tried again, after a full-jitter wait.
    stored: (count) => until(() => backend.visitorTexts().length >= count, `${count} messages stored on ${backend.name}`, 25_000).then(() => undefined),
  };
  await scenario.prepare?.(visit);
  await page.goto(e2e.web.url + backend.page);
  await openChat(page);
  await scenario.play(visit);
  await expectExactlyOnce(page, backend, typed, scenario.conversations?.(backend));
  for (const check of checks) await check();
  // The faults are the network's: nothing was thrown at the host page.
  expect(tab.errors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
}
