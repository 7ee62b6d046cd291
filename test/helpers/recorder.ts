/** Records every event a transport emits, in order, for assertions. */
import type { Transport, TransportEventName, TransportEvents } from '../../src/core/transport';

const NAMES: TransportEventName[] = ['message', 'patch', 'typing', 'presence', 'link', 'event', 'csat', 'ended', 'warning', 'error'];

export interface Recorded {
  all: { type: TransportEventName; value: unknown }[];
  of<K extends TransportEventName>(type: K): TransportEvents[K][];
  stop(): void;
}

export function record(t: Transport): Recorded {
  const all: Recorded['all'] = [];
  const offs = NAMES.map((type) => t.on(type, (value) => all.push({ type, value })));
  return {
    all,
    of: <K extends TransportEventName>(type: K) =>
      all.filter((e) => e.type === type).map((e) => e.value as TransportEvents[K]),
    stop: () => offs.forEach((off) => off()),
  };
}
