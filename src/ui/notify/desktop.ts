/**
 * Desktop notifications (the Notification API): shown for a reply while the page is hidden, by the
 * one tab that notifies; a click brings the page to the front and opens the chat. Permission is asked
 * only when the visitor presses the window's "Turn on notifications" button (../components/NotificationsButton.tsx),
 * never on load. All tabs tag their notifications alike, so the system shows one at a time, not a pile.
 */
import { signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { Message } from '../../core/types';
import type { I18n } from '../i18n';

/** The part of the Notification API used (the constructor and its statics). */
export interface NotificationApi {
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  new (title: string, options?: NotificationOptions): Pick<Notification, 'close' | 'onclick'>;
}

/** The tag every notification of Parley carries: a newer one replaces the one shown. */
export const NOTIFICATION_TAG = 'parley-reply';
/** The longest message text shown in a notification (the chat shows the rest). */
const BODY_LENGTH = 200;

export interface DesktopDeps {
  api: NotificationApi;
  hidden: ReadonlySignal<boolean>;
  notifies: ReadonlySignal<boolean>;
  i18n: ReadonlySignal<I18n>;
  onReply(handler: (message: Message) => void): () => void;
  /** Brings the page to the front and opens the chat (a notification was clicked). */
  show(): void;
}

export interface DesktopNotices {
  /** The browser's permission, kept current when the visitor answers the button's request. */
  permission: ReadonlySignal<NotificationPermission>;
  /** Asks for permission (call from a click: browsers ignore requests without a user gesture). */
  requestPermission(): Promise<void>;
  stop(): void;
}

export function startDesktop({ api, hidden, notifies, i18n, onReply, show }: DesktopDeps): DesktopNotices {
  const permission: Signal<NotificationPermission> = signal(api.permission);
  const stop = onReply((message) => {
    permission.value = api.permission; // the visitor may have changed it in the browser's settings
    if (permission.peek() !== 'granted' || !hidden.peek() || !notifies.peek()) return;
    const { t, lang, dir } = i18n.peek();
    const text = message.text.length > BODY_LENGTH ? `${message.text.slice(0, BODY_LENGTH - 1)}…` : message.text;
    try {
      const notice = new api(t('newMessageFrom', { name: message.senderName || t('agent') }), { body: text, tag: NOTIFICATION_TAG, lang, dir });
      notice.onclick = () => {
        show();
        notice.close();
      };
    } catch {
      // Some browsers (Android Chrome) only notify through a service worker: the title notice remains.
    }
  });
  return {
    permission,
    async requestPermission() {
      try {
        permission.value = await api.requestPermission();
      } catch {
        permission.value = api.permission;
      }
    },
    stop,
  };
}
