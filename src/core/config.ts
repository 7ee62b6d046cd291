/**
 * Parley's configuration: the common keys (validated here) plus the backend's own options
 * (validated by the backend's transport factory). Contract: ARCHITECTURE.md §2.
 */
import type { Identity } from './types';

export type ThemeName = 'light' | 'dark' | 'auto';
/** `--parley-*` token overrides, e.g. `{ 'radius': '8px', 'font': 'Inter, sans-serif' }` (without the prefix). */
export type ThemeTokens = Record<string, string>;

export interface ParleyConfig {
  /** Backend name: `pocketping`, `genesys`, `pingstreams`, or a registered custom one. */
  backend: string;
  theme: ThemeName | ThemeTokens;
  primaryColor?: string;
  position: 'bottom-right' | 'bottom-left';
  mode: 'floating' | 'inline';
  locale?: string;
  strings: Record<string, string>;
  title?: string;
  subtitle?: string;
  welcomeMessage?: string;
  placeholder?: string;
  zIndex: number;
  storage: 'indexeddb' | 'memory';
  /** When to connect: at once, when the browser is idle, or when the window is first opened. */
  connect: 'eager' | 'idle' | 'open';
  debug: boolean;
  /** Identity given in the config (same as calling `identify()`). */
  user?: Identity;
  /** Everything else: the backend's own options, untouched. */
  options: Record<string, unknown>;
}

// IMPLEMENTATION BELOW (parseConfig) — see core issue.
