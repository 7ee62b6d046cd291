/**
 * Bot buttons (quick replies) in the core's vocabulary: what a valid button is (wire data and cached
 * records both go through {@link isButton}), and what a visitor message that triggers a bot action
 * carries. A `link` button only ever points at an http(s) URL: anything else (`javascript:`, `data:`)
 * is not a button.
 */
// Only guards the on-demand backend files share (src/embed/shared.ts): the Pingstreams file uses this module too.
import { isObject, isText } from './guards';
import type { Transport } from './transport';
import type { Message, MessageButton } from './types';

const KINDS = ['reply', 'link', 'action'];
const isNonEmptyText = (value: unknown): value is string => isText(value) && value.length > 0;
const TARGETS = ['blank', 'parent', 'self'];

/** An absolute http: or https: URL (the only links a button may open). */
export function isWebLink(value: unknown): value is string {
  if (!isText(value)) return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** A button as the core keeps it: a known kind with a label; a link has a web URL; an action a name. */
export function isButton(value: unknown): value is MessageButton {
  if (!isObject(value) || !KINDS.includes(value.kind as string) || !isNonEmptyText(value.label)) return false;
  if (value.value !== undefined && !isText(value.value)) return false;
  if (value.target !== undefined && !TARGETS.includes(value.target as string)) return false;
  if (value.kind === 'link') return isWebLink(value.url);
  if (value.kind === 'action') return isNonEmptyText(value.value);
  return value.url === undefined;
}

/**
 * The fields of a visitor message that triggers `action`: the action, and `hidden` unless the
 * backend says the bot asked for an echo (Tiledesk's `show_echo`; hidden by default, as there).
 */
export function actionFields(transport: Transport, action: string | undefined): Pick<Message, 'action' | 'hidden'> {
  if (!action) return {};
  return transport.echoesAction?.(action) ? { action } : { action, hidden: true };
}
