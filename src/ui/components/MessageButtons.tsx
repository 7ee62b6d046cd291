/**
 * The buttons a backend offers with a message (quick replies, card actions, links), as a group under
 * it. Tapping a reply or an action sends its label as the visitor's answer (the backend turns it into
 * its own button response); a link opens in a new tab, and only web links are followed.
 */
import type { Message } from '../../core/types';
import { link } from '../text';
import type { WidgetState } from '../state';

export function MessageButtons({ message, state }: { message: Message; state: WidgetState }) {
  const buttons = message.buttons;
  if (!buttons?.length) return null;
  const answer = (label: string) => {
    try {
      state.chat.send(label);
    } catch {
      // An ended conversation takes no answer: the composer says so.
    }
  };
  return (
    <div class="message-buttons" role="group" aria-label={message.text.split('\n')[0]}>
      {buttons.map((button) =>
        button.kind == 'link' ? (
          /^https?:\/\//i.test(button.url ?? '') ? link(button.url!, button.label, 'action-button') : null
        ) : (
          <button class="action-button" onClick={() => answer(button.label)}>
            {button.label}
          </button>
        ),
      )}
    </div>
  );
}
