/**
 * Entry of `dist/parley.js` (IIFE, global `Parley` = this module's default export).
 *
 * Knows the built-in backends by name; a backend's code is its own file next to this one
 * (`parley-pocketping.js`, `parley-genesys.js`, `parley-pingstreams.js`, `parley-genesys-messaging.js`), fetched the first time a
 * widget uses it, so a page downloads the one backend it talks to. Likewise the strings of each
 * language but English (`parley-locale-fr.js`, ...) and the token provider for site tokens
 * (`parley-auth.js`), and the code that uploads files (`parley-bytes.js`). This file holds what a closed widget needs before its launcher shows (the API,
 * the element, config parsing, the launcher); the chat core, storage and tabs are `parley-chat.js`,
 * fetched when the browser is idle after `load` or at once when needed, and the conversation window
 * is `parley-ui.js`, fetched when first needed (./element.ts). Then defines `<parley-chat>`,
 * replays the calls queued by the pre-load stub
 * (`window.Parley=window.Parley||function(){(Parley.q=Parley.q||[]).push(arguments)}`) in order,
 * and initialises from its own tag's `data-*` attributes when `data-backend` is there (unless a
 * queued `init` already did). Loaded twice, the first copy stays in charge.
 */
import { createParley, type ParleyApi } from './api';
import { toConfig } from './attributes';
import { ParleyError } from '../core/errors';
import { defineParley } from './element';
import { bytesCode, chatCode, deferAuth, deferDictionary, leaseCode, viewCode } from './deferred';
import ON_DEMAND from './on-demand.json';
import { deferBackend, isRegistered } from './registry';
import { hasDictionary } from '../ui/dictionaries';
import { shared } from './shared';

const page = window as unknown as { Parley?: ParleyApi & { q?: IArguments[] } };
const stub = page.Parley;

/** Under Trusted Types (a CSP with `require-trusted-types-for 'script'`): the policy for Parley's own files. */
let policy: { createScriptURL(url: string): unknown } | undefined;

/**
 * Runs `parley-<name>.js` from this script's folder, with this script's query (`parley.js?v=2`:
 * the same version of every file); resolves once `done()` says it brought what it should. A file
 * that is missing, or answered with a page (SPA hosts do), or from another Parley version is a
 * `network` error naming the URL (and the next widget that needs it tries again).
 */
function load(name: string, me: HTMLScriptElement | null, done: () => unknown) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    // (Without `me`, e.g. loaded as a module, relative to the page, and without the page's query.)
    const url = me ? new URL(`parley-${name}.js` + new URL(me.src).search, me.src).href : new URL(`parley-${name}.js`, document.baseURI).href;
    const fail = () => {
      script.remove();
      reject(new ParleyError('network', `Could not load ${url}`));
    };
    script.src = (policy ? policy.createScriptURL(url) : url) as string;
    // Fetched at once, run in the order asked for: the window's file, asked for with the chat's, needs
    // what the chat's brings (its shared modules on `Parley._k`).
    script.async = false;
    // A page with a nonce-based CSP allowed this script by its nonce: the files it fetches get it too.
    script.nonce = me?.nonce || '';
    script.onload = () => (done() ? resolve(0) : fail());
    script.onerror = fail;
    document.head.append(script);
  });
}

function boot(): ParleyApi {
  const me = document.currentScript as HTMLScriptElement | null;
  const data = me?.dataset;
  const queued = stub?.q ?? [];
  try {
    // Only Parley's own code holds the policy: it creates URLs of its own files and nothing else.
    policy = (window as { trustedTypes?: { createPolicy(name: string, rules: object): typeof policy } }).trustedTypes?.createPolicy('parley', {
      createScriptURL: (url: string) => url,
    });
  } catch {
    // A CSP `trusted-types` list without `parley`: loading reports the refused URL.
  }
  chatCode.defer(() => load('chat', me, chatCode.has));
  viewCode.defer(() => load('ui', me, viewCode.has));
  leaseCode.defer(() => load('lease', me, leaseCode.has));
  bytesCode.defer(() => load('bytes', me, bytesCode.has));
  for (const name of ON_DEMAND.backends) deferBackend(name, () => load(name, me, () => isRegistered(name)));
  for (const lang of ON_DEMAND.locales) deferDictionary(lang, () => load('locale-' + lang, me, () => hasDictionary(lang)));
  deferAuth(() => load('auth', me, () => 'createTokenProvider' in shared));
  defineParley();
  // Visible at once, so a handler running during the replay already talks to the real API.
  const api = (page.Parley = createParley());
  api._k = shared;
  queued.map((args) => api(...(args as unknown as [string])));
  if (data?.backend && !queued.some((args) => args[0] == 'init')) api.init(toConfig(Object.entries(data) as [string, string][]));
  return api;
}

export default stub?.version ? stub : boot();
