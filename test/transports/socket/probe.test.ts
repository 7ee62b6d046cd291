/**
 * A server that comes back is found within seconds (issue 10, "probe, not wait"): the retry wait is
 * capped low (5 s by default), and the page's hints that the network is back start a waiting retry
 * at once. Against a real loopback `ws` server that is stopped and started again on the same port.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../../../src/core/transport';
import { browserNetworkHints } from '../../../src/transports/socket-platform';
import { realClock, sleep, until } from '../../helpers/node-env';
import { closeLoopback, deadUrl, openTestSocket as open, wsServer } from './loopback';

afterEach(async () => {
  vi.unstubAllGlobals();
  await closeLoopback();
});

describe('finding a server that is back', () => {
  it('by default, retry waits grow from 1 s and stop growing at 5 s', async () => {
    const url = await deadUrl();
    const waits: number[] = [];
    // Retry waits are recorded and cut to 0 ms so the test is quick; other timers run as asked.
    const clock: Clock = {
      ...realClock,
      setTimeout(fn, ms) {
        const isRetryWait = ms !== 99_999 && ms !== 3000;
        if (isRetryWait) waits.push(ms);
        return realClock.setTimeout(fn, isRetryWait ? 0 : ms);
      },
    };
    let attempts = 0;
    open({ url: () => (attempts++, url), clock, minDelay: undefined, maxDelay: undefined, connectTimeout: 3000, stallMs: 99_999, random: () => 0.5 });
    await until(() => attempts >= 7, 5000, '7 attempts');
    // The first attempt does not wait; full jitter (random 0.5) of 1 s, 2 s, 4 s, then the 5 s cap.
    expect(waits.slice(0, 7)).toEqual([0, 500, 1000, 2000, 2500, 2500, 2500]);
  });

  it('opens again soon after a stopped server restarts, however long it was away', async () => {
    let opens = 0;
    const first = await wsServer();
    const socket = open({ url: () => first.url, minDelay: 50, maxDelay: 400, onOpen: () => opens++ });
    await until(() => opens === 1, 3000, 'first open');
    await first.stop();
    await until(() => !socket.isOpen(), 3000, 'link down');
    await sleep(1500); // an outage long enough for the waits to reach their cap
    expect(socket.isOpen()).toBe(false);
    await wsServer(() => {}, first.port);
    const backAt = Date.now();
    await until(() => opens === 2, 3000, 'open again');
    // At most one capped wait (400 ms) and the connect itself (with room for a loaded machine).
    expect(Date.now() - backAt).toBeLessThan(1500);
  });

  it('starts a waiting retry at once when the page says the network is back, and stops listening on close()', async () => {
    const url = await deadUrl();
    let attempts = 0;
    let reconnectNow = () => {};
    let listening = false;
    const socket = open({
      url: () => (attempts++, url),
      // After the first refusal the next attempt would wait a minute.
      minDelay: 60_000,
      maxDelay: 60_000,
      random: () => 1,
      networkHints(callback) {
        reconnectNow = callback;
        listening = true;
        return () => (listening = false);
      },
    });
    await until(() => attempts === 1, 3000, 'first attempt');
    await sleep(200);
    expect(attempts).toBe(1);
    await wsServer(() => {}, Number(new URL(url).port));
    reconnectNow();
    await until(() => socket.isOpen(), 1000, 'open after the hint');
    expect(attempts).toBe(2);
    socket.close();
    expect(listening).toBe(false);
  });
});

describe('browserNetworkHints', () => {
  it("hints on the window's online event and when the page becomes visible, until unsubscribed", () => {
    const page = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
    vi.stubGlobal('window', new EventTarget());
    vi.stubGlobal('document', page);
    let hints = 0;
    const unsubscribe = browserNetworkHints(() => hints++);
    window.dispatchEvent(new Event('online'));
    page.dispatchEvent(new Event('visibilitychange')); // hidden: no hint
    page.visibilityState = 'visible';
    page.dispatchEvent(new Event('visibilitychange'));
    expect(hints).toBe(2);
    unsubscribe();
    window.dispatchEvent(new Event('online'));
    page.dispatchEvent(new Event('visibilitychange'));
    expect(hints).toBe(2);
  });

  it('gives no hints where there is no page (Node)', () => {
    expect(typeof window).toBe('undefined');
    expect(() => browserNetworkHints(() => {})()).not.toThrow();
  });
});
