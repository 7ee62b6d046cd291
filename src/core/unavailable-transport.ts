/**
 * The transport of a chat whose backend could not be created (`spec.create()` threw, e.g. a
 * backend factory's `config` error): it can do nothing, and every call rejects with that error, so
 * the chat reports the problem once and never throws at the host page.
 */
import { toParleyError, type ParleyError } from './errors';
import type { Transport, TransportCapabilities, TransportEnv, TransportSpec } from './transport';

const NOTHING: TransportCapabilities = {
  typing: false,
  readReceipts: false,
  editDelete: false,
  replyTo: false,
  attachments: false,
  presence: false,
  customEvents: false,
  historyPaging: false,
  csat: false,
  endConversation: false,
};

export function unavailableTransport(reason: ParleyError): Transport {
  const refuse = () => Promise.reject(reason);
  return {
    capabilities: NOTHING,
    on: () => () => undefined,
    connect: refuse,
    send: refuse,
    fetchSince: refuse,
    disconnect: () => undefined,
  };
}

/** The backend's transport, or, when `spec.create()` throws, one that reports that error (logged once with `console.error`). */
export function createTransport(spec: TransportSpec, env: TransportEnv): { transport: Transport; failure?: ParleyError } {
  try {
    return { transport: spec.create(env) };
  } catch (thrown) {
    const failure = toParleyError(thrown, 'config');
    console.error('[parley]', `The "${spec.backend}" backend could not start: ${failure.message}`);
    return { transport: unavailableTransport(failure), failure };
  }
}
