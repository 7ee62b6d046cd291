#!/usr/bin/env node
// Manual runs: `node servers/genesys/cli.js --port 8788 [--heartbeat-ms 30000] [--auto-agent Robin]
//   [--greeting "Hi, how can I help?"] [--queue Support] [--hs256]`

import { parseArgs } from 'node:util';
import { startGenesysServer } from './index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8788' },
    host: { type: 'string', default: '127.0.0.1' },
    'heartbeat-ms': { type: 'string', default: '30000' },
    'auto-agent': { type: 'string' },
    greeting: { type: 'string' },
    queue: { type: 'string', multiple: true },
    hs256: { type: 'boolean', default: false },
  },
});

const server = await startGenesysServer({
  port: Number(values.port),
  host: values.host,
  heartbeatMs: Number(values['heartbeat-ms']),
  jwtAlg: values.hs256 ? 'HS256' : 'RS256',
  queues: values.queue,
  autoAgent: values['auto-agent'] ? { name: values['auto-agent'], greeting: values.greeting } : undefined,
});

console.log(`Genesys guest chat API: ${server.apiUrl}/api/v2/webchat/guest/conversations`);
console.log(`Widget:                 data-backend="genesys" data-api-url="${server.apiUrl}" data-organization-id="org" data-deployment-id="dep" data-queue="Support"`);
console.log(`Control:                ${server.url}/test/conversations`);

const shutdown = () => {
  server.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
