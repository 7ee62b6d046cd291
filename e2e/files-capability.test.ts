/**
 * A backend that carries no files (Genesys guest chat, capability `attachments` off) has no file control
 * at all: no "Attach file" button, a dropped file or a pasted image is not taken, and `Parley.sendFile()`
 * returns nothing with an `unsupported` error event. Never a dead button.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGenesysServer, type GenesysServer } from '../servers/genesys/index.js';
import { control } from './helpers/control';
import { useE2E } from './helpers/setup';
import { openChat } from './helpers/widget';

const e2e = useE2E();
let gs: GenesysServer;

beforeAll(async () => {
  gs = await startGenesysServer({ port: 0 });
  e2e.web.vars.GENESYS = gs.apiUrl;
});
afterAll(() => gs?.stop());

describe('files on a backend without them (Genesys guest chat)', () => {
  it('offer no control: no Attach button, a drop and a paste are ignored, sendFile() is unsupported', async () => {
    const { page, errors } = await e2e.tab();
    await page.goto(e2e.web.url + '/genesys.html');
    await openChat(page);
    const dialog = page.getByRole('dialog', { name: 'Chat with us' });
    await dialog.getByRole('textbox', { name: 'Message' }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Attach file' }).count()).toBe(0);

    const dropped = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['%PDF-1.4'], 'notes.pdf', { type: 'application/pdf' }));
      return transfer;
    });
    await dialog.dispatchEvent('drop', { dataTransfer: dropped });
    await dialog.getByRole('textbox', { name: 'Message' }).evaluate((textarea) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array([137, 80, 78, 71])], 'image.png', { type: 'image/png' }));
      textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    });
    const refusal = await page.evaluate(() => {
      const codes: string[] = [];
      window.Parley.on('error', (error) => codes.push(error.code));
      const message = window.Parley.sendFile(new File(['x'], 'x.txt', { type: 'text/plain' }));
      return { message: message ?? null, codes };
    });
    expect(refusal).toEqual({ message: null, codes: ['unsupported'] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await page.getByRole('log').getByText(/notes\.pdf|image\.png|x\.txt/).count()).toBe(0);
    const conversations = await control<{ id: string }[]>(gs.url, '/test/conversations');
    for (const conversation of conversations) {
      const messages = await control<{ body: string }[]>(gs.url, `/test/conversations/${conversation.id}/messages`);
      expect(messages.filter((message) => /notes|image|x\.txt/.test(message.body))).toEqual([]);
    }
    // The host API reports its refusal on the console too (src/embed/api.ts); nothing else went wrong.
    expect(errors.filter((error) => !error.startsWith('ParleyError: Not supported by this backend'))).toEqual([]);
  });
});
