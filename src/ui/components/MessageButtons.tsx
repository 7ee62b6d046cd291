/**
 * A bot's buttons under its message: a `group` named by the message's text, of real buttons (a reply
 * or an action, sent through the chat like anything the visitor writes) and links (http/https only,
 * `rel="noopener noreferrer"`). Once the visitor taps one or writes anything, the choices are gone
 * (./../choices.ts). Only messages with buttons read the message list, so other rows stay untouched.
 */
import { useComputed, useSignal } from '@preact/signals';
import type { Message, MessageButton } from '../../core/types';
import { LINK_TARGETS, offersChoices } from '../choices';
import { plain } from '../text';
import type { WidgetState } from '../state';

/** The longest group name read out (a long message is summed up by its start). */
const NAME_LENGTH = 120;

export function MessageButtons({ message, state }: { message: Message; state: WidgetState }) {
  if (!message.buttons?.length || message.sender === 'visitor' || message.deleted) return null;
  return <ChoiceGroup message={message} buttons={message.buttons} state={state} />;
}

function ChoiceGroup({ message, buttons, state }: { message: Message; buttons: NonNullable<Message['buttons']>; state: WidgetState }) {
  const { chat } = state;
  const followedLink = useSignal(false);
  const offered = useComputed(() => offersChoices(chat.messages.value, message));
  if (!offered.value || followedLink.value) return null;
  const { t } = state.i18n.value;
  const name = plain(message.text).slice(0, NAME_LENGTH) || t('choices');
  const choose = (button: MessageButton) => {
    try {
      // A reply sends its label (Tiledesk's text buttons carry it as their value too; Genesys answers
      // an offered label with its ButtonResponse); an action sends its label with the action.
      chat.send(button.label, button.kind === 'action' ? { action: button.value } : undefined);
    } catch {
      return; // refused (the conversation ended): the core reports it; the choices stay
    }
    state.composer.current?.focus();
  };
  return (
    <div class="choices" role="group" aria-label={name}>
      {buttons.map((button) =>
        button.kind === 'link' ? (
          <a class="choice" href={button.url} target={LINK_TARGETS[button.target ?? 'blank']} rel="noopener noreferrer" onClick={() => (followedLink.value = true)}>
            {button.label}
          </a>
        ) : (
          <button type="button" class="choice" onClick={() => choose(button)}>
            {button.label}
          </button>
        ),
      )}
    </div>
  );
}
