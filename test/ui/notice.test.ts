import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/ui/i18n';
import { addDictionaries } from '../../src/ui/locales/all';
import { noticeText as notice } from '../../src/ui/state';
import type { Message } from '../../src/core/types';

addDictionaries();
const at = '2026-11-23T10:00:00.000Z';
const sys = (extra: Partial<Message>): Message => ({ id: 'n1', text: 'Alex joined the chat', sender: 'system', createdAt: at, ...extra });

describe('agent notices', () => {
  it("are worded in the visitor's language, with the agent's name or the generic one", () => {
    const fr = createI18n('fr').t;
    expect(notice(sys({ notice: 'joined', senderName: 'Alex' }), fr)).toBe('Alex a rejoint le chat');
    expect(notice(sys({ notice: 'transferred', senderName: 'Sam' }), createI18n('de').t)).toBe('Weitergeleitet an Sam');
    expect(notice(sys({ notice: 'left' }), createI18n('en').t)).toBe('Support left the chat');
  });

  it('leave any other message, or a notice the widget has no words for, to its text', () => {
    const t = createI18n('en').t;
    expect(notice(sys({}), t)).toBeUndefined();
    for (const odd of ['maintenance', 'launcher', '__proto__']) expect(notice(sys({ notice: odd as never }), t)).toBeUndefined();
  });
});
