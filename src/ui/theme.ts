/**
 * Theme: colour schemes, the primary colour with a readable text colour, and the `--parley-*` custom
 * properties the stylesheet reads. Pure functions; `mount.tsx` writes their output into a constructable
 * stylesheet (never a style attribute, so a strict CSP works).
 *
 * Custom properties a host page can override (on the widget's host element, e.g.
 * `parley-chat { --parley-radius: 8px }`, or through `setTheme({ radius: '8px' })` / `theme` tokens
 * without the `--parley-` prefix):
 *
 * | property                   | what                                              |
 * |----------------------------|---------------------------------------------------|
 * | `--parley-primary`         | brand colour: launcher, header, own bubbles       |
 * | `--parley-on-primary`      | text/icons on the primary colour (white or black, AA) |
 * | `--parley-bg`              | window background                                 |
 * | `--parley-surface`         | agent bubbles, inputs, cards                      |
 * | `--parley-text`            | main text                                         |
 * | `--parley-muted`           | secondary text: times, states (AA on bg/surface)  |
 * | `--parley-border`          | hairlines                                         |
 * | `--parley-danger`          | failed sends                                      |
 * | `--parley-focus`           | focus ring                                        |
 * | `--parley-font`            | font stack                                        |
 * | `--parley-font-size`       | base text size (15px)                             |
 * | `--parley-radius`          | window radius (16px)                              |
 * | `--parley-bubble-radius`   | bubble radius (18px)                              |
 * | `--parley-shadow`          | window and launcher shadow                        |
 * | `--parley-width`/`-height` | floating window size (380px × 600px)              |
 * | `--parley-offset`          | distance from the viewport edges (20px)           |
 * | `--parley-z`               | z-index (from the `zIndex` config)                |
 *
 * A token object may also carry `scheme: 'light' | 'dark' | 'auto'` (default `auto`).
 */
import type { ParleyConfig, ThemeName, ThemeTokens } from '../core/config';

type Rgb = [number, number, number];

/** Default brand colour (white text on it: 5.2:1). */
export const DEFAULT_PRIMARY = '#2563eb';

/** Colour schemes. Every text pair meets WCAG AA 4.5:1 (checked in test/ui/theme.test.ts). */
export const SCHEMES: Record<'light' | 'dark', Record<string, string>> = {
  light: { bg: '#fff', surface: '#f0f2f5', text: '#1b1e23', muted: '#5b6270', border: '#e1e4e8', danger: '#c3261f' },
  dark: { bg: '#17181b', surface: '#272a30', text: '#eceef1', muted: '#a3a9b3', border: '#363a41', danger: '#ff8a80' },
};

/** Parses `#rgb` and `#rrggbb`; undefined otherwise (mount.tsx turns other CSS colours into hex first). */
export function parseColor(color: string): Rgb | undefined {
  let hex = color.trim();
  if (!/^#([\da-f]{3}){1,2}$/i.test(hex)) return;
  if (hex.length < 5) hex = hex.replace(/\w/g, '$&$&');
  const value = parseInt(hex.slice(1), 16);
  return [value >> 16, (value >> 8) & 255, value & 255];
}

/** WCAG 2 relative luminance. */
export function luminance([red, green, blue]: Rgb): number {
  const linear = (channel: number) => {
    const value = channel / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
}

/** WCAG 2 contrast ratio between two colours (1–21); test/ui/theme.test.ts checks the schemes with it. */
export function contrast(first: Rgb, second: Rgb): number {
  const lighter = Math.max(luminance(first), luminance(second)) + 0.05;
  const darker = Math.min(luminance(first), luminance(second)) + 0.05;
  return lighter / darker;
}

/**
 * The text colour for a primary colour: white where it reaches 4.5:1 (white's luminance is 1, so
 * its contrast is 1.05 / (L + 0.05)), else black, which then always does (white fails only above
 * luminance 0.18, where black gives at least 4.6:1). Unparseable colours get white (the host owns
 * that choice).
 */
export function onPrimary(color: string): string {
  const rgb = parseColor(color);
  return !rgb || 1.05 / (luminance(rgb) + 0.05) >= 4.5 ? '#fff' : '#000';
}

/**
 * Theme state: the host's tokens (without the `--parley-` prefix or with it), and the scheme choice as
 * the `scheme` entry.
 */
export type ThemeState = ThemeTokens & { scheme?: ThemeName };

/**
 * What a token value may not contain, with the reason given to the host. A value is written into
 * the widget's stylesheet, so anything that could end the declaration or the rule (`;`, braces), open
 * a string, comment or escape that swallows the rest of the theme (quotes, `/*`, `\`), or make the
 * browser fetch something (`url(`, `image-set(`, `@import`, `expression(`, ...) is refused.
 */
const REFUSED: [RegExp, string][] = [
  [/["']/, 'quotes'],
  [/[;{}]/, '";", "{" or "}"'],
  [/\/\*|\*\//, 'a comment'],
  [/\\/, 'a backslash escape'],
  [/[<>]/, '"<" or ">"'],
  [/@/, 'an at-rule'],
  [/\b(url|image|image-set|-webkit-image-set|cross-fade|element|paint|src|expression|env|attr)\s*\(/i, 'a function that fetches or reads outside the theme'],
];

/** A refused theme token: one named error on the host page's console; the rest of the theme applies. */
export const refuseToken = (message: string): void => console.error('[parley]', message);

/** Why a token (name and value) cannot be used, or undefined when it can. */
export function tokenProblem(name: string, value: string): string | undefined {
  if (!/^(--parley-)?[a-z][\w-]*$/i.test(name)) return 'its name is not a word';
  if (typeof value != 'string') return 'its value is not a string';
  return REFUSED.find(([pattern]) => pattern.test(value))?.[1];
}

/**
 * Folds a `theme` config value or `setTheme()` argument into the state (tokens merge; an unknown scheme
 * is ignored). A token that `tokenProblem` refuses is left out and reported through `refuse` (one
 * message naming it); the others apply.
 */
export function applyTheme(
  state: ThemeState,
  theme: ThemeName | ThemeTokens | undefined,
  refuse: (message: string) => void = () => {},
): ThemeState {
  const next: ThemeState = { ...state };
  if (typeof theme == 'string') next.scheme = theme;
  else
    for (const [name, value] of Object.entries(theme ?? {})) {
      const problem = name == 'scheme' ? undefined : tokenProblem(name, value);
      if (problem) refuse(`theme token "${name}" is refused: it contains ${problem}`);
      else next[name] = value;
    }
  if (!/^(light|dark|auto)$/.test(next.scheme!)) next.scheme = state.scheme;
  return next;
}

/**
 * The `:host` rule (the host element is a block) with every colour token, for the current OS
 * preference (no scheme, or `auto`, follows it). `config` gives the primary colour (a `primary` token
 * wins) and the z-index. Tokens come validated by `applyTheme`; any that would not (a state built by
 * hand) are left out here too. `normalize` turns any CSS colour into hex/rgb (the browser does it in mount.tsx) so
 * named colours get a readable text colour too.
 */
export function themeCss(
  state: ThemeState,
  prefersDark: boolean,
  config: Pick<ParleyConfig, 'primaryColor' | 'zIndex'>,
  normalize = (color: string) => color,
): string {
  const { scheme, primary: primaryToken, ...tokens } = state;
  const name = scheme === 'dark' || (scheme !== 'light' && prefersDark) ? 'dark' : 'light';
  const colors = SCHEMES[name];
  const primary = normalize(primaryToken ?? config.primaryColor ?? DEFAULT_PRIMARY);
  const rgb = parseColor(primary);
  // The WCAG ratio of the brand colour to the background, either way up.
  const ratio = rgb && (luminance(rgb) + 0.05) / (luminance(parseColor(colors.bg!)!) + 0.05);
  const vars: Record<string, string> = {
    ...colors,
    primary,
    'on-primary': onPrimary(primary),
    // The focus ring is the brand colour when it stands out from the background (3:1), else the text colour.
    focus: ratio && (ratio >= 3 || ratio <= 1 / 3) ? primary : colors.text!,
    z: '' + config.zIndex,
  };
  for (const [token, value] of Object.entries(tokens)) if (!tokenProblem(token, value!)) vars[token.replace(/^--parley-/, '')] = value!;
  let css = `display:block;color-scheme:${name};`;
  for (const [token, value] of Object.entries(vars)) css += `--parley-${token}:${value};`;
  return `:host{${css}}`;
}
