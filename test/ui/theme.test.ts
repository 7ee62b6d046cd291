import { describe, expect, it } from 'vitest';
import { applyTheme, contrast, onPrimary, parseColor, SCHEMES, themeCss, tokenProblem, type ThemeState } from '../../src/ui/theme';

const rgb = (c: string) => {
  const v = parseColor(c);
  if (!v) throw new Error('not a colour: ' + c);
  return v;
};
const ratio = (a: string, b: string) => contrast(rgb(a), rgb(b));
const state: ThemeState = { scheme: 'light' };
const config = { zIndex: 1000 };

describe('colour contrast', () => {
  it('computes WCAG ratios', () => {
    expect(ratio('#000', '#fff')).toBeCloseTo(21, 5);
    expect(ratio('#fff', '#fff')).toBeCloseTo(1, 5);
    expect(ratio('#777', '#fff')).toBeCloseTo(4.48, 2);
  });

  it('parses 3- and 6-digit hex and rejects anything else', () => {
    expect(parseColor('#0af')).toEqual([0, 170, 255]);
    expect(parseColor(' #2563EB ')).toEqual([37, 99, 235]);
    for (const bad of ['red', '#12345', '#ggg', 'rgb(1,2,3)', '#abcdez', '']) expect(parseColor(bad)).toBeUndefined();
  });
});

describe('primary colour text', () => {
  // Every 6th step of each channel: 216 colours, light, dark, saturated and the hard mid-tones.
  const steps = ['00', '33', '66', '99', 'cc', 'ff'];
  const primaries = steps.flatMap((r) => steps.flatMap((g) => steps.map((b) => `#${r}${g}${b}`)));
  primaries.push('#2563eb', '#ff6600', '#777777', '#767676', '#7f7f7f', '#808080', '#ffeb3b', '#00bcd4', '#e91e63', '#4caf50', '#ff9800', '#9c27b0');

  it('is readable (at least 4.5:1) on every primary colour', () => {
    for (const p of primaries) expect(ratio(p, onPrimary(p)), `${onPrimary(p)} on ${p}`).toBeGreaterThanOrEqual(4.5);
  });

  it('is white on dark and saturated colours, black on light ones', () => {
    expect(onPrimary('#2563eb')).toBe('#fff');
    expect(onPrimary('#767676')).toBe('#fff');
    expect(onPrimary('#777777')).toBe('#000');
    expect(onPrimary('#ffeb3b')).toBe('#000');
    expect(onPrimary('#ff6600')).toBe('#000');
  });
});

describe('colour schemes', () => {
  it('meet WCAG AA for every text colour on every background in light and dark', () => {
    for (const [name, s] of Object.entries(SCHEMES))
      for (const bg of [s.bg!, s.surface!])
        for (const fg of [s.text!, s.muted!, s.danger!]) expect(ratio(fg, bg), `${name}: ${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
  });

  it('follows the OS preference in auto and ignores it when fixed', () => {
    expect(themeCss({ ...state, scheme: 'auto' }, true, config)).toContain(`--parley-bg:${SCHEMES.dark.bg}`);
    expect(themeCss({ ...state, scheme: 'auto' }, false, config)).toContain(`--parley-bg:${SCHEMES.light.bg}`);
    expect(themeCss({ ...state, scheme: 'light' }, true, config)).toContain('color-scheme:light');
    expect(themeCss({ ...state, scheme: 'dark' }, false, config)).toContain('color-scheme:dark');
  });

  it('writes the primary colour, its text colour and the z-index as custom properties', () => {
    const css = themeCss(state, false, { primaryColor: '#ffeb3b', zIndex: 42 });
    expect(css).toMatch(/^:host\{.*\}$/);
    expect(css).toContain('--parley-primary:#ffeb3b;');
    expect(css).toContain('--parley-on-primary:#000;');
    expect(css).toContain('--parley-z:42;');
  });

  it('uses a focus ring colour that stands out from the background', () => {
    const focus = (css: string) => /--parley-focus:([^;]+)/.exec(css)![1]!;
    expect(focus(themeCss(state, false, { ...config, primaryColor: '#2563eb' }))).toBe('#2563eb');
    // A pale brand colour would vanish on white: the ring falls back to the text colour.
    expect(focus(themeCss(state, false, { ...config, primaryColor: '#ffeb3b' }))).toBe(SCHEMES.light.text);
  });
});

describe('theme tokens', () => {
  it('lets tokens override defaults, with or without the --parley- prefix', () => {
    const css = themeCss(applyTheme(state, { radius: '4px', '--parley-bg': '#fafafa' }), false, config);
    expect(css).toContain('--parley-radius:4px;');
    expect(css).toContain('--parley-bg:#fafafa;');
    expect(css).not.toContain(`--parley-bg:${SCHEMES.light.bg};`);
  });

  it('derives the text colour from a primary token', () => {
    const css = themeCss(applyTheme(state, { primary: '#ffeb3b' }), false, config);
    expect(css).toContain('--parley-on-primary:#000;');
  });

  it('drops tokens that could break out of the rule', () => {
    const css = themeCss(applyTheme(state, { bg: 'red;}*{display:none', 'x}y': '1px', font: 'a<b' }), false, config);
    expect(css).not.toContain('display:none');
    expect(css).not.toContain('x}y');
    expect(css).not.toContain('a<b');
    expect(css.match(/[{}]/g)).toHaveLength(2);
  });

  it('refuses, one by one and by name, every token that could break the rule or fetch something', () => {
    const bad: Record<string, string> = {
      quote: 'a"b',
      apostrophe: "'Inter'",
      semicolon: 'red;color:blue',
      braces: 'red}x{',
      comment: 'red /* x',
      escape: '\\72 ed',
      url: 'url(https://tracker.example/p.png)',
      imageSet: 'image-set("https://tracker.example/p.png" 1x)',
      webkitImageSet: '-webkit-image-set(x 1x)',
      importRule: '@import "https://tracker.example/x.css"',
      expression: 'expression(alert(1))',
      upperCaseUrl: 'URL( //tracker.example/p.png)',
    };
    const refused: string[] = [];
    const theme = applyTheme(state, { ...bad, radius: '6px', primary: '#0a7d32' }, (message) => refused.push(message));
    expect(refused).toHaveLength(Object.keys(bad).length);
    for (const name of Object.keys(bad)) expect(refused.some((m) => m.includes(`"${name}"`)), name).toBe(true);
    expect(theme).toEqual({ scheme: 'light', radius: '6px', primary: '#0a7d32' });
    const css = themeCss(theme, false, config);
    expect(css).toContain('--parley-radius:6px;');
    expect(css).toContain('--parley-primary:#0a7d32;');
    expect(css.match(/[{}]/g)).toHaveLength(2);
  });

  it('keeps ordinary values: colours, lengths, font stacks, shadows, calc()', () => {
    const good = {
      bg: 'rgb(250 250 250 / 90%)',
      font: 'Inter, Helvetica Neue, sans-serif',
      shadow: '0 4px 12px #0003',
      width: 'calc(100vw - 40px)',
      '--parley-border': 'hsl(210deg 20% 80%)',
    };
    const refused: string[] = [];
    expect(applyTheme(state, good, (message) => refused.push(message))).toEqual({ scheme: 'light', ...good });
    expect(refused).toEqual([]);
    expect(tokenProblem('bg', '#fff')).toBeUndefined();
    expect(tokenProblem('b g', '#fff')).toBe('its name is not a word');
  });

  it('switches scheme by name and merges later token objects', () => {
    let s = applyTheme(state, 'dark');
    expect(s.scheme).toBe('dark');
    s = applyTheme(s, { radius: '2px' });
    s = applyTheme(s, { font: 'serif', scheme: 'auto' });
    expect(s).toMatchObject({ scheme: 'auto', radius: '2px', font: 'serif' });
    // An unknown scheme in a token object keeps the current one.
    expect(applyTheme(s, { scheme: 'purple' }).scheme).toBe('auto');
  });
});
