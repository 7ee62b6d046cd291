/**
 * The widget's notifications (`notifications` config): the title notice, the sound and desktop
 * notifications, each driven by the chat's replies and unread count, the page's visibility, and
 * which tab notifies (./notifier-tab.ts: the visible tab, else the one holding the link). Everything from the browser comes through `NotifyEnvironment`, so each part
 * is tested with fakes (test/ui/notify/).
 */
import { effect, signal, type ReadonlySignal } from '@preact/signals';
import type { ParleyConfig } from '../../core/config';
import type { Chat } from '../../core/model';
import type { Message } from '../../core/types';
import type { I18n } from '../i18n';
import { startDesktop, type DesktopNotices, type NotificationApi } from './desktop';
import { watchNotifierTab, type Locks } from './notifier-tab';
import { watchPage, type PageDocument } from './page';
import { startSound, type ToneContext } from './sound';
import { startTitleNotice } from './title';

/** The browser, as the notifications use it. */
export interface NotifyEnvironment {
  doc: PageDocument & Pick<Document, 'title'>;
  /** Brings the page's window to the front. */
  focusPage(): void;
  createAudioContext: (() => ToneContext) | undefined;
  notifications: NotificationApi | undefined;
  locks: Locks | undefined;
}

/** The host page's window as a notify environment. */
export function browserEnvironment(win: Window & typeof globalThis): NotifyEnvironment {
  const AudioContextClass = win.AudioContext as (new () => AudioContext) | undefined;
  return {
    doc: win.document,
    focusPage: () => win.focus(),
    createAudioContext: AudioContextClass && (() => new AudioContextClass()),
    notifications: win.Notification,
    locks: win.navigator.locks,
  };
}

export interface Notifications {
  /** Desktop notifications, when the config turns them on and the browser has them. */
  desktop: DesktopNotices | undefined;
  stop(): void;
}

/** How long a tab waits to learn whether it is the one that notifies before it gives up on replaying, ms. */
const ROLE_SETTLES_MS = 1500;

/**
 * Replies that came while the window's code was loading count as if it had been here. This tab's part
 * among the visitor's tabs is settled asynchronously (a Web Lock), so they are replayed once it
 * notifies, or after a moment when it does not (the title still counts them). Returns the stop.
 */
function replayEarlyReplies(early: Message[], handlers: ((message: Message) => void)[], notifies: ReadonlySignal<boolean>): () => void {
  if (!early.length) return () => {};
  let done = false;
  const replay = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    for (const message of early) for (const handler of handlers) handler(message);
  };
  const timer = setTimeout(replay, ROLE_SETTLES_MS);
  const stopWatching = effect(() => {
    if (notifies.value) queueMicrotask(replay);
  });
  return () => {
    done = true;
    clearTimeout(timer);
    stopWatching();
  };
}

/** A reply: an incoming message from a person or a bot (not a system line such as "joined"). */
const isReply = (message: Message) => message.sender === 'agent' || message.sender === 'bot';

export function startNotifications(
  chat: Chat,
  config: ParleyConfig['notifications'],
  i18n: ReadonlySignal<I18n>,
  env: NotifyEnvironment,
  arrivedBefore: readonly Message[] = [],
): Notifications {
  const page = watchPage(env.doc);
  const tab = watchNotifierTab({
    locks: config.sound || config.desktop ? env.locks : undefined,
    hidden: page.hidden,
    // A chat without tabs (no ownership to follow) is its tab's alone.
    ownsLink: chat.ownsLink ?? signal(true),
  });
  const handlers: ((message: Message) => void)[] = [];
  const onReply = (handler: (message: Message) => void) => {
    handlers.push(handler);
    return chat.on('message', (message) => {
      if (isReply(message)) handler(message);
    });
  };
  const stops = [page.dispose, tab.dispose];
  if (config.title) stops.push(startTitleNotice({ doc: env.doc, hidden: page.hidden, unread: chat.unread, onReply }));
  if (config.sound) stops.push(startSound({ createContext: env.createAudioContext, interacted: page.interacted, notifies: tab.notifies, onReply }));
  const desktop =
    config.desktop && env.notifications
      ? startDesktop({
          api: env.notifications,
          hidden: page.hidden,
          notifies: tab.notifies,
          i18n,
          onReply,
          show() {
            env.focusPage();
            chat.setOpen(true);
          },
        })
      : undefined;
  if (desktop) stops.push(desktop.stop);
  stops.push(replayEarlyReplies(arrivedBefore.filter(isReply), handlers, tab.notifies));
  return {
    desktop,
    stop() {
      for (const stop of stops.reverse()) stop();
    },
  };
}
