/**
 * Shared setup for the Genesys transport tests: the local guest-chat server, transports over real
 * HTTP/WebSockets with fast reconnect timings, an event recorder, and a scan for leaked JWTs.
 */
import { expect } from 'vitest';
import { startGenesysServer, type GenesysServer, type GenesysServerOptions } from '../../../servers/genesys/index.js';
import { genesys, type GenesysOptions } from '../../../src/transports/genesys/index';
import type { ConnectResult, Transport, TransportEnv } from '../../../src/core/transport';
import { nodeEnv, until } from '../../helpers/node-env';
import { record, type Recorded } from '../../helpers/recorder';

export const fast = { minDelay: 20, maxDelay: 150, stallMs: 600, stallAttempts: 3, connectTimeout: 1000 };

export const OPTIONS = { organizationId: 'org-1', deploymentId: 'dep-1', queue: 'Support' };

export interface Opened {
  t: Transport;
  rec: Recorded;
  env: ReturnType<typeof nodeEnv>;
}

export interface Harness {
  srv: GenesysServer;
  open(opts?: Partial<GenesysOptions>, env?: Partial<TransportEnv>): Opened;
  /** Opens a transport, connects it (new conversation) and returns the conversation id too. */
  start(opts?: Partial<GenesysOptions>): Promise<Opened & { r: ConnectResult; id: string }>;
  /** Every transport made, for the leak scan. */
  made: Opened[];
  close(): Promise<void>;
}

/** Starts a server (HS256: no RSA key generation per file) and a harness building transports against it. */
export async function harness(serverOpts: GenesysServerOptions = {}): Promise<Harness> {
  const srv = await startGenesysServer({ jwtAlg: 'HS256', ...serverOpts });
  const made: Opened[] = [];
  const h: Harness = {
    srv,
    made,
    open(opts = {}, envOver = {}) {
      const env = nodeEnv(envOver);
      const t = genesys({ ...OPTIONS, apiUrl: srv.apiUrl, socket: fast, ...opts }).create(env);
      const o = { t, rec: record(t), env };
      made.push(o);
      return o;
    },
    async start(opts) {
      const o = h.open(opts);
      const r = await o.t.connect({ visitorId: 'v1' });
      return { ...o, r, id: String(r.session.id) };
    },
    async close() {
      for (const o of made) o.t.disconnect();
      await srv.stop();
    },
  };
  return h;
}

/** The guest's member id in a connect result's session (the create response: `member.id`). */
export const memberOf = (r: ConnectResult) => String((r.session.member as { id?: unknown } | undefined)?.id);

/** Waits for the link to report `state` as its latest value. */
export const linkIs = (rec: Recorded, state: string, ms = 3000) => until(() => rec.of('link').at(-1) === state, ms, `link ${state}`);

/** Waits for a message event with this text. */
export const messageWith = (rec: Recorded, text: string, ms = 3000) => until(() => rec.of('message').find((m) => m.text === text), ms, `message "${text}"`);

/** Every piece of text a transport produced: log lines and details, event payloads, the given errors. */
function spoken(o: Opened, errors: unknown[]): string {
  const parts: string[] = [];
  const add = (v: unknown) => {
    if (v instanceof Error) parts.push(v.message, String(v.stack), String((v as { cause?: unknown }).cause ?? ''));
    else parts.push(typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));
  };
  for (const l of o.env.logs) {
    add(l.message);
    add(l.detail);
  }
  for (const e of o.rec.all) add(e.value);
  errors.forEach(add);
  return parts.join('\n');
}

/** Asserts that no JWT the server issued appears in anything the transports said. */
export function expectNoJwt(h: Harness, errors: unknown[] = []) {
  const jwts = h.srv
    .requests()
    .flatMap((r) => (/^Bearer (.+)$/i.exec(String(r.headers.authorization ?? '')) ?? /^\/chat\/jwt\/(.+)$/.exec(r.url))?.[1] ?? []);
  expect(jwts.length).toBeGreaterThan(0);
  for (const o of h.made) {
    const text = spoken(o, errors);
    for (const jwt of new Set(jwts)) expect(text.includes(jwt), 'a JWT leaked into logs, events or errors').toBe(false);
  }
}
