/**
 * The launcher `dist/parley.js` shows at once, before the conversation window (`dist/parley-ui.js`)
 * is here: the same round button as ../ui/components/Launcher.tsx (name, place, size, colours), in
 * plain DOM so the launcher path carries no renderer. The real launcher takes its place when the
 * window mounts (the swap keeps keyboard focus); a click meanwhile asks for the chat and the window
 * at once, and pointing at it or focusing it fetches their code ahead.
 */
import type { ParleyConfig } from '../core/config';
import { DEFAULT_PRIMARY, onPrimary } from '../ui/theme';
import { languages, launcherName } from '../ui/dictionaries';
import { CHAT_ICON } from '../ui/icon-paths';

/** The launcher's rules of ../ui/styles.ts (place, size, shape), self-contained. */
const LAUNCHER_CSS =
  '.launcher{all:initial;position:fixed;bottom:var(--parley-offset,20px);right:var(--parley-offset,20px);display:grid;padding:20px;border-radius:99px;' +
  'cursor:pointer;box-shadow:var(--parley-shadow,0 8px 32px #0003)}' +
  '.left{right:auto;left:var(--parley-offset,20px)}' +
  ':focus-visible{outline:2px solid;outline-offset:2px}' +
  'svg{width:20px;scale:1.4;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}';

const SVG = 'http://www.w3.org/2000/svg';

/**
 * The language subtag of a locale (`fr-CA` → `fr`), read without `Intl`: a page's first `Intl` call
 * loads locale data, which the launcher must not wait for. (An unknown one gets English.)
 */
function languageOf(locale: string): string {
  const language = locale.split(/[-_]/)[0]!.toLowerCase();
  return languages.includes(language) ? language : 'en';
}

/** The brand colour the widget will use: the theme's `primary` token, else `primaryColor`, else the default. */
const primaryOf = ({ theme, primaryColor }: ParleyConfig): string =>
  (typeof theme == 'object' && (theme.primary ?? theme['--parley-primary'])) || primaryColor || DEFAULT_PRIMARY;

/** Names the launcher in `language` (a shipped one) when its strings are here, else in English. */
export function nameLauncher(button: HTMLElement, language: string): void {
  button.setAttribute('aria-label', launcherName(language));
}

/**
 * Shows the launcher in `root` (the element's shadow root) for `config`, in the page's language when
 * its strings are here (else English until the widget starts); `onOpen` runs on click. Returns the
 * button, to be removed when the widget starts.
 */
export function showLauncher(root: ShadowRoot, config: ParleyConfig, onOpen: () => void): HTMLButtonElement {
  const doc = root.ownerDocument;
  const sheet = new (doc.defaultView as Window & typeof globalThis).CSSStyleSheet();
  sheet.replaceSync(LAUNCHER_CSS);
  root.adoptedStyleSheets = [sheet];
  const button = doc.createElement('button');
  button.className = config.position == 'bottom-left' ? 'launcher left' : 'launcher';
  nameLauncher(button, languageOf(config.locale ?? navigator.language));
  button.setAttribute('aria-expanded', 'false');
  // Through the CSSOM (allowed under a strict CSP; a value the browser refuses is simply not set).
  const primary = primaryOf(config);
  button.style.background = primary;
  button.style.color = onPrimary(primary);
  button.style.zIndex = '' + config.zIndex;
  const svg = doc.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = svg.appendChild(doc.createElementNS(SVG, 'path'));
  path.setAttribute('d', CHAT_ICON);
  button.append(svg);
  button.onclick = onOpen;
  root.append(button);
  return button;
}
