/**
 * Rules of the bot buttons (./components/MessageButtons.tsx) and the pre-chat form
 * (./components/PreChatForm.tsx), appended to ./styles.ts's sheet. One rule per line.
 */
export const FORMS_CSS = [
  // Bot buttons: a wrapping row of outlined pills under the message.
  '.choices{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}',
  '.choice{padding:6px 14px;border:1px solid var(--parley-primary);border-radius:99px;background:var(--parley-bg);color:inherit;font-size:14px;text-decoration:none;cursor:pointer}',
  '.choice:hover{background:#8882}',
  // Pre-chat form: labelled fields, messages under them.
  '.pre-chat{display:flex;flex-direction:column;gap:10px;margin:12px;padding:12px;border-radius:12px;background:var(--parley-surface)}',
  '.pre-chat-title{font-weight:600}',
  '.pre-chat-field{display:flex;flex-direction:column;gap:4px;font-size:14px}',
  '.pre-chat input,.pre-chat textarea{font:inherit;color:inherit;padding:8px 12px;border:1px solid var(--parley-border);border-radius:10px;background:var(--parley-bg)}',
  '.pre-chat [aria-invalid]{border-color:var(--parley-danger)}',
  '.field-error{color:var(--parley-danger);font-size:13px}',
  '.pre-chat .pill-button{align-self:flex-end}',
].join('');
