/**
 * The outside world's defaults for the chat, each read lazily from globals (so nothing happens on
 * import, fake timers in tests apply, and Node without DOM globals works).
 */
import type { Clock, PageInfo } from './transport';

/** The real clock. Globals are looked up at call time (so fake timers in tests apply). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as number),
};

/**
 * A random id for visitors and queued messages: `crypto.randomUUID()`.
 *
 * Fallback: `randomUUID` exists only in secure contexts (https, localhost), and a widget may be
 * embedded in a plain-http page. There the id is built from `crypto.getRandomValues()` (available
 * in every context) in the same UUID v4 layout, and, where even that is missing (very old
 * runtimes), from `Math.random()`. The ids only need to be unique per browser, not secret.
 */
export function uuid(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof crypto?.getRandomValues === 'function') crypto.getRandomValues(bytes);
  else for (let index = 0; index < bytes.length; index++) bytes[index] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Runs `task` when the browser is idle (`requestIdleCallback`, at most `timeoutMs` later), else (Safari, Node)
 * in a new task.
 */
export function whenIdle(task: () => unknown, timeoutMs: number): void {
  if (typeof requestIdleCallback == 'function') requestIdleCallback(task, { timeout: timeoutMs });
  else setTimeout(task);
}

let timezone: string | undefined;

/** The Temporal API's clock, where the browser has it (Chrome 144+, Firefox 139+). */
interface TemporalNow {
  Now: { timeZoneId(): string };
}

/**
 * The page's IANA time zone. `Temporal.Now.timeZoneId()` where there is one: the same zone as
 * `Intl.DateTimeFormat`'s default, without loading the locale data a page's first `Intl` formatter
 * loads (~80 ms at ×4 in Chromium 156: a long task in the middle of connecting; Temporal takes 0.1 ms).
 * Else through `Intl`.
 */
function readTimezone(): string {
  const temporal = (globalThis as { Temporal?: TemporalNow }).Temporal;
  return temporal ? temporal.Now.timeZoneId() : Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * What the page says about itself, read from globals when there are any (empty in Node). `timezone`
 * is read when first used (a transport sending it), not here: without Temporal, the first `Intl` call
 * of a page loads locale data (~150 ms on a slow phone), which must not weigh on the widget's start.
 */
export function pageInfo(): PageInfo {
  const { location, document, navigator, screen } = globalThis as Partial<typeof globalThis>;
  return {
    url: location?.href,
    referrer: document?.referrer || undefined,
    title: document?.title || undefined,
    userAgent: navigator?.userAgent,
    language: navigator?.language,
    get timezone() {
      return (timezone ??= readTimezone());
    },
    screen: screen && `${screen.width}x${screen.height}`,
  };
}
