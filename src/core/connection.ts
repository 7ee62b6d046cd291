/**
 * Connecting and stopping: `start()` loads the cache and connects (retrying with backoff while the
 * failure is retryable), then takes over what the backend knows; `stop()` writes pending state and
 * stops the link and every timer, so answers to requests made before are dropped.
 */
import { retryDelay } from './backoff';
import { warnOnFailure, type ChatContext } from './chat-context';
import { toParleyError, type ParleyError } from './errors';
import type { Incoming } from './incoming';
import type { LinkPolicy } from './link-policy';
import type { Persistence } from './persistence';
import type { ConnectResult } from './transport';
import type { Typing } from './typing';
import type { ConnectionStatus } from './types';
import type { Visitor } from './visitor';

export type Connection = ReturnType<typeof createConnection>;

export interface ConnectionParts {
  visitor: Visitor;
  persistence: Persistence;
  incoming: Incoming;
  linkPolicy: LinkPolicy;
  typing: Typing;
  /** Reads the cache once (visitor, then conversation). */
  load(): Promise<void>;
  setStatus(next: ConnectionStatus, reason?: ParleyError): void;
}

export function createConnection(context: ChatContext, parts: ConnectionParts) {
  const { state, transport, timers, random, log, run, config, retry } = context;
  const { visitor, persistence, incoming, linkPolicy, typing, setStatus } = parts;
  let starting: Promise<void> | undefined;
  let readySent = false;
  /** Resolved at the next connect (or when the visitor changes: see `releaseWaiting`). */
  const waiting: (() => void)[] = [];

  /** Takes over what the backend knows after a connect. */
  function adopt(result: ConnectResult) {
    persistence.session = result.session;
    if (!result.resumed) {
      // A new conversation: the old history goes, what the visitor still wants to send stays.
      state.messages.value = state.messages.value.filter((message) => message.status === 'sending' || message.status === 'failed');
      incoming.clearUnread();
    }
    incoming.receive(result.messages, false);
    state.operatorOnline.value = result.operatorOnline ?? state.operatorOnline.value;
    state.welcomeMessage.value = result.welcomeMessage ?? config.welcomeMessage;
    state.hasOlder.value = !!(transport.capabilities.historyPaging && result.hasMoreBefore);
  }

  async function connect(generation: number, attempt: number): Promise<void> {
    const identitySent = visitor.record.identity;
    let result: ConnectResult;
    try {
      result = await transport.connect({ visitorId: visitor.record.id, session: persistence.session, identity: identitySent });
    } catch (failure) {
      if (generation !== run.generation) return;
      const error = toParleyError(failure);
      if (!error.retryable) return fatal(error);
      setStatus('offline', error);
      return timers.start('connect', () => void connect(generation, attempt + 1), retryDelay(error, attempt, random, retry));
    }
    if (generation !== run.generation) return;
    adopt(result);
    run.connected = true;
    persistence.save();
    // identify() while the connect was on its way.
    const identityNow = visitor.record.identity;
    if (identityNow !== identitySent) transport.identify?.(identityNow!).catch(warnOnFailure(log, 'identify'));
    linkPolicy.applyAfterConnect();
    incoming.flushRead();
    releaseWaiting();
    if (!readySent) state.emit('ready');
    readySent = true;
  }

  /** Writes pending state, then stops the link and every timer; answers to requests made before are dropped. */
  function stop() {
    persistence.save();
    run.generation++;
    run.connected = false;
    starting = undefined;
    linkPolicy.reset();
    typing.reset();
    timers.cancelAll();
    transport.disconnect();
  }

  function fatal(error: ParleyError) {
    if (state.status.value === 'error') return;
    stop();
    setStatus('error', error);
    state.emit('error', error);
  }

  /** Resolves every wait for the connection. */
  function releaseWaiting() {
    for (const resolve of waiting.splice(0)) resolve();
  }

  return {
    /** Connects (idempotent while starting or connected). */
    start(): Promise<void> {
      starting ??= (async () => {
        const generation = run.generation;
        setStatus('connecting');
        await parts.load();
        if (generation === run.generation) await connect(generation, 0);
      })();
      return starting;
    },
    /** Whether a start is under way or done (and not stopped since). */
    get started(): boolean {
      return starting !== undefined;
    },
    stop,
    fatal,
    /** Stops, and the next start() begins a new conversation. */
    stopFresh() {
      stop();
      persistence.session = undefined;
      state.csat.value = 'none';
    },
    /** The backend or the visitor ended the conversation. */
    ended() {
      stop();
      setStatus('ended');
    },
    /** Resolves at the next connect, or when {@link releaseWaiting} is called. */
    whenConnected: (): Promise<void> => new Promise<void>((resolve) => waiting.push(resolve)),
    releaseWaiting,
  };
}
