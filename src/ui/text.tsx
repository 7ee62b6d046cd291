/**
 * Safe rendering of message text. Remote text is parsed into tokens (pure, testable without a DOM) and
 * the tokens become Preact elements whose text is set as text nodes: nothing is ever parsed as HTML.
 *
 * Supported: links (http, https and mailto only; anything else, `javascript:` included, stays text),
 * `**bold**`, `_italic_`, `` `code` `` and line breaks.
 */
import { h, type ComponentChildren } from 'preact';

/**
 * One regex for every inline form; the leftmost match wins, so a URL containing `_` or `*` stays whole.
 * 1: code, 2: bold, 3: italic (not inside a word, so snake_case stays text), 4: link, else a line break.
 * A link starts at a word boundary (`xhttps:` is not one), runs over anything but spaces, quotes and
 * angle brackets, keeps balanced `(...)` groups, and does not end in punctuation (that is usually the
 * sentence's) or an unbalanced `)`. A bare scheme is not a link.
 */
const INLINE =
  /`([^`]+)`|\*\*(?=\S)(.*?\S)\*\*|(?<![\p{L}\p{N}_])_(?=\S)(.*?\S)_(?![\p{L}\p{N}_])|\b((?:https?:\/\/|mailto:)(?:[^\s<>"()]|\([^\s<>"()]*\))*(?:[^\s<>"().,;:!?'*_]|\([^\s<>"()]*\)))|\r?\n/giu;

/** The marked-up forms: `code`, bold (`b`), italic (`i`), a link, a line break (`br`). */
type Form = 'code' | 'b' | 'i' | 'link' | 'br';

/**
 * Splits message text into its plain runs (strings) and its marked-up parts, each made by `mk` from the
 * form's tag (`code`, `b`, `i`, `link` or `br`) and its content. Pure: the same text always gives the same parts.
 */
function parse<T>(text: string, make: (form: Form, content: string) => T): (string | T)[] {
  const parts: (string | T)[] = [];
  let at = 0;
  // `matchAll` iterates a copy of the regex, so the recursion for bold/italic content shares no `lastIndex`.
  // Every group is non-empty when it matches, so truthiness tells which form matched.
  for (const match of text.matchAll(INLINE)) {
    const [whole, code, bold, italic, url] = match;
    const form: Form = code ? 'code' : bold ? 'b' : italic ? 'i' : url ? 'link' : 'br';
    parts.push(text.slice(at, match.index), make(form, code || bold || italic || url || '\n'));
    at = match.index + whole.length;
  }
  parts.push(text.slice(at));
  // Drops the empty runs between adjacent matches.
  return parts.filter(Boolean);
}

/** Whether a form's content is parsed again (bold and italic) rather than kept as it is. */
const isNested = (form: Form) => form === 'b' || form === 'i';

/** A link that opens in a new tab without giving the page access to this one (`noreferrer` implies `noopener`). */
export const link = (href: string, text: string, className?: string) => (
  <a class={className} href={href} target="_blank" rel="noreferrer">
    {text}
  </a>
);

/**
 * Message text as Preact children: text nodes and a few safe elements (b, i, code, br, a). Only bold
 * and italic content is parsed again; code stays literal.
 */
export const rich = (text: string): ComponentChildren =>
  parse(text, (form, content) => {
    if (form === 'link') return link(content, content);
    if (form === 'br') return <br />;
    return h(form, null, isNested(form) ? rich(content) : content);
  });

/** Message text without markup, for announcements and reply previews. */
export const plain = (text: string): string => parse(text, (form, content) => (isNested(form) ? plain(content) : content)).join('');
