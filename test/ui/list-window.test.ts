/** Which rows of a long list are rendered: the newest few first, the window grown after each paint. */
import { describe, expect, it } from 'vitest';
import { FIRST_RENDER_ROWS, ListWindow, WINDOW_ROWS } from '../../src/ui/components/list-window';
import type { Message } from '../../src/core/types';

const list = (count: number): Message[] =>
  Array.from({ length: count }, (_, n) => ({ id: `m${n}`, text: `message ${n}`, sender: 'agent', createdAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString() }));

/** Rows the window renders of `messages`: grown after each (simulated) paint until it stops. */
function rowsAfterPaints(window: ListWindow, messages: Message[]): number[] {
  const rows = [messages.length - window.start(messages, true)];
  while (window.grow(messages)) rows.push(messages.length - window.start(messages, true));
  return rows;
}

describe('the first render of a long list', () => {
  it('renders the newest rows first, then grows to the full window after the paints', () => {
    const rows = rowsAfterPaints(new ListWindow(), list(500));
    expect(rows[0]).toBe(FIRST_RENDER_ROWS);
    expect(rows.at(-1)).toBe(WINDOW_ROWS);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
  });

  it('starts small when the history comes after the first (empty) render', () => {
    const window = new ListWindow();
    expect(window.start([], true)).toBe(0);
    expect(window.grow([])).toBe(false);
    const messages = list(500);
    expect(messages.length - window.start(messages, true)).toBe(FIRST_RENDER_ROWS);
  });

  it('renders a short list whole at once, and the full window when a burst makes it long', () => {
    const window = new ListWindow();
    expect(window.start(list(12), true)).toBe(0);
    expect(window.grow(list(12))).toBe(false);
    const messages = list(500);
    expect(messages.length - window.start(messages, true)).toBe(WINDOW_ROWS);
    expect(window.grow(messages)).toBe(false);
  });

  it('keeps what the visitor reads once they scrolled up: growing renders nothing new', () => {
    const window = new ListWindow();
    const messages = list(500);
    const first = window.start(messages, true);
    window.pin();
    expect(window.grow(messages)).toBe(false);
    expect(window.start(messages, false)).toBe(first);
  });
});
