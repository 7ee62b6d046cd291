// The documented custom transport example, run through the real chat on real IndexedDB semantics.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { echoBot } from '../../examples/custom-transport';
import { createChat } from '../../src/index';
import { idbKeys } from '../helpers/stores';
import type { Message } from '../../src/index';

/** Waits (bounded) until `check` holds. */
async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('examples/custom-transport.ts (echo bot)', () => {
  it('carries messages both ways through createChat, and the history survives a reload', async () => {
    const spec = echoBot({ delay: 20, name: 'Echo' });
    const chat = createChat(spec, { backend: 'echo-bot' }); // default store: IndexedDB
    const incoming: Message[] = [];
    const sent: Message[] = [];
    chat.on('message', (m) => incoming.push(m));
    chat.on('sent', (m) => sent.push(m));
    await chat.start();
    expect(chat.status.value).toBe('online');
    expect(chat.welcomeMessage.value).toBe('Hi, I am Echo. Say something!');

    chat.send('ping');
    await until(() => incoming.length === 1);
    expect(sent.map((m) => m.text)).toEqual(['ping']);
    expect(incoming[0]).toMatchObject({ text: 'You said: ping', sender: 'bot', senderName: 'Echo' });
    // The bot's echo of the visitor's own message did not duplicate it.
    expect(chat.messages.value.map((m) => [m.sender, m.text, m.status])).toEqual([
      ['visitor', 'ping', 'sent'],
      ['bot', 'You said: ping', undefined],
    ]);
    expect(chat.unread.value).toBe(1);
    chat.destroy();

    // A reload: a new chat on the same backend and the same browser storage.
    const again = createChat(spec, { backend: 'echo-bot' });
    await again.start();
    expect(again.messages.value.map((m) => m.text)).toEqual(['ping', 'You said: ping']);
    expect(spec.conversations.size).toBe(1); // the conversation was resumed, not restarted
    expect((await idbKeys('parley/echo-bot/')).map((k) => k.split('/').pop()).sort()).toEqual(['chat', 'visitor']);
    again.destroy();
  });
});
