/**
 * Tiledesk bot buttons on the Pingstreams wire (protocol sheet §6 `attributes.attachment`, as
 * `@tiledesk/tiledesk-chatbot-util`'s Markbot parser writes them):
 * `{ type: 'template', buttons: [{ type: 'text', value }, { type: 'url', value, link, target },
 * { type: 'action', value, action, show_echo }] }`. `value` is the label; a `text` button sends it
 * as the visitor's message, an `action` button sends it with `attributes.action`, hidden (`subtype:
 * 'info'`, as Tiledesk's widget does) unless `show_echo`. Links other than http/https are dropped.
 */
import { isButton } from '../../core/actions';
import type { MessageButton, Message } from '../../core/types';
import { asRecord, isText } from '../kit';

const KINDS: Record<string, MessageButton['kind']> = { text: 'reply', url: 'link', action: 'action' };
const TARGETS = ['blank', 'parent', 'self'] as const;

/** One wire button → a core button, or undefined when unknown or unsafe. */
function toButton(raw: unknown, echoes: Map<string, boolean>): MessageButton | undefined {
  const fields = asRecord(raw);
  const kind = KINDS[fields.type as string];
  const label = isText(fields.value) ? fields.value.trim() : '';
  if (!kind) return undefined;
  const target = TARGETS.find((known) => known === fields.target);
  const button: MessageButton =
    kind === 'link' ? { kind, label, url: fields.link as string, target: target ?? 'blank' }
    : kind === 'action' ? { kind, label, value: fields.action as string }
    : { kind, label, value: label };
  if (!isButton(button)) return undefined;
  if (kind === 'action') echoes.set(button.value!, fields.show_echo === true);
  return button;
}

/**
 * The buttons of a message's `attributes`, or undefined when it has none. `echoes` learns, per
 * action name, whether the bot asked for its message to be shown.
 */
export function readButtons(attributes: Record<string, unknown>, echoes: Map<string, boolean>): Message['buttons'] {
  const attachment = asRecord(attributes.attachment);
  if (attachment.type !== 'template' || !Array.isArray(attachment.buttons)) return undefined;
  const buttons = attachment.buttons.flatMap((raw) => toButton(raw, echoes) ?? []);
  return buttons.length ? buttons : undefined;
}

/** The `attributes` a visitor message adds for an action (`subtype: 'info'` keeps it out of transcripts). */
export const actionAttributes = (action: string | undefined, hidden: boolean | undefined): Record<string, unknown> =>
  action ? { action, ...(hidden && { subtype: 'info' }) } : {};

/** A visitor's own action message read back: its action, and whether it is hidden. */
export function readAction(attributes: Record<string, unknown>): Pick<Message, 'action' | 'hidden'> {
  if (!isText(attributes.action) || !attributes.action) return {};
  return attributes.subtype === 'info' ? { action: attributes.action, hidden: true } : { action: attributes.action };
}
