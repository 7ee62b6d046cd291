/** What a visitor does with the widget, through accessible roles and names (ARCHITECTURE.md §3). */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

export async function openChat(page: Page, name = 'Open chat'): Promise<void> {
  await page.getByRole('button', { name }).click();
  await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
}

export async function send(page: Page, text: string, box = 'Message'): Promise<void> {
  const input = page.getByRole('textbox', { name: box });
  await input.fill(text);
  await input.press('Enter');
}

/** How many times `text` shows in the message list (a poller for `expect.poll`). */
export const shown = (page: Page, text: string) => () => page.getByRole('log').getByText(text, { exact: true }).count();

/** Whether the element has focus (inside its shadow root, or the page). */
export const focused = (el: Locator) => el.evaluate((node) => (node.getRootNode() as Document | ShadowRoot).activeElement === node);

/** Relative luminance (0 black … 1 white) of an element's computed background colour. */
export const backgroundLuminance = (el: Locator) =>
  el.evaluate((node) => {
    // Walk up to the first element with an opaque-ish background (the dialog may be transparent itself).
    let n: Element | null = node;
    let c = '';
    while (n) {
      c = getComputedStyle(n).backgroundColor;
      if (c && !/rgba\(.*,\s*0\)$/.test(c) && c !== 'transparent') break;
      n = n.parentElement ?? ((n.getRootNode() as ShadowRoot).host || null);
    }
    const [r, g, b] = (c.match(/[\d.]+/g) ?? ['255', '255', '255']).slice(0, 3).map((v) => {
      const x = Number(v) / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  });
