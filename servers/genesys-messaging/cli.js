#!/usr/bin/env node
// Manual runs: `node servers/genesys-messaging/cli.js --port 8790 [--deployment-id parley-local-deployment]
//   [--bot Robin] [--greeting "Hi! How can I help?"] [--auto-start] [--disconnect-type ReadOnly|Send]`

import { parseArgs } from 'node:util';
import { startGenesysMessagingServer } from './index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8790' },
    host: { type: 'string', default: '127.0.0.1' },
    'deployment-id': { type: 'string', default: 'parley-local-deployment' },
    bot: { type: 'string' },
    greeting: { type: 'string', default: 'Hi! How can I help?' },
    'auto-start': { type: 'boolean', default: false },
    'disconnect-type': { type: 'string', default: 'ReadOnly' },
  },
});

const disconnectType = values['disconnect-type'] === 'Send' ? 'Send' : 'ReadOnly';
const server = await startGenesysMessagingServer({
  port: Number(values.port),
  host: values.host,
  deploymentId: values['deployment-id'],
  settings: { autoStart: values['auto-start'], disconnectType },
  bot: values.bot ? { nickname: values.bot, greeting: values.greeting } : undefined,
});

console.log(`Web Messaging socket: ${server.wsUrl}?deploymentId=${server.deploymentId}`);
console.log(`History, config.json: ${server.apiUrl}/api/v2/webmessaging/messages, ${server.apiUrl}/webdeployments/v1/deployments/${server.deploymentId}/config.json`);
console.log(`Widget:               data-backend="genesys-messaging" data-deployment-id="${server.deploymentId}" data-ws-url="${server.wsUrl}" data-api-url="${server.apiUrl}"`);
console.log(`Control:              ${server.url}/test/sessions`);

const shutdown = () => {
  server.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
