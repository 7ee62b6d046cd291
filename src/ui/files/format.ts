/** File sizes and safe file URLs for the attachment views. */

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** `2048` → "2 kB" in the visitor's language (decimal units, one decimal place at most). */
export function formatSize(bytes: number, lang: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(lang, { style: 'unit', unit: UNITS[unit], unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

/**
 * The URL, when the widget may request or link it: `http:`/`https:`, or (for the visitor's own uploads
 * only) a `blob:` URL of this page's origin. Anything else (`javascript:`, `data:`, a foreign blob) is
 * never used.
 */
export function safeFileUrl(url: string | undefined, own: boolean): string | undefined {
  if (!url) return undefined;
  if (/^https?:\/\//i.test(url)) return url;
  if (own && url.startsWith('blob:')) {
    try {
      return new URL(url).origin === location.origin ? url : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
