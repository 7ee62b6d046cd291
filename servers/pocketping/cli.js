#!/usr/bin/env node
// Manual runs: `node servers/pocketping/cli.js --port 8787 [--welcome "Hi!"] [--operator-online]
//   [--min-version 1.0.0] [--latest-version 2.0.0] [--mount /pocketping] [--ua-filter] [--refuse-ws] [--log]
//   [--bearer <token>]` (`--bearer`: the HTTP routes answer 401 unless `Authorization: Bearer <token>`)

import { parseArgs } from 'node:util';
import { startPocketPingServer } from './index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    mount: { type: 'string', default: '/pocketping' },
    welcome: { type: 'string' },
    'min-version': { type: 'string' },
    'latest-version': { type: 'string' },
    'operator-online': { type: 'boolean', default: false },
    'ua-filter': { type: 'boolean', default: false },
    'refuse-ws': { type: 'boolean', default: false },
    log: { type: 'boolean', default: false },
    bearer: { type: 'string' },
  },
});

const server = await startPocketPingServer({
  port: Number(values.port),
  host: values.host,
  mount: values.mount,
  welcomeMessage: values.welcome,
  minWidgetVersion: values['min-version'],
  latestWidgetVersion: values['latest-version'],
  operatorOnline: values['operator-online'],
  uaFilter: values['ua-filter'],
  refuseWebSocket: values['refuse-ws'],
  log: values.log,
  authorize: values.bearer ? (h) => /^bearer /i.test(h ?? '') && h?.slice(7) === values.bearer : undefined,
});

console.log(`PocketPing endpoint: ${server.endpoint}`);
console.log(`WebSocket:           ${server.url.replace(/^http/, 'ws')}/pocketping/stream?sessionId=...`);
console.log(`Control:             ${server.url}/test/sessions  (operator stream: ws .../test/operator-stream)`);

const shutdown = () => {
  server.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
