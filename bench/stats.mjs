// Summaries of repeated samples: median, min–max and the interquartile range (linear interpolation).

/** @param {number[]} sorted ascending @param {number} fraction 0…1 */
function quantile(sorted, fraction) {
  if (!sorted.length) return NaN;
  const position = (sorted.length - 1) * fraction;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

const roundTo = (value, digits) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * @param {number[]} samples one per run
 * @param {number} [digits] decimals kept
 * @returns {{ median: number, min: number, max: number, q1: number, q3: number, runs: number, samples: number[] }}
 */
export function summarize(samples, digits = 1) {
  const sorted = samples.filter(Number.isFinite).sort((a, b) => a - b);
  return {
    median: roundTo(quantile(sorted, 0.5), digits),
    min: roundTo(sorted[0] ?? NaN, digits),
    max: roundTo(sorted.at(-1) ?? NaN, digits),
    q1: roundTo(quantile(sorted, 0.25), digits),
    q3: roundTo(quantile(sorted, 0.75), digits),
    runs: sorted.length,
    samples: samples.map((sample) => roundTo(sample, digits)),
  };
}

/** Total blocking time: the part of each task beyond 50 ms, summed. @param {{ duration: number }[]} tasks */
export const blockingTime = (tasks) => tasks.reduce((total, task) => total + Math.max(0, task.duration - 50), 0);

/** The longest task's duration, 0 when no task went over 50 ms. @param {{ duration: number }[]} tasks */
export const longestTask = (tasks) => tasks.reduce((longest, task) => Math.max(longest, task.duration), 0);
