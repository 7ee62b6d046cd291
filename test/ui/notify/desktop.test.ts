import { describe, expect, it } from 'vitest';
import { signal } from '@preact/signals';
import { NOTIFICATION_TAG, startDesktop, type NotificationApi } from '../../../src/ui/notify/desktop';
import { createI18n } from '../../../src/ui/i18n';
import { addDictionaries } from '../../../src/ui/locales/all';
import { replies } from './fakes';

addDictionaries();

/** A Notification API whose notifications are recorded, with the permission the visitor would give. */
function fakeNotificationApi(answer: NotificationPermission) {
  const shown: { title: string; options: NotificationOptions; closed: boolean; onclick: ((event: Event) => unknown) | null }[] = [];
  let asked = 0;
  class FakeNotification {
    static permission: NotificationPermission = 'default';
    static async requestPermission() {
      asked++;
      FakeNotification.permission = answer;
      return answer;
    }
    record: (typeof shown)[number];
    constructor(title: string, options: NotificationOptions = {}) {
      this.record = { title, options, closed: false, onclick: null };
      shown.push(this.record);
    }
    set onclick(handler: ((event: Event) => unknown) | null) {
      this.record.onclick = handler;
    }
    get onclick() {
      return this.record.onclick;
    }
    close() {
      this.record.closed = true;
    }
  }
  return { api: FakeNotification as unknown as NotificationApi, shown, asked: () => asked };
}

function setup(answer: NotificationPermission = 'granted', locale = 'en') {
  const fake = fakeNotificationApi(answer);
  const hidden = signal(true);
  const notifies = signal(true);
  const source = replies();
  let shownChat = 0;
  const desktop = startDesktop({ api: fake.api, hidden, notifies, i18n: signal(createI18n(locale)), onReply: source.onReply, show: () => shownChat++ });
  return { ...fake, hidden, notifies, source, desktop, shownChat: () => shownChat };
}

describe('desktop notifications', () => {
  it('never ask for permission by themselves: only requestPermission (the button) does', async () => {
    const { desktop, source, shown, asked } = setup();
    source.say();
    expect(asked()).toBe(0);
    expect(shown).toEqual([]);
    expect(desktop.permission.value).toBe('default');
    await desktop.requestPermission();
    expect(asked()).toBe(1);
    expect(desktop.permission.value).toBe('granted');
  });

  it('show a reply while the page is hidden; a click brings the chat to the front and closes it', async () => {
    const { desktop, source, shown, hidden, shownChat } = setup();
    await desktop.requestPermission();
    source.say('Your order shipped', 'Anna');
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: 'New message from Anna', options: { body: 'Your order shipped', tag: NOTIFICATION_TAG } });
    shown[0]!.onclick!(new Event('click'));
    expect(shownChat()).toBe(1);
    expect(shown[0]!.closed).toBe(true);
    hidden.value = false;
    source.say('Anything else?');
    expect(shown).toHaveLength(1); // the visitor is looking at the page
  });

  it('speak the widget language and name the support team when the reply has no sender name', async () => {
    const { desktop, source, shown } = setup('granted', 'he');
    await desktop.requestPermission();
    source.say('שלום');
    expect(shown[0]).toMatchObject({ title: 'הודעה חדשה מ-תמיכה', options: { lang: 'he', dir: 'rtl' } });
  });

  it('show nothing when refused, or from a tab that does not notify', async () => {
    const refused = setup('denied');
    await refused.desktop.requestPermission();
    expect(refused.desktop.permission.value).toBe('denied');
    refused.source.say();
    expect(refused.shown).toEqual([]);
    const other = setup();
    await other.desktop.requestPermission();
    other.notifies.value = false;
    other.source.say();
    expect(other.shown).toEqual([]);
  });
});
