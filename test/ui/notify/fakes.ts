/** Fakes of the browser parts the notifications use: a document, a reply source. */
import type { Message } from '../../../src/core/types';

/** A document with a title, a visibility state and events. */
export class FakeDocument extends EventTarget {
  title = 'Shop';
  visibilityState: DocumentVisibilityState = 'visible';

  /** The visitor goes to another tab (`hidden`) or comes back. */
  setHidden(hidden: boolean) {
    this.visibilityState = hidden ? 'hidden' : 'visible';
    this.dispatchEvent(new Event('visibilitychange'));
  }

  /** A click on the page (a user gesture). */
  click() {
    this.dispatchEvent(new Event('pointerdown'));
  }
}

/** Replies the test sends to whoever subscribed. */
export function replies() {
  const handlers = new Set<(message: Message) => void>();
  let count = 0;
  return {
    onReply(handler: (message: Message) => void) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    say(text = 'Hello', senderName?: string) {
      const message: Message = { id: `m${++count}`, text, sender: 'agent', senderName, createdAt: new Date().toISOString() };
      for (const handler of handlers) handler(message);
    },
  };
}
