/**
 * Work paced by animation frames: a burst of changes that come within one frame (500 socket frames in a
 * second are 8 per frame) is handled once, right before that frame paints. Where frames do not run (a hidden
 * page) the work waits at most {@link FRAME_FALLBACK_MS}.
 */

/** The longest frame-paced work waits where animation frames do not run (a hidden page), ms. */
export const FRAME_FALLBACK_MS = 100;

/** Runs `task` once, at the next animation frame (or after FRAME_FALLBACK_MS, whichever comes first). Returns a cancel. */
export function onNextFrame(task: () => void): () => void {
  const cancel = () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
  const run = () => {
    cancel();
    task();
  };
  const frame = requestAnimationFrame(run);
  const timer = setTimeout(run, FRAME_FALLBACK_MS);
  return cancel;
}
