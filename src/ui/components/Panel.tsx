/**
 * The chat window: header (title, subtitle, operator presence, close), connection status, the
 * conversation, and the composer. Floating: a non-modal `dialog` named by its title. Inline: a `region`
 * in the page flow (a dialog would tell screen-reader users that something popped up, which never
 * happens inline).
 *
 * Focus: opening moves it to the composer; closing from inside the window returns it to the launcher.
 */
import { useComputed } from '@preact/signals';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { whenIdle } from '../../core/env';
import { CLOSE_ICON, icon } from '../icons';
import type { WidgetState } from '../state';
import { dropTarget } from '../files/send-files';
import { ComposerOrPreChat } from './PreChatForm';
import { MessageList } from './MessageList';
import { NotificationsButton } from './NotificationsButton';

export function Panel({ state }: { state: WidgetState }) {
  const { chat, inline } = state;
  const open = inline || chat.isOpen.value;
  const section = useRef<HTMLElement>(null);
  const wasOpen = useRef(state.startsOpen);
  // Words for the connection state, bound as text: a status change re-renders nothing.
  const statusText = useComputed(() => {
    const status = chat.status.value;
    return status === 'online' || status === 'idle' ? '' : state.i18n.value.t(status);
  });

  // Runs right after the commit that showed or hid the window, before the browser moves focus out of a
  // now hidden window.
  useLayoutEffect(() => {
    if (open && !wasOpen.current) (state.composer.current ?? section.current?.querySelector('button'))?.focus();
    const active = (section.current?.getRootNode() as ShadowRoot | undefined)?.activeElement;
    if (!open && wasOpen.current && active && active !== state.launcher.current) state.launcher.current?.focus();
    wasOpen.current = open;
  }, [open]);

  // Open: the time formatter is made when the browser is idle (while the window waits for its history,
  // or before the first message), not in the render that first shows a time (../i18n.ts `prepare`).
  useEffect(() => {
    if (!open) return;
    whenIdle(() => state.i18n.peek().prepare(), 1000);
  }, [open]);

  return (
    <section ref={section} class="panel" role={inline ? 'region' : 'dialog'} aria-labelledby="parley-title" hidden={!open} {...dropTarget(state)}>
      <Header state={state} />
      <NotificationsButton state={state} />
      {/* Connection state in words: a polite live region kept in the DOM (a region added together with
          its text is not announced); CSS hides it while empty (online, idle). */}
      <p class="connection-status" role="status">
        {statusText}
      </p>
      <MessageList state={state} />
      <ComposerOrPreChat state={state} />
    </section>
  );
}

/** Title, the `subtitle` config and operator presence (where the backend tells), and the close button. */
function Header({ state }: { state: WidgetState }) {
  const { chat, inline, subtitle } = state;
  const { t } = state.i18n.value;
  const online = chat.operatorOnline.value;
  return (
    <header class="panel-header">
      <div class="panel-titles">
        <h2 id="parley-title">{t('title')}</h2>
        {subtitle && <p>{subtitle}</p>}
        {online != null && <p>{t(online ? 'online' : 'away')}</p>}
      </div>
      {!inline && (
        <button class="icon-button" aria-label={t('close')} onClick={() => chat.setOpen(false)}>
          {icon(CLOSE_ICON)}
        </button>
      )}
    </header>
  );
}
