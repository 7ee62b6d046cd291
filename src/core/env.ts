/**
 * The outside world's defaults for the chat, each read lazily from globals (so nothing happens on
 * import, fake timers in tests apply, and Node without DOM globals works).
 */
import type { Clock, PageInfo } from './transport';

/** The real clock. Globals are looked up at call time (so fake timers in tests apply). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as number),
};

/** A random id: `crypto.randomUUID()` where available (secure contexts), else random base-36 + time. */
export const uuid = (): string => globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2) + Date.now().toString(36);

/** What the page says about itself, read from globals when there are any (empty in Node). */
export function pageInfo(): PageInfo {
  const { location: l, document: d, navigator: n, screen: s } = globalThis as Partial<typeof globalThis>;
  return {
    url: l?.href,
    referrer: d?.referrer || undefined,
    title: d?.title || undefined,
    userAgent: n?.userAgent,
    language: n?.language,
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    screen: s && `${s.width}x${s.height}`,
  };
}
