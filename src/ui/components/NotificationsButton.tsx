/**
 * "Turn on notifications": shown in the window when the `notifications` config turns desktop
 * notifications on and the visitor has neither allowed nor refused them yet. Pressing it is the only
 * way Parley asks for the permission (never on load); once answered, the button goes.
 */
import type { WidgetState } from '../state';
import { BELL_ICON, icon } from '../icons';

export function NotificationsButton({ state }: { state: WidgetState }) {
  const desktop = state.notifications?.desktop;
  if (!desktop || desktop.permission.value !== 'default') return null;
  return (
    <button type="button" class="pill-button notifications-button" onClick={() => void desktop.requestPermission()}>
      {icon(BELL_ICON)}
      {state.i18n.value.t('enableNotifications')}
    </button>
  );
}
