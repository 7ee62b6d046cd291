/**
 * A complete custom transport: an in-memory "echo bot" backend. It shows everything a transport for
 * your own backend has to do (see docs/custom-transport.md):
 * - turn the backend's wire into Parley's vocabulary (`Message`, `SendResult`, events) and nothing more;
 * - keep a session reference the core persists and hands back to resume after a reload;
 * - report the realtime link (`live`); echo the visitor's own messages like real backends do (the core
 *   de-duplicates them);
 * - use `env.clock` for every timer and clear them all in `disconnect()`;
 * - reject with `ParleyError`s (`retryable` tells the core whether to try again).
 *
 * The "server" lives in the spec (the object `echoBot()` returns), so two chats created from the same
 * spec behave like two page loads talking to one backend.
 *
 * In an app: `createChat(echoBot(), { backend: 'echo-bot' })` (import from 'parley-widget').
 */
import {
  createEmitter,
  type Message,
  ParleyError,
  type Transport,
  type TransportEnv,
  type TransportEvents,
  type TransportSpec,
} from '../src/index';

export interface EchoBotOptions {
  /** Bot reply delay (ms). Default 500. */
  delay?: number;
  /** Bot display name. Default "Echo". */
  name?: string;
}

/** The backend's own record of a conversation (what a real server would keep in its database). */
interface Conversation {
  id: string;
  messages: Message[];
}

/** An echo bot backend: it answers every message with "You said: …". */
export function echoBot(options: EchoBotOptions = {}): TransportSpec & { conversations: Map<string, Conversation> } {
  const delay = options.delay ?? 500;
  const name = options.name ?? 'Echo';
  const conversations = new Map<string, Conversation>(); // the "server database"
  let seq = 0;

  return {
    backend: 'echo-bot',
    scope: name,
    conversations,
    create(env: TransportEnv): Transport {
      const events = createEmitter<TransportEvents>();
      const timers = new Set<unknown>();
      let conv: Conversation | undefined;

      const later = (fn: () => void, ms: number) => {
        const h = env.clock.setTimeout(() => {
          timers.delete(h);
          fn();
        }, ms);
        timers.add(h);
      };
      const store = (sender: Message['sender'], text: string): Message => {
        const m: Message = { id: `m${++seq}`, text, sender, createdAt: new Date(env.clock.now()).toISOString() };
        if (sender === 'bot') m.senderName = name;
        conv!.messages.push(m);
        // A real backend broadcasts every stored message to the conversation, the sender's included.
        later(() => events.emit('message', m), 0);
        return m;
      };
      const live = () => {
        if (!conv) throw new ParleyError('network', 'Not connected', { retryable: true });
        return conv;
      };

      return {
        capabilities: {
          typing: true,
          readReceipts: false,
          editDelete: false,
          replyTo: false,
          attachments: false,
          presence: true,
          customEvents: false,
          historyPaging: false,
          csat: false,
          endConversation: false,
        },
        on: events.on,
        async connect({ session }) {
          const known = typeof session?.conversation === 'string' ? conversations.get(session.conversation) : undefined;
          conv = known ?? { id: `c${++seq}`, messages: [] };
          conversations.set(conv.id, conv);
          later(() => events.emit('link', 'live'), 0);
          return {
            session: { conversation: conv.id },
            messages: conv.messages.slice(),
            resumed: !!known,
            operatorOnline: true,
            welcomeMessage: `Hi, I am ${name}. Say something!`,
          };
        },
        async send({ text }) {
          live();
          const m = store('visitor', text);
          later(() => events.emit('typing', { sender: 'bot', typing: true, name }), delay / 2);
          later(() => store('bot', `You said: ${text}`), delay);
          return { id: m.id, createdAt: m.createdAt };
        },
        async fetchSince(afterId) {
          const all = live().messages;
          const i = all.findIndex((m) => m.id === afterId);
          return all.slice(i + 1);
        },
        async setTyping() {
          live();
        },
        disconnect() {
          for (const h of timers) env.clock.clearTimeout(h);
          timers.clear();
          conv = undefined;
        },
      };
    },
  };
}
