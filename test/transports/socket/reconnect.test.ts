/**
 * openSocket on a real loopback `ws` server: what each attempt asks for, which closes stop it for
 * good, how a dead or silent link is dropped, and that nothing moves after close().
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sleep, until } from '../../helpers/node-env';
import { closeLoopback, deadUrl, hangingUrl, openTestSocket as open, wsServer } from './loopback';

afterEach(closeLoopback);

type Close = [code: number, reason: string, fatal: boolean];

describe('openSocket attempts', () => {
  it('asks for a fresh URL before every attempt: the server sees a new token on each connection', async () => {
    const tokens: string[] = [];
    const { url } = await wsServer((ws, requestUrl) => {
      tokens.push(new URL(requestUrl, url).searchParams.get('token') ?? '');
      // The first two connections are dropped by the server.
      if (tokens.length <= 2) ws.close(1011, 'restarting');
    });
    let issued = 0;
    let opens = 0;
    open({ url: async () => `${url}/?token=t${++issued}`, onOpen: () => opens++ });
    await until(() => opens === 3, 3000, 'third open');
    expect(tokens).toEqual(['t1', 't2', 't3']);
  });

  it('counts a URL the platform refuses as a failed attempt and goes on', async () => {
    const { url } = await wsServer();
    const urls = ['ftp://127.0.0.1/not-a-socket', 'not a url', url];
    let calls = 0;
    const closes: Close[] = [];
    const socket = open({ url: () => urls[Math.min(calls++, 2)], onClose: (...close) => closes.push(close) });
    await until(() => socket.isOpen(), 3000, 'open');
    expect(calls).toBe(3);
    expect(closes).toEqual([
      [1006, '', false],
      [1006, '', false],
    ]);
  });

  it('drops an attempt that does not open within connectTimeout and tries again', async () => {
    const url = await hangingUrl();
    let calls = 0;
    const closes: Close[] = [];
    open({ url: () => (calls++, url), connectTimeout: 100, onClose: (...close) => closes.push(close) });
    await until(() => calls >= 3, 3000, 'third attempt');
    expect(closes.slice(0, 2)).toEqual([
      [4408, 'timeout', false],
      [4408, 'timeout', false],
    ]);
  });
});

describe('openSocket closes', () => {
  it('reports a non-fatal close with its code and reason, and comes back', async () => {
    let connections = 0;
    const { url } = await wsServer((ws) => {
      if (++connections === 1) ws.close(4001, 'try later');
    });
    const closes: Close[] = [];
    let opens = 0;
    open({ url: () => url, fatal: [4000, 4003], onOpen: () => opens++, onClose: (...close) => closes.push(close) });
    await until(() => opens === 2, 3000, 'second open');
    expect(closes).toEqual([[4001, 'try later', false]]);
  });

  it('asks for no URL and opens nothing after a fatal close', async () => {
    const { url } = await wsServer((ws) => ws.close(4000, 'Session expired'));
    let calls = 0;
    const closes: Close[] = [];
    const socket = open({ url: () => (calls++, url), fatal: [4000, 4003], onClose: (...close) => closes.push(close) });
    await until(() => closes.length, 3000, 'close');
    await sleep(300);
    expect(closes).toEqual([[4000, 'Session expired', true]]);
    expect(calls).toBe(1);
    expect(socket.send('anyone?')).toBe(false);
  });

  it('drops a silent link (reported as 4408 silent) and opens a new one; frames keep a link', async () => {
    let connections = 0;
    const { url } = await wsServer(() => connections++);
    const closes: Close[] = [];
    open({ url: () => url, silenceMs: 150, onClose: (...close) => closes.push(close) });
    await until(() => connections >= 2, 3000, 'reopen after silence');
    expect(closes[0]).toEqual([4408, 'silent', false]);

    let chattyConnections = 0;
    const chatty = await wsServer((ws) => {
      chattyConnections++;
      const ticker = setInterval(() => ws.send('tick'), 50);
      ws.on('close', () => clearInterval(ticker));
    });
    const frames: unknown[] = [];
    // A frame every 50 ms against 600 ms of allowed silence: only a stalled machine could miss it.
    open({ url: () => chatty.url, silenceMs: 600, onMessage: (data) => frames.push(data) });
    await until(() => frames.length >= 10, 3000, '10 frames');
    expect(chattyConnections).toBe(1);
  });

  it('close() on an open link: the server sees it, no close is reported, nothing reopens', async () => {
    let connections = 0;
    let serverSawClose = false;
    const { url } = await wsServer((ws) => {
      connections++;
      ws.on('close', () => (serverSawClose = true));
    });
    let calls = 0;
    const closes: Close[] = [];
    const socket = open({ url: () => (calls++, url), silenceMs: 100, onClose: (...close) => closes.push(close) });
    await until(() => socket.isOpen(), 3000, 'open');
    socket.close();
    expect(socket.isOpen()).toBe(false);
    expect(socket.send('late')).toBe(false);
    await until(() => serverSawClose, 3000, 'server saw the close');
    await sleep(300); // longer than silenceMs and the retry delays
    expect(closes).toEqual([]);
    expect([connections, calls]).toEqual([1, 1]);
  });

  it('close() while the URL is being fetched: the URL that comes back is not opened', async () => {
    const { url, server } = await wsServer();
    let resolveUrl: (url: string) => void = () => {};
    const socket = open({ url: () => new Promise<string>((resolve) => (resolveUrl = resolve)) });
    await sleep(50);
    socket.close();
    resolveUrl(url);
    await sleep(200);
    expect(server.clients.size).toBe(0);
    expect(socket.isOpen()).toBe(false);
  });

  it('close() during refused attempts stops them', async () => {
    const url = await deadUrl();
    let calls = 0;
    const socket = open({ url: () => (calls++, url) });
    await until(() => calls >= 3, 3000, 'three attempts');
    socket.close();
    const callsAtClose = calls;
    await sleep(300);
    expect(calls).toBe(callsAtClose);
  });
});
