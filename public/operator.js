// Operator console of the demo: answers as the support agent on the backend chosen by `?backend=` (PocketPing by
// default, Genesys, Genesys Web Messaging, Pingstreams) through the adapters of operator-backends.js. Plain DOM; remote text goes in via
// textContent only. PocketPing pushes updates on its operator stream; the others are polled.
// Conversations nobody has written in yet (every page view opens one) are hidden until "Show … without messages".
import { BACKENDS, callApi } from './operator-backends.js';

const byId = (id) => document.getElementById(id);
const requestedBackend = new URLSearchParams(location.search).get('backend');
const backendName = Object.hasOwn(BACKENDS, requestedBackend) ? requestedBackend : 'pocketping';
const backend = BACKENDS[backendName];

/** @type {Array<object>} the conversations as last listed */
let conversations = [];
/** The selected conversation (refreshed with every list), or null. */
let current = null;
/** Message id → its <li> in the history of the selected conversation. */
let messageItems = new Map();
let typingStopTimer = 0;
let lastTypingSentAt = 0;
let visitorTypingTimer = 0;
let eventsShown = 0;
/** The labels of the agent's buttons on screen, null when they must be drawn again. */
let shownActionLabels = null;

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}
const clockTime = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const sortTime = (value) => (typeof value === 'number' ? value : Date.parse(value) || 0);
const agentName = () => byId('agent-name').value.trim() || 'Agent';
const report = (error) => alert(error && error.message ? error.message : String(error));

for (const node of document.querySelectorAll('[data-only]')) node.hidden = !node.dataset.only.split(' ').includes(backendName);
for (const link of document.querySelectorAll('.backends a')) if (link.search === `?backend=${backendName}`) link.setAttribute('aria-current', 'page');
byId('demo-link').href = `/?backend=${backendName}`;
byId('agent-name').value = backend.defaultAgentName;
document.title = `Operator console (${backendName}) · Parley demo`;

function renderConversations() {
  const showEmpty = byId('show-empty').checked;
  const emptyCount = conversations.filter((conversation) => conversation.messageCount === 0).length;
  byId('show-empty-text').textContent = `Show ${emptyCount} without messages`;
  byId('show-empty-label').hidden = emptyCount === 0;
  const shown = conversations
    .filter((conversation) => showEmpty || conversation.messageCount > 0 || conversation.id === current?.id)
    .sort((first, second) => sortTime(second.updatedAt) - sortTime(first.updatedAt));
  byId('no-sessions').hidden = shown.length > 0;
  const list = byId('sessions');
  list.textContent = '';
  for (const conversation of shown) {
    const button = element('button', undefined, conversation.messageCount === 0 ? 'empty' : '');
    button.type = 'button';
    button.setAttribute('aria-current', String(conversation.id === current?.id));
    button.append(
      element('span', '', conversation.connected ? 'dot on' : 'dot'),
      element('span', conversation.name, 'name'),
      element('small', conversation.preview || 'No messages yet'),
    );
    button.onclick = () => selectConversation(conversation);
    const item = element('li');
    item.append(button);
    list.append(item);
  }
}

/** The header of the selected conversation and the agent's buttons that apply to it now. */
function renderCurrent() {
  byId('chat-title').textContent = current.name;
  byId('chat-meta').textContent = current.details.filter(Boolean).join(' · ');
  const actions = backend.actions.filter((action) => action.shownWhen(current));
  const labels = actions.map((action) => action.label).join('\n');
  if (labels === shownActionLabels) return;
  shownActionLabels = labels;
  byId('actions').textContent = '';
  for (const action of actions) {
    const button = element('button', action.label);
    button.type = 'button';
    button.onclick = () => runAction(action);
    byId('actions').append(button);
  }
}

async function refreshConversations() {
  try {
    conversations = await backend.list();
  } catch {
    return; // the server is restarting: the next poll or stream frame tries again
  }
  if (current) {
    current = conversations.find((conversation) => conversation.id === current.id) ?? current;
    renderCurrent();
  }
  renderConversations();
}

function addMessage(message) {
  let item = messageItems.get(message.id);
  if (!item) {
    item = element('li');
    messageItems.set(message.id, item);
    byId('history').append(item);
  }
  item.className = message.from === 'visitor' ? 'visitor' : message.from === 'system' ? 'system' : 'operator';
  item.textContent = message.text;
  if (message.from !== 'system') item.append(element('small', `${message.author || message.from} · ${clockTime(message.at)}${message.note || ''}`));
  byId('history').scrollTop = byId('history').scrollHeight;
}

async function loadHistory() {
  if (!current) return;
  const conversation = current;
  const messages = await backend.messages(conversation).catch(() => []);
  if (current && current.id === conversation.id) messages.forEach(addMessage);
}

function selectConversation(conversation) {
  current = conversation;
  messageItems = new Map();
  eventsShown = 0;
  shownActionLabels = null;
  byId('history').textContent = '';
  byId('events').textContent = '';
  byId('chat').hidden = false;
  renderCurrent();
  renderConversations();
  loadHistory();
  byId('text').focus();
}

/** An agent's button: the list and history refresh as soon as the server answers, so the buttons follow at once. */
async function runAction(action) {
  if (!current) return;
  try {
    await action.run(current, agentName());
  } catch (error) {
    report(error);
  }
  await refreshConversations();
  await loadHistory();
}

function sendTyping(isTyping) {
  if (!current || !backend.typing) return;
  const now = Date.now();
  if (isTyping && now - lastTypingSentAt < 2000) return;
  lastTypingSentAt = isTyping ? now : 0;
  backend.typing(current, isTyping).catch(() => {});
}

byId('show-empty').onchange = renderConversations;
byId('text').addEventListener('input', () => {
  sendTyping(true);
  clearTimeout(typingStopTimer);
  typingStopTimer = setTimeout(() => sendTyping(false), 3000);
});
byId('text').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    byId('reply').requestSubmit();
  }
});
byId('reply').onsubmit = async (event) => {
  event.preventDefault();
  const text = byId('text').value.trim();
  if (!text || !current) return;
  byId('text').value = '';
  clearTimeout(typingStopTimer);
  sendTyping(false);
  try {
    await backend.say(current, text, agentName());
  } catch (error) {
    report(error);
  }
  await refreshConversations();
  await loadHistory();
};

if (backendName === 'pocketping') startPocketPingTools();
else {
  byId('link').textContent = 'polling';
  setInterval(() => refreshConversations().then(loadHistory), 1500);
}
refreshConversations();

/** PocketPing only: presence, rating requests, custom events both ways, and the live operator stream. */
function startPocketPingTools() {
  byId('csat').onclick = () => current && callApi('/test/request-csat', { sessionId: current.id }).catch(report);
  byId('event').onsubmit = (event) => {
    event.preventDefault();
    let data;
    try {
      data = byId('event-data').value ? JSON.parse(byId('event-data').value) : undefined;
    } catch {
      return alert('Event data must be JSON');
    }
    if (current) callApi('/test/emit-event', { sessionId: current.id, name: byId('event-name').value || 'custom', data }).catch(report);
  };
  byId('online').onchange = (event) => callApi('/test/operator-online', { online: event.target.checked }).catch(report);
  callApi('/pocketping/presence').then((presence) => { byId('online').checked = presence.online === true; }, () => {});

  async function showVisitorEvents() {
    if (!current) return;
    const { events } = await callApi('/test/events').catch(() => ({ events: [] }));
    const mine = events.filter((visitorEvent) => current && visitorEvent.sessionId === current.id);
    for (const visitorEvent of mine.slice(eventsShown)) {
      const data = visitorEvent.data === undefined ? '' : JSON.stringify(visitorEvent.data);
      byId('events').append(element('li', `${clockTime(visitorEvent.timestamp)}  ${visitorEvent.name} ${data}`));
    }
    eventsShown = mine.length;
  }

  function showVisitorTyping(isTyping) {
    byId('visitor-typing').hidden = !isTyping;
    clearTimeout(visitorTypingTimer);
    visitorTypingTimer = setTimeout(() => { byId('visitor-typing').hidden = true; }, 6000);
  }

  // Live updates: the operator stream; polling keeps the console right while it is down.
  function connect() {
    const socket = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/test/operator-stream`);
    socket.onopen = () => { byId('link').textContent = 'live'; };
    socket.onclose = () => {
      byId('link').textContent = 'offline, retrying…';
      setTimeout(connect, 2000);
    };
    socket.onmessage = (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      const aboutCurrent = current !== null && frame.sessionId === current.id;
      if (frame.type === 'message' && frame.data) {
        if (current && frame.data.sessionId === current.id) loadHistory();
        refreshConversations();
      } else if (frame.type === 'typing' && aboutCurrent && frame.data && frame.data.sender === 'visitor') {
        showVisitorTyping(frame.data.isTyping);
      } else if (frame.type === 'session' || frame.type === 'presence') {
        refreshConversations();
      } else if (frame.type === 'read' || frame.type === 'message_edited' || frame.type === 'message_deleted') {
        loadHistory();
      }
    };
  }
  connect();
  setInterval(() => {
    refreshConversations();
    loadHistory();
    showVisitorEvents();
  }, 3000);
}
