import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { pocketping } from '../../../src/transports/pocketping/index';
import type { Transport } from '../../../src/core/transport';
import { nodeEnv } from '../../helpers/node-env';

/** A SaaS-shaped endpoint: edit and delete live at `/message/{id}` (sdk-node answers those with 404). */
let server: Server;
let t: Transport | undefined;
const calls: string[] = [];

async function saas(): Promise<string> {
  calls.length = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      calls.push(`${req.method} ${req.url} ${body}`);
      const send = (v: unknown) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(v));
      if (req.url?.endsWith('/connect')) return send({ sessionId: 's 1', visitorId: 'v1', operatorOnline: true, messages: [] });
      if (req.method === 'PATCH') return send({ message: { id: 'm/1', content: JSON.parse(body).content, editedAt: '2026-01-01T00:00:00.000Z' } });
      if (req.method === 'DELETE') return send({ deleted: true });
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/api/widget/proj`;
}

afterEach(async () => {
  t?.disconnect();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('pocketping with the SaaS edit routes', () => {
  it('edits with PATCH and deletes with DELETE on /message/{id}', async () => {
    const endpoint = await saas();
    t = pocketping({ endpoint, editRoutes: 'saas', socket: { stallMs: 50 } }).create(nodeEnv());
    await t.connect({ visitorId: 'v1' });
    expect(await t.edit?.('m/1', 'fixed')).toEqual({ id: 'm/1', text: 'fixed', editedAt: '2026-01-01T00:00:00.000Z' });
    expect(await t.remove?.('m/1')).toEqual({ id: 'm/1', deleted: true, text: '' });
    expect(calls.filter((c) => /PATCH|DELETE/.test(c))).toEqual([
      'PATCH /api/widget/proj/message/m%2F1 {"sessionId":"s 1","content":"fixed"}',
      'DELETE /api/widget/proj/message/m%2F1?sessionId=s%201 ',
    ]);
  });
});
