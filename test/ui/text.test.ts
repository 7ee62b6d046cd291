import { describe, expect, it } from 'vitest';
import { parseText, plainText, type Token } from '../../src/ui/text';

const links = (tokens: Token[]): string[] =>
  tokens.flatMap((k) => (k.t === 'link' ? [k.href] : 'c' in k ? links(k.c) : []));

describe('message text parsing', () => {
  it('keeps plain text as one text token', () => {
    expect(parseText('Hello there')).toEqual([{ t: 'text', v: 'Hello there' }]);
  });

  it('keeps HTML as literal text, never as markup', () => {
    const tokens = parseText('<img src=x onerror=alert(1)> <b>hi</b>');
    expect(tokens).toEqual([{ t: 'text', v: '<img src=x onerror=alert(1)> <b>hi</b>' }]);
  });

  it('links http, https and mailto addresses', () => {
    const tokens = parseText('See https://example.com/a?b=1 or http://x.org and mailto:help@example.com');
    expect(links(tokens)).toEqual(['https://example.com/a?b=1', 'http://x.org', 'mailto:help@example.com']);
    expect(tokens[1]).toEqual({ t: 'link', v: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' });
  });

  it('does not link javascript:, data: or other schemes', () => {
    for (const text of ['javascript:alert(1)', 'JavaScript:alert(document.cookie)', 'data:text/html,<script>1</script>', 'vbscript:x', 'file:///etc/passwd', 'ftp://host/x']) {
      const tokens = parseText(text);
      expect(links(tokens)).toEqual([]);
      expect(plainText(tokens)).toBe(text);
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
    expect(parseText('javascript:https://ok.example')[0]).toEqual({ t: 'text', v: 'javascript:' });
  });

  it('leaves sentence punctuation and unbalanced brackets outside links', () => {
    expect(links(parseText('Go to https://example.com/docs.'))).toEqual(['https://example.com/docs']);
    expect(links(parseText('(see https://example.com/x)'))).toEqual(['https://example.com/x']);
    expect(links(parseText('https://en.wikipedia.org/wiki/Foo_(bar), ok'))).toEqual(['https://en.wikipedia.org/wiki/Foo_(bar)']);
    expect(plainText(parseText('Go to https://example.com/docs.'))).toBe('Go to https://example.com/docs.');
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
      { t: 'text', v: 'a ' },
      { t: 'b', c: [{ t: 'text', v: 'b' }] },
      { t: 'text', v: ' ' },
      { t: 'i', c: [{ t: 'text', v: 'c' }] },
      { t: 'text', v: ' ' },
      { t: 'code', v: 'd' },
    ]);
  });

  it('nests italic and links inside bold', () => {
    expect(parseText('**see _this_ https://x.io**')).toEqual([
      {
        t: 'b',
        c: [
          { t: 'text', v: 'see ' },
          { t: 'i', c: [{ t: 'text', v: 'this' }] },
          { t: 'text', v: ' ' },
          { t: 'link', v: 'https://x.io', href: 'https://x.io' },
        ],
      },
    ]);
  });

  it('keeps code literal: no markup and no links inside', () => {
    expect(parseText('`**x** https://a.b`')).toEqual([{ t: 'code', v: '**x** https://a.b' }]);
  });

  it('leaves snake_case words and lone markers alone', () => {
    expect(parseText('my_var_name and 2 * 3 ** 4')).toEqual([{ t: 'text', v: 'my_var_name and 2 * 3 ** 4' }]);
    expect(parseText('** not bold **')).toEqual([{ t: 'text', v: '** not bold **' }]);
  });

  it('keeps underscores that are part of a URL', () => {
    expect(links(parseText('_https://x.io/a_b_c_'))).toEqual(['https://x.io/a_b_c']);
    expect(links(parseText('https://x.io/_private_/y'))).toEqual(['https://x.io/_private_/y']);
  });

  it('turns line breaks into br tokens', () => {
    expect(parseText('one\ntwo\r\n\nthree')).toEqual([
      { t: 'text', v: 'one' },
      { t: 'br' },
      { t: 'text', v: 'two' },
      { t: 'br' },
      { t: 'br' },
      { t: 'text', v: 'three' },
    ]);
  });

  it('gives the text without markup for announcements', () => {
    expect(plainText(parseText('**Hi** _there_\nsee `x`'))).toBe('Hi there\nsee x');
  });
});
