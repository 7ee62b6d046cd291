import { describe, expect, it } from 'vitest';
import type { VNode } from 'preact';
import { plain, rich } from '../../src/ui/text';

/** What the rendered message shows: text runs, and elements with their tag, href (links) and content. */
type Tok = string | { t: string; href?: string; c: Tok[] };

type El = VNode<{ href?: string; children?: unknown }>;

/** Rendered children reduced to text runs and `{ t: tag, href?, c: children }` (empty runs dropped). */
const tree = (children: unknown): Tok[] =>
  [children].flat(Infinity).flatMap((k): Tok[] => {
    if (typeof k == 'string') return k ? [k] : [];
    if (!k || typeof k != 'object') return [];
    const { type, props } = k as El;
    return [{ t: type as string, ...(props.href !== undefined && { href: props.href }), c: tree(props.children) }];
  });

/** Message text as rendered: never HTML, only text and the few safe elements. */
const parseText = (text: string): Tok[] => tree(rich(text));

const links = (tokens: Tok[]): string[] =>
  tokens.flatMap((k) => (typeof k == 'string' ? [] : k.href !== undefined ? [k.href] : links(k.c)));

describe('message text parsing', () => {
  it('keeps plain text as one text token', () => {
    expect(parseText('Hello there')).toEqual(['Hello there']);
  });

  it('keeps HTML as literal text, never as markup', () => {
    const tokens = parseText('<img src=x onerror=alert(1)> <b>hi</b>');
    expect(tokens).toEqual(['<img src=x onerror=alert(1)> <b>hi</b>']);
  });

  it('links http, https and mailto addresses', () => {
    const tokens = parseText('See https://example.com/a?b=1 or http://x.org and mailto:help@example.com');
    expect(links(tokens)).toEqual(['https://example.com/a?b=1', 'http://x.org', 'mailto:help@example.com']);
    expect(tokens[1]).toEqual({ t: 'a', href: 'https://example.com/a?b=1', c: ['https://example.com/a?b=1'] });
  });

  it('opens links in a new tab without giving the page access to this one', () => {
    const [a] = [rich('https://x.io')].flat() as El[];
    expect(a.props).toMatchObject({ href: 'https://x.io', target: '_blank', rel: 'noreferrer' });
  });

  it('does not link javascript:, data: or other schemes', () => {
    for (const text of ['javascript:alert(1)', 'JavaScript:alert(document.cookie)', 'data:text/html,<script>1</script>', 'vbscript:x', 'file:///etc/passwd', 'ftp://host/x']) {
      expect(links(parseText(text))).toEqual([]);
      expect(plain(text)).toBe(text);
    }
  });

  it('only ever produces http, https or mailto hrefs, whatever the input', () => {
    const hostile = [
      'javascript:alert(1)//https://x.io',
      'https://x.io/"><script>alert(1)</script>',
      'mailto:a@b.c?subject=<img src=x>',
      'HTTPS://EXAMPLE.COM/A',
      '**[x](javascript:alert(1))** _data:text/html,x_ `https://in.code`',
      'http://a.b\u0000javascript:x',
      'https://ok.io/\njavascript:alert(1)',
    ];
    for (const text of hostile)
      for (const href of links(parseText(text))) expect(href).toMatch(/^(https?:\/\/|mailto:)[^\s<>"]+$/i);
  });

  it('does not link a scheme glued to a longer word', () => {
    expect(links(parseText('xhttps://evil.example'))).toEqual([]);
    // The https part is its own safe link; the javascript: prefix stays text.
    expect(links(parseText('javascript:https://ok.example'))).toEqual(['https://ok.example']);
    expect(parseText('javascript:https://ok.example')[0]).toBe('javascript:');
  });

  it('leaves sentence punctuation and unbalanced brackets outside links', () => {
    expect(links(parseText('Go to https://example.com/docs.'))).toEqual(['https://example.com/docs']);
    expect(links(parseText('(see https://example.com/x)'))).toEqual(['https://example.com/x']);
    expect(links(parseText('https://en.wikipedia.org/wiki/Foo_(bar), ok'))).toEqual(['https://en.wikipedia.org/wiki/Foo_(bar)']);
    expect(plain('Go to https://example.com/docs.')).toBe('Go to https://example.com/docs.');
  });

  it('does not link a bare scheme', () => {
    expect(links(parseText('type https:// then the host'))).toEqual([]);
  });

  it('stops links at quotes and angle brackets', () => {
    expect(links(parseText('"https://example.com/a"onmouseover=x'))).toEqual(['https://example.com/a']);
    expect(links(parseText('<https://example.com/b>'))).toEqual(['https://example.com/b']);
  });

  it('renders **bold**, _italic_ and `code`', () => {
    expect(parseText('a **b** _c_ `d`')).toEqual([
      'a ',
      { t: 'b', c: ['b'] },
      ' ',
      { t: 'i', c: ['c'] },
      ' ',
      { t: 'code', c: ['d'] },
    ]);
  });

  it('nests italic and links inside bold', () => {
    expect(parseText('**see _this_ https://x.io**')).toEqual([
      {
        t: 'b',
        c: [
          'see ',
          { t: 'i', c: ['this'] },
          ' ',
          { t: 'a', href: 'https://x.io', c: ['https://x.io'] },
        ],
      },
    ]);
  });

  it('keeps code literal: no markup and no links inside', () => {
    expect(parseText('`**x** https://a.b`')).toEqual([{ t: 'code', c: ['**x** https://a.b'] }]);
  });

  it('leaves snake_case words and lone markers alone', () => {
    expect(parseText('my_var_name and 2 * 3 ** 4')).toEqual(['my_var_name and 2 * 3 ** 4']);
    expect(parseText('** not bold **')).toEqual(['** not bold **']);
  });

  it('keeps underscores that are part of a URL', () => {
    expect(links(parseText('_https://x.io/a_b_c_'))).toEqual(['https://x.io/a_b_c']);
    expect(links(parseText('https://x.io/_private_/y'))).toEqual(['https://x.io/_private_/y']);
  });

  it('turns line breaks into br tokens', () => {
    expect(parseText('one\ntwo\r\n\nthree')).toEqual([
      'one',
      { t: 'br', c: [] },
      'two',
      { t: 'br', c: [] },
      { t: 'br', c: [] },
      'three',
    ]);
  });

  it('gives the text without markup for announcements', () => {
    expect(plain('**Hi** _there_\nsee `x`')).toBe('Hi there\nsee x');
  });
});
