/**
 * When a bot's buttons are still offered: as in Tiledesk's widget, the choices of a message last
 * until the visitor answers, by tapping one of them or by writing anything. A visitor message after
 * it (shown or hidden, sent or still queued) ends them. Pure: the list in, a yes or no out.
 */
import type { Message } from '../core/types';

/** Whether `message`'s buttons are still offered: none of the visitor's messages comes after it. */
export function offersChoices(messages: readonly Message[], message: Message): boolean {
  const at = messages.findIndex((listed) => listed.id === message.id);
  if (at < 0) return false;
  for (let index = at + 1; index < messages.length; index++) if (messages[index]!.sender === 'visitor') return false;
  return true;
}

/** What a link button opens in: a new tab, the page around the widget, or the same page. */
export const LINK_TARGETS = { blank: '_blank', parent: '_parent', self: '_self' } as const;
