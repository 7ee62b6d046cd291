/** The bench's arithmetic (bench/stats.mjs): what reports/bench.md states as median, spread and blocking time. */
import { describe, expect, it } from 'vitest';
import { blockingTime, longestTask, summarize } from '../../bench/stats.mjs';

describe('bench statistics', () => {
  it('gives the median and the interquartile range of an odd and an even number of runs', () => {
    expect(summarize([30, 10, 50, 20, 40])).toMatchObject({ median: 30, min: 10, max: 50, q1: 20, q3: 40, runs: 5 });
    expect(summarize([4, 1, 3, 2])).toMatchObject({ median: 2.5, min: 1, max: 4, runs: 4 });
  });

  it('keeps the samples in run order and leaves out runs that measured nothing', () => {
    const summary = summarize([12.345, Number.NaN, 7]);
    expect(summary.samples).toEqual([12.3, Number.NaN, 7]);
    expect(summary).toMatchObject({ median: 9.7, runs: 2 });
  });

  it('counts only the part of each task beyond 50 ms as blocking', () => {
    const tasks = [{ duration: 49 }, { duration: 80 }, { duration: 250 }];
    expect(blockingTime(tasks)).toBe(30 + 200);
    expect(longestTask(tasks)).toBe(250);
    expect(blockingTime([])).toBe(0);
    expect(longestTask([])).toBe(0);
  });
});
