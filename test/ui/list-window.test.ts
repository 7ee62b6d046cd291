/**
 * Which messages a long conversation renders (src/ui/components/list-window.ts), as the visitor sees the rows:
 * the newest while they follow the bottom, a bounded number of new rows per render however fast messages
 * come, and older ones back when they ask.
 */
import { describe, expect, it } from 'vitest';
import { merge } from '../../src/core/messages';
import type { Message } from '../../src/core/types';
import { BURST_ROWS, ListWindow, REVEAL_ROWS, ROW_PX, WINDOW_ROWS } from '../../src/ui/components/list-window';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, 0) + second * 1000).toISOString();
const incoming = (index: number): Message => ({ id: `m${index}`, text: `operator ${index}`, sender: 'agent', createdAt: at(index) });
/** The conversation `list` with messages `from` … `to - 1` added at its end. */
const grow = (list: readonly Message[], from: number, to: number) =>
  merge(
    list,
    Array.from({ length: to - from }, (_, offset) => incoming(from + offset)),
  );
/** The texts one render shows: from `start` to the end. */
const shown = (list: readonly Message[], start: number) => list.slice(start).map((message) => message.id);

describe('ListWindow', () => {
  it('shows the newest messages of a long conversation while the visitor follows the bottom', () => {
    const window = new ListWindow();
    let list = grow([], 0, 2000);
    expect(shown(list, window.start(list, true))).toEqual(shown(list, 2000 - WINDOW_ROWS));
    // One message at a time: each render adds it and keeps the window's size.
    for (let index = 2000; index < 2005; index++) {
      list = grow(list, index, index + 1);
      expect(shown(list, window.start(list, true))).toEqual(shown(list, index + 1 - WINDOW_ROWS));
    }
  });

  it('adds at most BURST_ROWS new rows in one render, the newest, then fills the window again as more come, never adding rows above', () => {
    const window = new ListWindow();
    let list = grow([], 0, 2000);
    window.start(list, true);
    // A burst: 300 messages before the next render.
    list = grow(list, 2000, 2300);
    let start = window.start(list, true);
    expect(shown(list, start)).toEqual(shown(list, 2300 - BURST_ROWS));
    // The next messages are added below; the rows above stay as they are until the window is full again.
    let previousStart = start;
    for (let index = 2300; index < 2300 + WINDOW_ROWS; index += 5) {
      list = grow(list, index, index + 5);
      start = window.start(list, true);
      const newRowsAbove = Math.max(0, previousStart - start);
      expect(newRowsAbove).toBe(0);
      expect(list.length - start).toBeLessThanOrEqual(WINDOW_ROWS);
      expect(list.at(-1)!.id).toBe(`m${index + 4}`);
      previousStart = start;
    }
    expect(list.length - start).toBe(WINDOW_ROWS);
  });

  it("adds a screenful of new rows in one render once the list's height is known, at most the window", () => {
    /** How many rows the first render after a burst of 300 shows, in a list `height` px high. */
    const burstRows = (...heights: number[]) => {
      const window = new ListWindow();
      let list = grow([], 0, 2000);
      window.start(list, true);
      for (const height of heights) window.fit(height);
      list = grow(list, 2000, 2300);
      const start = window.start(list, true);
      expect(list.at(-1)!.id).toBe('m2299');
      return list.length - start;
    };
    // 428 px (the floating window's list): 9 rows of the smallest height fill it, and one more.
    expect(burstRows(428)).toBe(Math.ceil(428 / ROW_PX) + 1);
    expect(burstRows(428)).toBeLessThan(BURST_ROWS);
    // A phone's full-screen list shows more; a very tall one is capped at the window.
    expect(burstRows(700)).toBe(Math.ceil(700 / ROW_PX) + 1);
    expect(burstRows(5000)).toBe(WINDOW_ROWS);
    // A list not laid out (0 px, the window hidden) keeps the last height it had.
    expect(burstRows(428, 0)).toBe(burstRows(428));
    expect(burstRows(0)).toBe(BURST_ROWS);
  });

  it('keeps what the visitor reads further up, and shows earlier messages when they ask, also after a burst', () => {
    const window = new ListWindow();
    let list = grow([], 0, 1000);
    window.start(list, true);
    list = grow(list, 1000, 1200);
    const afterBurst = window.start(list, true);
    // The visitor scrolls up: the window is pinned where it was, new messages are added below.
    window.pin();
    list = grow(list, 1200, 1300);
    expect(window.start(list, false)).toBe(afterBurst);
    // "Earlier messages": REVEAL_ROWS more above, even if they then come back to the bottom.
    expect(window.reveal(list, afterBurst)).toBe(true);
    expect(window.start(list, true)).toBe(afterBurst - REVEAL_ROWS);
  });
});
