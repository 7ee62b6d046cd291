/**
 * Typing indicators, both ways. The visitor's: `setTyping(true)` on every keystroke sends "typing"
 * at most every 2 s, and "stopped" after 3 s of silence (or on send); "stopped" only follows
 * "typing". The agent's: shown until their next message, a "stopped", or 15 s of silence.
 */
import { warnOnFailure, type ChatContext } from './chat-context';
import type { TransportEvents } from './transport';

const TYPING_REPEAT_MS = 2000;
const TYPING_STOP_AFTER_MS = 3000;
const AGENT_TYPING_TIMEOUT_MS = 15_000;

export type Typing = ReturnType<typeof createTyping>;

export function createTyping(context: ChatContext) {
  const { state, transport, timers, clock, log } = context;
  /** Whether the backend was last told "typing". */
  let told = false;
  let toldAt = 0;

  function setVisitorTyping(active: boolean) {
    if (!context.run.connected || !transport.capabilities.typing) return;
    const now = clock.now();
    if (active) timers.start('visitorTyping', () => setVisitorTyping(false), TYPING_STOP_AFTER_MS);
    else timers.cancel('visitorTyping');
    const shouldTell = active ? !told || now - toldAt >= TYPING_REPEAT_MS : told;
    if (!shouldTell) return;
    told = active;
    toldAt = now;
    transport.setTyping!(active).catch(warnOnFailure(log, 'typing'));
  }

  return {
    setVisitorTyping,

    /** The transport's `typing` event. */
    onTyping(event: TransportEvents['typing']) {
      if (event.sender === 'visitor') return; // the echo of our own typing
      state.agentTyping.value = event.typing ? { name: event.name } : null;
      if (!event.typing) return timers.cancel('agentTyping');
      timers.start(
        'agentTyping',
        () => {
          state.agentTyping.value = null;
        },
        AGENT_TYPING_TIMEOUT_MS,
      );
    },

    /** Stopped: the backend forgets the visitor's typing, and the agent's is cleared. */
    reset() {
      told = false;
      state.agentTyping.value = null;
    },
  };
}
