/**
 * What `dist/parley.js` fetches when a widget first needs it: the chat (`parley-chat.js`), its
 * window (`parley-ui.js`), the dictionaries of languages other than English and the token provider
 * for site tokens (here); the backend files are in registry.ts.
 */
import type { ParleyConfig } from '../core/config';
import { hasDictionary, resolveLocale } from '../ui/dictionaries';

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

/**
 * A part of the widget whose code may come in its own file: `provide` hands the code over (the file
 * when it runs; the npm element at once), `defer` says how to fetch the file.
 */
export interface DeferredCode<Code> {
  /** Fetches the code with `load` (once; after a failure, again the next time it is wanted). */
  defer(load: () => Promise<unknown>): void;
  /** The code is here (the first one given stays). */
  provide(code: Code): void;
  /** Whether the code is here. */
  has(): boolean;
  /** Undefined when the code is here; else a promise for when it is (its file is loading). */
  when(): Promise<unknown> | undefined;
  /** The code: call once `when()` has resolved. */
  get(): Code;
}

function deferredCode<Code>(): DeferredCode<Code> {
  let code: Code | undefined;
  let file: (() => Promise<unknown>) | undefined;
  return {
    defer: (load) => void (file = once(load)),
    provide: (given) => void (code ??= given),
    has: () => code !== undefined,
    when: () => (code ? undefined : file?.()),
    get: () => code!,
  };
}

/** What starts a chat (./start-chat.ts): in `dist/parley-chat.js`, or bundled (npm). */
export type StartChat = typeof import('./start-chat').startChat;
/** What shows a chat's window and launcher (../ui/mount.tsx): in `dist/parley-ui.js`, or bundled (npm). */
export type MountView = typeof import('../ui/mount').mountWidget;

/** The chat: its core, storage, tabs and the connection policy (`dist/parley-chat.js`). */
export const chatCode: DeferredCode<StartChat> = deferredCode();
/** The conversation window (`dist/parley-ui.js`): what a closed widget with nothing unread does not need. */
export const viewCode: DeferredCode<MountView> = deferredCode();
/** The tab election of browsers without Web Locks (`dist/parley-lease.js`, src/tabs/lease-on-demand.ts). */
export const leaseCode: DeferredCode<unknown> = deferredCode();
/** File bodies sent with upload progress (`dist/parley-bytes.js`, ./send-bytes-on-demand.ts): only for a widget that uploads. */
export const bytesCode: DeferredCode<typeof import('../transports/send-bytes').sendBytes> = deferredCode();

/**
 * Undefined when this browser has Web Locks (or no BroadcastChannel, so no tabs to elect among) or the
 * lease is here; else a promise for when it is (the chat starts after it).
 */
export const whenLease = (): Promise<unknown> | undefined =>
  typeof BroadcastChannel == 'function' && !navigator.locks ? leaseCode.when() : undefined;
