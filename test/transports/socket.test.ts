import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/transport';
import { realClock, sleep, until } from '../helpers/node-env';
import { closeLoopback, deadUrl, hangingUrl, openTestSocket as open, wsServer } from './socket/loopback';

afterEach(closeLoopback);

describe('openSocket', () => {
  it('opens, passes frames both ways and closes for good', async () => {
    let serverClosed = false;
    const { url, server } = await wsServer((ws) => {
      ws.on('message', (d) => ws.send(`echo:${d}`));
      ws.on('close', () => (serverClosed = true));
    });
    const frames: unknown[] = [];
    let opened = 0;
    const s = open({ url: () => url, onOpen: () => opened++, onMessage: (d) => frames.push(d) });
    expect(s.send('early')).toBe(false); // nothing is queued behind the caller's back
    await until(() => s.isOpen(), 3000, 'open');
    expect(s.send('hi')).toBe(true);
    await until(() => frames.length, 3000, 'echo');
    expect(frames).toEqual(['echo:hi']);
    s.close();
    await until(() => serverClosed, 3000, 'server saw the close');
    await sleep(100);
    expect(opened).toBe(1);
    expect(server.clients.size).toBe(0);
  });

  it('waits a fresh full-jitter delay before every retry', async () => {
    const url = await deadUrl();
    const delays: number[] = [];
    const clock: Clock = { ...realClock, setTimeout: (fn, ms) => (delays.push(ms), realClock.setTimeout(fn, ms)) };
    const draws = [0.5, 0.25, 1, 0.1, 0.9, 0.3];
    let i = 0;
    let attempts = 0;
    open({ url: () => (attempts++, url), clock, minDelay: 10, maxDelay: 60, stallMs: 99_999, random: () => draws[i++ % draws.length] });
    await until(() => attempts >= 6, 3000, '6 attempts');
    // Other timers: the stall timer, each attempt's connect timeout, the first attempt (no delay).
    // Every retry got its own draw on a doubling cap.
    const retries = delays.filter((d) => d !== 99_999 && d !== 4000).slice(1, 6);
    expect(retries).toEqual([0.5 * 10, 0.25 * 20, 1 * 40, 0.1 * 60, 0.9 * 60]);
  });

  it('reports a stall after a few refused attempts and keeps trying', async () => {
    const url = await deadUrl();
    let attempts = 0;
    let stalls = 0;
    open({ url: () => (attempts++, url), stallAttempts: 3, stallMs: 99_999, onStall: () => stalls++ });
    await until(() => stalls, 3000, 'stall');
    await until(() => attempts >= 6, 3000, 'attempts after the stall');
    expect(stalls).toBe(1);
  });

  it('reports a stall after stallMs when attempts hang', async () => {
    const url = await hangingUrl();
    let stalled = 0;
    const t0 = Date.now();
    const socket = open({ url: () => url, connectTimeout: 5000, stallAttempts: 99, stallMs: 200, onStall: () => (stalled = Date.now()) });
    await until(() => stalled, 3000, 'stall');
    expect(stalled - t0).toBeGreaterThanOrEqual(190);
    expect(socket.isOpen()).toBe(false);
  });

  it('reopens after an unexpected close, and says so', async () => {
    let conns = 0;
    const { url } = await wsServer((ws) => {
      if (++conns === 1) ws.terminate();
    });
    const closes: [number, boolean][] = [];
    let opens = 0;
    open({ url: () => url, onOpen: () => opens++, onClose: (code, _r, fatal) => closes.push([code, fatal]) });
    await until(() => opens === 2, 3000, 'second open');
    expect(closes).toHaveLength(1);
    expect(closes[0][1]).toBe(false);
  });

  it('stops on a fatal close code', async () => {
    let conns = 0;
    const { url } = await wsServer((ws) => {
      conns++;
      ws.close(4003, 'Forbidden');
    });
    const closes: [number, string, boolean][] = [];
    open({ url: () => url, fatal: [4000, 4003], onClose: (c, r, f) => closes.push([c, r, f]) });
    await until(() => closes.length, 3000, 'close');
    await sleep(300);
    expect(closes).toEqual([[4003, 'Forbidden', true]]);
    expect(conns).toBe(1);
  });

  it('treats a silent link as dead and reopens it', async () => {
    let conns = 0;
    const { url } = await wsServer(() => conns++);
    open({ url: () => url, silenceMs: 150 });
    await until(() => conns >= 2, 3000, 'reopen after silence');
    expect(conns).toBeGreaterThanOrEqual(2);
  });

  it('asks for the URL before each attempt and counts a failing provider as a failed attempt', async () => {
    const { url } = await wsServer();
    let calls = 0;
    const socket = open({
      url: async () => {
        if (++calls < 3) throw new Error('token refresh failed');
        return `${url}/?n=${calls}`;
      },
    });
    await until(() => socket.isOpen(), 3000, 'open');
    expect(calls).toBe(3);
  });

  it('opens nothing once closed, even while waiting to retry', async () => {
    const url = await deadUrl();
    let attempts = 0;
    const s = open({ url: () => (attempts++, url), minDelay: 200, maxDelay: 200, random: () => 1 });
    await until(() => attempts === 1, 3000, 'first attempt');
    await sleep(50);
    s.close();
    await sleep(400);
    expect(attempts).toBe(1);
  });
});
