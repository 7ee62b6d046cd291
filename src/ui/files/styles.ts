/** The attachment views' rules (appended to the widget's stylesheet, styles.ts). One rule per line. */
export const FILE_CSS = [
  '.attachments{display:flex;flex-direction:column;gap:6px;margin-top:4px}',
  '.attachment-image{display:block;padding:0;border:0;border-radius:10px;overflow:hidden;cursor:zoom-in;background:none;max-width:220px}',
  '.attachment-image img{display:block;max-width:100%;max-height:180px;object-fit:cover}',
  '.attachment-chip{display:flex;align-items:center;gap:8px;padding:6px 10px;border:1px solid var(--parley-border);border-radius:10px;max-width:260px}',
  '.attachment-name{flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}',
  '.attachment-size{opacity:.75;font-size:12px}',
  '.attachment-chip a{color:inherit;font-weight:600}',
  '.upload-progress{display:flex;align-items:center;gap:8px}',
  '.upload-progress progress{flex:1;min-width:80px}',
  '.lightbox{position:fixed;inset:0;z-index:2;display:flex;align-items:center;justify-content:center;background:rgba(0,0,0,.8)}',
  '.lightbox img{max-width:92vw;max-height:88vh;object-fit:contain}',
  '.lightbox-close{position:absolute;top:12px;inset-inline-end:12px;background:#fff;color:#111}',
  '.file-notice{margin:0 16px;color:#b3261e;font-size:13px}',
  '.file-notice:empty{display:none}',
  // A file message without words shows no empty bubble.
  '.message-text:empty{display:none}',
].join('');
