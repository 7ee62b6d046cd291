/**
 * The outside world's defaults for the chat, each read lazily from globals (so nothing happens on
 * import, fake timers in tests apply, and Node without DOM globals works).
 */
import type { Clock, PageInfo } from '../transports/transport';

/** The real clock. Globals are looked up at call time (so fake timers in tests apply). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** A random id: `crypto.randomUUID()` where available (secure contexts), else a random string. */
export const uuid = (): string =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;

/** What the page says about itself, read from globals when there are any (empty in Node). */
export function pageInfo(): PageInfo {
  const g = globalThis as { location?: Location; document?: Document; navigator?: Navigator; screen?: Screen };
  return {
    url: g.location?.href,
    referrer: g.document?.referrer || undefined,
    title: g.document?.title || undefined,
    userAgent: g.navigator?.userAgent,
    language: g.navigator?.language,
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    screen: g.screen && `${g.screen.width}x${g.screen.height}`,
  };
}
