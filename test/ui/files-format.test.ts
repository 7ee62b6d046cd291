import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatSize, safeFileUrl } from '../../src/ui/files/format';

afterEach(() => vi.unstubAllGlobals());

describe('file URLs the widget requests or links', () => {
  it('are http and https only for files of others', () => {
    expect(safeFileUrl('https://cdn.example.com/a.png', false)).toBe('https://cdn.example.com/a.png');
    expect(safeFileUrl('http://127.0.0.1:8080/files/1', false)).toBe('http://127.0.0.1:8080/files/1');
    for (const url of ['javascript:alert(1)', 'data:image/png;base64,AAAA', 'file:///etc/passwd', '//cdn.example.com/a.png', 'blob:https://site.example/1', ''])
      expect(safeFileUrl(url, false), url).toBeUndefined();
  });

  it('and a blob: URL of this page for the visitor\u2019s own upload (never another origin\u2019s)', () => {
    vi.stubGlobal('location', new URL('https://site.example/shop'));
    expect(safeFileUrl('blob:https://site.example/3f0c', true)).toBe('blob:https://site.example/3f0c');
    expect(safeFileUrl('blob:https://evil.example/3f0c', true)).toBeUndefined();
    expect(safeFileUrl('javascript:alert(1)', true)).toBeUndefined();
    expect(safeFileUrl(undefined, true)).toBeUndefined();
  });
});

describe('file sizes', () => {
  it('read in the visitor\u2019s language, in decimal units', () => {
    expect(formatSize(900, 'en')).toBe('900 byte');
    expect(formatSize(2048, 'en')).toBe('2 kB');
    expect(formatSize(10 * 1000 * 1000, 'en')).toBe('10 MB');
    expect(formatSize(1_500_000, 'de')).toBe('1,5 MB');
  });
});
