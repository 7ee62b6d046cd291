/**
 * What the visitor typed and did not send survives a reload and a navigation of the site (this tab
 * only), with the message it answers; it goes once sent, and it never reaches another person: an identity
 * of someone else or `reset()` drops it. Storage that throws or holds garbage costs the draft, never
 * the widget.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { until, useE2E } from './helpers/setup';
import { openChat, shown } from './helpers/widget';

const e2e = useE2E();

const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' });
/** What the server stored for the newest session, oldest first. */
const storedTexts = () => {
  const session = e2e.pp.sessions().at(-1);
  return session ? e2e.pp.messages(session.id).map((message) => message.content) : [];
};

async function openScriptTagPage(page: Page, query = '') {
  await page.goto(`${e2e.web.url}/script-tag.html${query}`);
  await openChat(page);
  await expect.poll(() => composer(page).isEnabled()).toBe(true);
}

describe('the composer draft', () => {
  it('comes back after a reload and after moving to another page of the site, and goes once sent', async () => {
    const { page } = await e2e.tab();
    await openScriptTagPage(page);
    const draft = 'Is the blue one in stock in size 42?\nAnd can it ship by Friday';
    await composer(page).fill(draft);

    await page.reload();
    await openChat(page);
    await expect.poll(() => composer(page).inputValue()).toBe(draft);

    // Another page of the same site, in the same tab.
    await openScriptTagPage(page, '?page=shipping');
    await expect.poll(() => composer(page).inputValue()).toBe(draft);
    expect(storedTexts()).toEqual([]); // a draft is never sent by itself

    await composer(page).press('Enter');
    await until(() => storedTexts().includes(draft), 'the message on the server');
    await page.reload();
    await openChat(page);
    await expect.poll(() => page.getByRole('log').textContent()).toContain('size 42?And can it ship by Friday'); // (its line break a <br>)
    expect(await composer(page).inputValue()).toBe('');
  });

  it('keeps the message it answers or edits', async () => {
    const { page } = await e2e.tab();
    await openScriptTagPage(page);
    await composer(page).fill('Hello');
    await composer(page).press('Enter');
    const session = await until(() => e2e.pp.sessions().at(-1), 'a session');
    await until(() => storedTexts().includes('Hello'), 'the first message on the server');
    await e2e.pp.pp.sendOperatorMessage(session.id, 'Which colour would you like?');
    const question = page.getByRole('log').getByText('Which colour would you like?', { exact: true });
    await question.waitFor();
    await question.hover();
    await page.getByRole('log').getByRole('button', { name: 'Reply' }).last().click();
    await composer(page).fill('The green one');

    await page.reload();
    await openChat(page);
    await expect.poll(() => composer(page).inputValue()).toBe('The green one');
    const preview = page.locator('parley-chat').locator('.compose-target');
    await expect.poll(() => preview.textContent()).toContain('Which colour would you like?');
    await e2e.shot(page, 'draft-after-reload');
    await composer(page).press('Enter');
    await until(() => storedTexts().includes('The green one'), 'the reply on the server');
    const reply = e2e.pp.messages(session.id).find((message) => message.content === 'The green one');
    const answered = e2e.pp.messages(session.id).find((message) => message.content === 'Which colour would you like?');
    expect(reply?.replyTo).toBe(answered?.id);

    // An edit under way comes back as an edit, not as a new message.
    const sent = page.getByRole('log').getByText('The green one', { exact: true });
    await sent.hover();
    await page.getByRole('log').getByRole('button', { name: 'Edit' }).last().click();
    await composer(page).fill('The dark green one');
    await page.reload();
    await openChat(page);
    await expect.poll(() => preview.textContent()).toContain('Edit');
    expect(await composer(page).inputValue()).toBe('The dark green one');
    await composer(page).press('Enter');
    await until(() => storedTexts().includes('The dark green one'), 'the edit on the server');
    expect(storedTexts().filter((text) => text.includes('green'))).toEqual(['The dark green one']);
  });

  it('is put back for the same signed-in person, never for another one, and goes with reset()', async () => {
    const { page } = await e2e.tab();
    const signIn = (id: string) => page.evaluate((id) => window.Parley.identify({ id, name: id }), id);
    await page.goto(`${e2e.web.url}/script-tag.html`);
    await signIn('ann');
    await openChat(page);
    await composer(page).fill('Ann: my card ends in 4242');

    // The same person on the next page: the draft is hers.
    await page.reload();
    await signIn('ann');
    await openChat(page);
    await expect.poll(() => composer(page).inputValue()).toBe('Ann: my card ends in 4242');

    // Someone else signs in on this computer: the draft is not shown, now or after another reload.
    await page.reload();
    await signIn('bob');
    await openChat(page);
    await expect.poll(() => page.evaluate(() => window.Parley.getIdentity()?.id)).toBe('bob');
    await page.waitForTimeout(300); // time for a draft to come back, were it going to
    expect(await composer(page).inputValue()).toBe('');
    await page.reload();
    await openChat(page);
    await page.waitForTimeout(300);
    expect(await composer(page).inputValue()).toBe('');

    // Bob's own draft, then he signs out (the site calls reset()): gone from the screen and from the next page.
    await composer(page).fill('Bob: my address is 1 Main St');
    await page.evaluate(() => window.Parley.reset());
    await expect.poll(() => composer(page).inputValue()).toBe('');
    await page.reload();
    await openChat(page);
    await page.waitForTimeout(300);
    expect(await composer(page).inputValue()).toBe('');
  });

  it("is not kept when the site asks for nothing to be kept (storage: 'memory')", async () => {
    const { page } = await e2e.tab();
    const start = async () => {
      await page.goto(`${e2e.web.url}/api.html`);
      await page.evaluate(() => window.Parley.init({ backend: 'pocketping', endpoint: (window as unknown as { ENDPOINT: string }).ENDPOINT, storage: 'memory' }));
      await openChat(page);
    };
    await start();
    await composer(page).fill('Nothing of this may outlive the page');
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
    await start();
    await page.waitForTimeout(300);
    expect(await composer(page).inputValue()).toBe('');
  });

  it('costs nothing but itself when storage is blocked or holds garbage', async () => {
    // Blocked: reading sessionStorage throws (as in a sandboxed frame). The widget works; the draft lives as long as the page.
    const blocked = await e2e.tab();
    const errors: string[] = [];
    blocked.page.on('pageerror', (error) => errors.push(error.message));
    await blocked.page.addInitScript(() =>
      Object.defineProperty(window, 'sessionStorage', {
        get() {
          throw new DOMException('The document is sandboxed', 'SecurityError');
        },
      }),
    );
    await openScriptTagPage(blocked.page);
    await composer(blocked.page).fill('Typed with storage blocked');
    await composer(blocked.page).press('Enter');
    await until(() => storedTexts().includes('Typed with storage blocked'), 'the message on the server');
    await expect.poll(shown(blocked.page, 'Typed with storage blocked')).toBe(1);
    expect(errors).toEqual([]);

    // Garbage where the draft is kept (another script's value, a hand edit): ignored, and replaced by the next draft.
    const { page } = await e2e.tab();
    await openScriptTagPage(page);
    await composer(page).fill('x');
    const key = await until(() => page.evaluate(() => Object.keys(sessionStorage).find((name) => name.endsWith('/draft'))), 'the draft kept');
    for (const garbage of ['{"text":5,"who":""}', 'not json', 'null', '{"text":"<img src=x onerror=alert(1)>","who":"","to":7}']) {
      await page.evaluate(([key, garbage]) => sessionStorage.setItem(key!, garbage!), [key, garbage]);
      await page.reload();
      await openChat(page);
      await expect.poll(() => composer(page).isEnabled()).toBe(true);
      await page.waitForTimeout(200);
      expect(await composer(page).inputValue()).toBe('');
    }
    await composer(page).fill('A fresh draft');
    await page.reload();
    await openChat(page);
    await expect.poll(() => composer(page).inputValue()).toBe('A fresh draft');
  });
});
