/**
 * What `dist/parley.js` fetches when a widget first needs it: the backend files (registry.ts), the
 * dictionaries of languages other than English and the token provider for site tokens (here).
 */
import type { ParleyConfig } from '../core/config';
import { hasDictionary, resolveLocale } from '../ui/i18n';

/** `load`, run once when first wanted; after a failure, run again the next time. */
export function once(load: () => Promise<unknown>): () => Promise<unknown> {
  let loading: Promise<unknown> | undefined;
  return () =>
    (loading ??= load().catch((e) => {
      loading = undefined;
      throw e;
    }));
}

const dictionaries: Record<string, () => Promise<unknown>> = Object.create(null);

/** The dictionary of `lang` comes from `load` (which calls `addDictionary`) when a widget first speaks it. */
export const deferDictionary = (lang: string, load: () => Promise<unknown>): unknown => (dictionaries[lang] = once(load));

/** Undefined when the strings for `locale` are at hand (or none ship for it); else a promise for when they are. */
export function whenDictionary(locale: string): Promise<unknown> | undefined {
  const lang = resolveLocale(locale);
  return hasDictionary(lang) ? undefined : dictionaries[lang]?.();
}

let auth: (() => Promise<unknown>) | undefined;

/** The token provider comes from `load` (./auth.ts) when a widget first needs site tokens. */
export const deferAuth = (load: () => Promise<unknown>): unknown => (auth = once(load));

/**
 * Undefined when the config asks for no site tokens (backend options `auth`, or Pingstreams'
 * shorthand `tokenUrl`) or nothing is deferred (npm); else a promise for when the token provider is here.
 */
export const whenAuth = ({ options: o }: ParleyConfig): Promise<unknown> | undefined => ((o.auth ?? o.tokenUrl) != null ? auth?.() : undefined);

/** What runs a widget (./start.ts): in `dist/parley-widget.js`, or bundled (npm). */
export type StartWidget = typeof import('./start').startWidget;

let starter: StartWidget | undefined;
let widgetFile: (() => Promise<unknown>) | undefined;

/** The chat and its UI come from `load` (`dist/parley-widget.js`, which calls `provideWidget`). */
export const deferWidget = (load: () => Promise<unknown>): unknown => (widgetFile = once(load));

/** Makes the chat and its UI available (the widget file when it runs; the npm element at once). */
export const provideWidget = (start: StartWidget): unknown => (starter ||= start);

/** Whether the chat and its UI are here. */
export const hasWidget = (): boolean => !!starter;

/** Undefined when the chat and its UI are here; else a promise for when they are (their file is loading). */
export const whenWidget = (): Promise<unknown> | undefined => (starter ? undefined : widgetFile?.());

/** The chat and its UI: call once `whenWidget()` has resolved. */
export const startWidget: StartWidget = (...args) => starter!(...args);
