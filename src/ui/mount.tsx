/** @jsxRuntime classic */
/** @jsx h */
/**
 * Puts the widget into a shadow root the embed layer made, and gives back the few run-time controls
 * the host API needs (theme, locale, unmount).
 *
 * Rendering: one `effect` renders the whole tree. Signals read during the (synchronous) render are
 * tracked, so any change of the chat or of the UI state renders again; Preact keeps the DOM, rows of
 * unchanged messages are skipped (list.tsx) and the composer is uncontrolled, so typing renders nothing.
 * DOM work that must follow a render (scroll position, focus) runs right after it, in the same effect.
 */
import { createRef, h, render } from 'preact';
import { effect, signal } from '@preact/signals-core';
import type { ParleyConfig } from '../core/config';
import type { Chat } from '../core/model';
import { createI18n } from './i18n';
import { createList } from './list';
import { cancel, launcher, panel } from './panel';
import { CSS } from './styles';
import { plain } from './text';
import { applyTheme, themeCss } from './theme';
import { keyOf, notice, who, type Target, type Ui } from './ui';

export interface WidgetView {
  setTheme(theme: ParleyConfig['theme']): void;
  setLocale(locale: string): void;
  unmount(): void;
}

/**
 * Renders the widget into `root` (an open shadow root) for `chat`: launcher + window (floating), or the
 * panel alone (inline). Open state is `chat.isOpen`; the panel mounts on first open and then stays
 * (hidden) so the draft and scroll position survive closing. Focus: opening moves it to the composer;
 * closing from inside the window returns it to the launcher. Escape cancels a reply/edit first, then
 * closes the window.
 *
 * Styles are one constructable stylesheet (no <style>, no style attribute: a strict CSP works): the
 * static rules, then the theme tokens and z-index. The visual viewport size (full-screen layout on
 * phones keeps the composer above the on-screen keyboard) is set on the container through the CSSOM.
 * The media queries and viewport are those of the root's window.
 */
export function mountWidget(root: ShadowRoot, chat: Chat, config: ParleyConfig): WidgetView {
  const doc = root.ownerDocument;
  const win = doc.defaultView as Window & typeof globalThis;
  // Sheets are adoptable only by the document whose window constructed them. The shadow root is
  // the widget's own (made for it by the embed layer): its one sheet is this one.
  const sheet = new win.CSSStyleSheet();
  root.adoptedStyleSheets = [sheet];

  let theme = applyTheme({}, config.theme);
  const dark = win.matchMedia('(prefers-color-scheme:dark)');
  const vv = win.visualViewport;
  let canvas: CanvasRenderingContext2D | null | undefined;
  // Any CSS colour (named, hsl...) to hex, through the browser, so it gets a readable text colour.
  const normalize = (c: string) => {
    if (!(canvas ??= doc.createElement('canvas').getContext('2d'))) return c;
    // Reset first: an unknown name leaves fillStyle unchanged.
    canvas.fillStyle = '#000';
    canvas.fillStyle = c;
    return canvas.fillStyle;
  };
  // The widget's container element: the viewport size is custom properties on it (inherited by the
  // widget; `all: initial` does not reset custom properties), set through the CSSOM on every resize
  // (cheap, and CSP-safe: only style attributes in markup are blocked).
  const host = doc.createElement('div');
  const fit = () => {
    if (vv) host.style.cssText = `--parley-vh:${vv.height}px;--parley-vt:${vv.offsetTop}px`;
  };
  // The whole sheet is rebuilt on a theme change (rare; parsing it takes well under a millisecond).
  const paint = () => sheet.replaceSync(CSS + themeCss(theme, dark.matches, config, normalize));
  const listen = (m: 'addEventListener' | 'removeEventListener') => {
    dark[m]('change', paint);
    vv?.[m]('resize', fit);
    vv?.[m]('scroll', fit);
  };
  listen('addEventListener');
  paint();
  fit();

  const overrides: Record<string, string> = { ...config.strings };
  for (const k of ['title', 'placeholder'] as const) if (config[k]) overrides[k] = config[k]!;
  const inline = config.mode === 'inline';
  const u: Ui = {
    chat,
    inline,
    l: signal(createI18n(config.locale ?? win.navigator.language, overrides)),
    tg: signal<Target | null>(null),
    box: createRef(),
  };
  const ln = createRef<HTMLButtonElement>();
  const [list, after] = createList(u);

  // The one place where new incoming messages are spoken: a visually hidden polite live region that
  // gets a paragraph per new agent/bot/system message (the chat's `message` event: live and new,
  // never history, cached or older pages, the visitor's own messages, receipts or edits), once. It
  // exists from mount, so the first message is announced too; it keeps the last three.
  // Kept as [key, words], not vnodes: a vnode kept across renders keeps the whole tree it was rendered in.
  const said = signal<string[][]>([]);
  const stopSaying = chat.on('message', (m) => {
    const { t } = u.l.peek();
    said.value = [...said.peek().slice(-2), [keyOf(m), notice(m, t) ?? `${who(m, t)}: ${plain(m.text)}`]];
  });

  let was = inline || chat.isOpen.peek();
  let mounted = was;
  const app = () => {
    const { dir, lang } = u.l.value;
    const open = inline || chat.isOpen.value;
    mounted ||= open;
    return (
      <div
        class={`pw${config.position === 'bottom-left' ? ' left' : ''}${inline ? '' : ' fx'}${open ? ' open' : ''}`}
        dir={dir}
        lang={lang}
        onKeyDown={(e) => {
          if (e.key !== 'Escape' || e.isComposing) return;
          if (u.tg.peek()) cancel(u);
          else if (open && !inline) chat.setOpen(false);
        }}
      >
        {!inline && launcher(u, ln)}
        {mounted && panel(u, config.subtitle, open, list())}
        <div class="sr" aria-live="polite">
          {said.value.map(([k, words]) => (
            <p key={k}>{words}</p>
          ))}
        </div>
      </div>
    );
  };
  // After a render (only peeks: nothing here is tracked).
  const focus = () => {
    const open = inline || chat.isOpen.peek();
    if (open && !was) (u.box.current ?? root.querySelector<HTMLElement>('.pn button'))?.focus();
    // Focus inside the shadow root that is not on the launcher is in the window being closed: this
    // runs before the browser moves focus out of the now hidden window.
    const active = root.activeElement;
    if (!open && was && active && active !== ln.current) ln.current?.focus();
    was = open;
  };

  root.append(host);
  // Inline, the conversation is always on screen: the chat counts it as open (unread, read receipts).
  if (inline) chat.setOpen(true);
  const stop = effect(() => {
    render(app(), host);
    after();
    focus();
  });

  return {
    setTheme(next) {
      theme = applyTheme(theme, next);
      paint();
    },
    setLocale(locale) {
      u.l.value = createI18n(locale, overrides);
    },
    unmount() {
      stop();
      stopSaying();
      if (inline) chat.setOpen(false);
      render(null, host);
      host.remove();
      listen('removeEventListener');
      root.adoptedStyleSheets = [];
    },
  };
}
