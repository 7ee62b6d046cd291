/**
 * Puts the widget into a shadow root the embed layer made, and gives back the few run-time controls
 * the host API needs (theme, locale, unmount).
 *
 * Rendering: the tree is rendered once. Its components read the chat's signals (@preact/signals), so
 * a change re-renders only the components that show it, and text bound to a signal (the connection
 * status) updates without any render; rows of unchanged messages are skipped (./components/MessageRow.tsx)
 * and the composer is uncontrolled, so typing renders nothing.
 */
import { createRef, render } from 'preact';
import { signal } from '@preact/signals';
import { NOTIFICATIONS_DEFAULTS, type ParleyConfig } from '../core/config';
import type { Chat } from '../core/model';
import type { Message } from '../core/types';
import { Widget } from './components/Widget';
import { createI18n } from './i18n';
import { browserEnvironment, startNotifications } from './notify';
import type { WidgetState, ComposeTarget } from './state';
import { CSS } from './styles';
import { applyTheme, refuseToken, themeCss, type ThemeState } from './theme';
import { keepDraft, type DraftStorage } from './draft';

/** How the embed layer mounts the window (npm `mount` leaves them out). */
export interface MountControls {
  /**
   * The visitor asked to open the window before it was here: it opens right after mounting, and
   * focus moves into it as on any open. (Without it, a window that mounts open, e.g. restored after
   * a reload, leaves focus where it is.)
   */
  focusOnOpen?: boolean;
  /**
   * Messages that arrived live (the chat's `message` event) while the window was not mounted yet:
   * they are announced and notified as if the window had been there (the history is not).
   */
  arrivedBefore?: readonly Message[];
  /**
   * The visitor is about to open it (the pointer rests on the launcher): the window is rendered now,
   * hidden, so that opening only shows it.
   */
  renderAhead?: boolean;
  /**
   * Where this tab keeps the composer's draft across reloads and navigations (a sessionStorage key, one per
   * conversation namespace); without it the draft lives as long as the page.
   */
  draftKey?: string;
}

export interface WidgetView {
  setTheme(theme: ParleyConfig['theme']): void;
  setLocale(locale: string): void;
  unmount(): void;
}


/**
 * Renders the widget into `root` (an open shadow root) for `chat`: launcher + window (floating), or the
 * panel alone (inline). Open state is `chat.isOpen`.
 *
 * Styles are one constructable stylesheet (no <style>, no style attribute: a strict CSP works): the
 * static rules, then the theme tokens and z-index. The visual viewport size (full-screen layout on
 * phones keeps the composer above the on-screen keyboard) is set on the container through the CSSOM.
 * The media queries and viewport are those of the root's window.
 */
export function mountWidget(root: ShadowRoot, chat: Chat, config: ParleyConfig, controls: MountControls = {}): WidgetView {
  const doc = root.ownerDocument;
  const win = doc.defaultView as Window & typeof globalThis;
  // Sheets are adoptable only by the document whose window constructed them. The shadow root is
  // the widget's own (made for it by the embed layer): its one sheet is this one.
  const sheet = new win.CSSStyleSheet();
  root.adoptedStyleSheets = [sheet];

  let theme: ThemeState = applyTheme({}, config.theme, refuseToken);
  const darkScheme = win.matchMedia('(prefers-color-scheme:dark)');
  const viewport = win.visualViewport;
  let canvas: CanvasRenderingContext2D | null | undefined;
  // Any CSS colour (named, hsl...) to hex, through the browser, so it gets a readable text colour. Hex as
  // the browser writes it (the default colour, most sites' brand colour) is kept as is: no canvas (a few ms at mount).
  const normalizeColor = (color: string) => {
    if (/^#[\da-f]{6}$/.test(color)) return color;
    if (!(canvas ??= doc.createElement('canvas').getContext('2d'))) return color;
    // Reset first: an unknown name leaves fillStyle unchanged.
    canvas.fillStyle = '#000';
    canvas.fillStyle = color;
    return canvas.fillStyle;
  };
  // The widget's container element: the viewport size is custom properties on it (inherited by the
  // widget; `all: initial` does not reset custom properties), set through the CSSOM on every resize
  // (cheap, and CSP-safe: only style attributes in markup are blocked).
  const container = doc.createElement('div');
  const fitViewport = () => {
    if (viewport) container.style.cssText = `--parley-vh:${viewport.height}px;--parley-vt:${viewport.offsetTop}px`;
  };
  // The whole sheet is rebuilt on a theme change (rare; parsing it takes well under a millisecond).
  const paint = () => sheet.replaceSync(CSS + themeCss(theme, darkScheme.matches, config, normalizeColor));
  const listen = (method: 'addEventListener' | 'removeEventListener') => {
    darkScheme[method]('change', paint);
    viewport?.[method]('resize', fitViewport);
    viewport?.[method]('scroll', fitViewport);
  };
  listen('addEventListener');
  paint();
  // In the next frame: reading the viewport's size now would force a layout of the host page in the
  // middle of the mount (until then, phones fall back to the full layout viewport).
  const firstFit = win.requestAnimationFrame(fitViewport);

  const overrides: Record<string, string> = { ...config.strings };
  if (config.title) overrides.title = config.title;
  if (config.placeholder) overrides.placeholder = config.placeholder;
  const inline = config.mode === 'inline';
  const state: WidgetState = {
    chat,
    inline,
    subtitle: config.subtitle,
    preChat: config.preChat,
    startsOpen: inline || (chat.isOpen.peek() && !controls.focusOnOpen),
    renderAhead: controls.renderAhead,
    arrivedBefore: controls.arrivedBefore ?? [],
    i18n: signal(createI18n(config.locale ?? win.navigator.language, overrides)),
    composeTarget: signal<ComposeTarget | null>(null),
    composer: createRef(),
    launcher: createRef(),
  };
  if (controls.draftKey) {
    let storage: DraftStorage | undefined;
    try {
      storage = win.sessionStorage;
    } catch {
      // Storage blocked (a sandboxed frame, a privacy setting): the draft lives as long as the page.
    }
    state.draft = keepDraft(state, storage, controls.draftKey);
  }
  state.notifications = startNotifications(chat, config.notifications ?? NOTIFICATIONS_DEFAULTS, state.i18n, browserEnvironment(win), state.arrivedBefore);

  root.append(container);
  // Inline, the conversation is always on screen: the chat counts it as open (unread, read receipts).
  if (inline) chat.setOpen(true);
  render(<Widget state={state} left={config.position === 'bottom-left'} />, container);

  return {
    setTheme(next) {
      theme = applyTheme(theme, next, refuseToken);
      paint();
    },
    setLocale(locale) {
      state.i18n.value = createI18n(locale, overrides);
    },
    unmount() {
      if (inline) chat.setOpen(false);
      render(null, container);
      state.notifications?.stop();
      state.draft?.stop();
      container.remove();
      win.cancelAnimationFrame(firstFit);
      listen('removeEventListener');
      root.adoptedStyleSheets = [];
    },
  };
}
