/**
 * The floating round button. Its name stays "Open chat" (contract) while `aria-expanded` tells whether
 * the window is open; the unread count is its accessible description, shown as a badge (CSS, from
 * `data-unread`).
 */
import { CHAT_ICON, CLOSE_ICON, icon } from '../icons';
import type { WidgetState } from '../state';

/** Above this, the badge shows "99+". */
const MAX_BADGE = 99;

export function Launcher({ state }: { state: WidgetState }) {
  const { chat, launcher } = state;
  const { t } = state.i18n.value;
  const open = chat.isOpen.value;
  const unread = chat.unread.value;
  return (
    <button
      ref={launcher}
      class="launcher"
      aria-label={t('launcher')}
      aria-expanded={open}
      aria-describedby={unread ? 'parley-unread' : undefined}
      data-unread={unread ? (unread > MAX_BADGE ? `${MAX_BADGE}+` : unread) : undefined}
      onClick={() => chat.setOpen(!open)}
    >
      {icon(open ? CLOSE_ICON : CHAT_ICON)}
      {/* Inside the button (whose children are presentational) it is read only as the description. */}
      {unread > 0 && (
        <span id="parley-unread" class="visually-hidden">
          {t('unread', { n: unread })}
        </span>
      )}
    </button>
  );
}
