/** @jsxRuntime classic */
/** @jsx h */
/**
 * Safe rendering of message text. Remote text is parsed into tokens (pure, testable without a DOM) and
 * the tokens become Preact elements whose text is set as text nodes: nothing is ever parsed as HTML.
 *
 * Supported: links (http, https and mailto only; anything else, `javascript:` included, stays text),
 * `**bold**`, `_italic_`, `` `code` `` and line breaks.
 */
import { h, type ComponentChildren } from 'preact';

export type Token =
  | { t: 'text'; v: string }
  | { t: 'br' }
  | { t: 'code'; v: string }
  | { t: 'link'; v: string; href: string }
  | { t: 'b' | 'i'; c: Token[] };

/**
 * One regex for every inline form; the leftmost match wins, so a URL containing `_` or `*` stays whole.
 * 1: code, 2: bold, 3: italic (not inside a word, so snake_case stays text), 4: link, else a line break.
 * A link starts at a word boundary (`xhttps:` is not one), runs over anything but spaces, quotes and
 * angle brackets, keeps balanced `(...)` groups, and does not end in punctuation (that is usually the
 * sentence's) or an unbalanced `)`. A bare scheme is not a link.
 */
const INLINE =
  /`([^`]+)`|\*\*(?=\S)(.*?\S)\*\*|(?<![\p{L}\p{N}_])_(?=\S)(.*?\S)_(?![\p{L}\p{N}_])|\b((?:https?:\/\/|mailto:)(?:[^\s<>"()]|\([^\s<>"()]*\))*(?:[^\s<>"().,;:!?'*_]|\([^\s<>"()]*\)))|\r?\n/giu;

/** Parses message text into tokens. Pure: the same text always gives the same tokens. */
export function parseText(text: string): Token[] {
  const out: Token[] = [];
  let at = 0;
  const push = (v: string) => v && out.push({ t: 'text', v });
  // A fresh regex per call: the recursion for bold/italic content must not share `lastIndex`.
  for (const m of text.matchAll(new RegExp(INLINE))) {
    push(text.slice(at, m.index));
    const [, code, bold, italic, url] = m;
    out.push(
      code !== undefined
        ? { t: 'code', v: code }
        : bold !== undefined
          ? { t: 'b', c: parseText(bold) }
          : italic !== undefined
            ? { t: 'i', c: parseText(italic) }
            : url
              ? { t: 'link', v: url, href: url }
              : { t: 'br' },
    );
    at = m.index + m[0].length;
  }
  push(text.slice(at));
  return out;
}

/** Plain text of tokens (markup removed), for announcements and reply previews. */
export function plainText(tokens: Token[]): string {
  return tokens.map((k) => (k.t === 'br' ? '\n' : 'c' in k ? plainText(k.c) : k.v)).join('');
}

/** A link that opens in a new tab without giving the page access to this one. */
export const link = (href: string, text: string, cls?: string) => (
  <a class={cls} href={href} target="_blank" rel="noopener noreferrer">
    {text}
  </a>
);

const render = (tokens: Token[]): ComponentChildren =>
  tokens.map((k) => (k.t === 'text' ? k.v : k.t === 'link' ? link(k.href, k.v) : h(k.t, null, 'c' in k ? render(k.c) : 'v' in k && k.v)));

/** Message text as Preact children (text nodes and a few safe elements: b, i, code, br, a). */
export const rich = (text: string) => render(parseText(text));

/** Message text without markup, for announcements and reply previews. */
export const plain = (text: string) => plainText(parseText(text));
