// A backend that lives in the page, driven by the test through `window.scripted`: for UI tests that
// need content no real backend lets through yet (a 60,000-character message), or a backend without
// presence. It registers as `backend: 'scripted'` on the page's Parley.
(() => {
  const handlers = {};
  let count = 0;
  const now = () => new Date().toISOString();
  const emit = (type, event) => (handlers[type] || []).forEach((handler) => handler(event));
  const capabilities = {
    typing: false,
    readReceipts: false,
    editDelete: true,
    replyTo: true,
    attachments: false,
    presence: false,
    customEvents: false,
    historyPaging: false,
    csat: false,
    endConversation: false,
  };
  window.scripted = {
    /** The widget is connected: what `say` sends from now on reaches it (before, nobody listens). */
    live: false,
    /** An operator message with this text. */
    say(text) {
      emit('message', { id: 'operator-' + ++count, text, sender: 'agent', senderName: 'Alex', createdAt: now() });
    },
  };
  window.Parley.registerBackend('scripted', () => ({
    backend: 'scripted',
    scope: 'page',
    create: () => ({
      capabilities,
      on(type, handler) {
        (handlers[type] ||= []).push(handler);
        return () => (handlers[type] = handlers[type].filter((h) => h !== handler));
      },
      async connect() {
        setTimeout(() => {
          window.scripted.live = true;
          emit('link', 'live');
        });
        return { session: {}, messages: [], resumed: true };
      },
      async send() {
        return { id: 'visitor-' + ++count, createdAt: now() };
      },
      async fetchSince() {
        return [];
      },
      async edit(id, text) {
        return { id, text, editedAt: now() };
      },
      async remove(id) {
        return { id, deleted: true };
      },
      disconnect() {},
    }),
  }));
})();
