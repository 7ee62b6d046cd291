// Operator console for the demo's PocketPing server: plain DOM, the `/test/*` control routes, and the operator
// stream (`/test/operator-stream`) for live updates, with polling as a fallback. Text goes in via textContent only.
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var current = null; // selected session id
  var seen = {}; // message ids shown for the current session
  var typingTimer = 0, typingSent = 0, visitorTypingTimer = 0, eventsSeen = 0;

  function api(path, body) {
    return fetch(path, body ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {})
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error(j.error || r.status); return j; }); });
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function time(iso) { return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }); }
  function nameOf(s) { return (s.identity && (s.identity.name || s.identity.email || s.identity.id)) || 'Visitor ' + s.visitorId.slice(0, 6); }

  function renderSessions(list) {
    var ul = $('sessions');
    ul.textContent = '';
    $('no-sessions').hidden = list.length > 0;
    list.sort(function (a, b) { return new Date(b.lastActivity) - new Date(a.lastActivity); }).forEach(function (s) {
      var b = el('button');
      b.type = 'button';
      b.setAttribute('aria-current', String(s.id === current));
      b.append(el('span', '', 'dot' + (s.connected ? ' on' : '')), nameOf(s), el('small', s.lastMessage ? s.lastMessage.content : 'No messages yet'));
      b.onclick = function () { select(s); };
      var li = el('li');
      li.append(b);
      ul.append(li);
      if (s.id === current) meta(s);
    });
  }
  function meta(s) {
    $('chat-title').textContent = nameOf(s);
    var m = s.metadata || {};
    $('chat-meta').textContent = [s.identity && s.identity.email, m.url, m.browser && m.browser + ' on ' + m.os, s.connected ? 'connected' : 'not connected'].filter(Boolean).join(' · ');
  }
  function refreshSessions() { return api('/test/sessions').then(function (j) { renderSessions(j.sessions); }).catch(function () {}); }

  function addMessage(m) {
    if (m.sessionId !== current) return;
    var li = seen[m.id];
    if (!li) {
      li = seen[m.id] = el('li');
      $('history').append(li);
    }
    li.className = m.sender === 'visitor' ? 'visitor' : 'operator';
    li.textContent = m.deletedAt ? '(deleted)' : m.content;
    li.append(el('small', m.sender + ' · ' + time(m.timestamp) + (m.editedAt ? ' · edited' : '') + (m.readAt ? ' · read' : '')));
    $('history').scrollTop = 1e9;
  }
  function loadHistory() {
    if (!current) return;
    var id = current;
    api('/test/messages?sessionId=' + encodeURIComponent(id)).then(function (j) { if (id === current) j.messages.forEach(addMessage); });
  }
  function select(s) {
    current = s.id;
    seen = {};
    eventsSeen = 0;
    $('history').textContent = '';
    $('events').textContent = '';
    $('chat').hidden = false;
    meta(s);
    loadHistory();
    refreshSessions();
    $('text').focus();
  }

  function setTyping(on) {
    if (!current) return;
    var now = Date.now();
    if (on && now - typingSent < 2000) return;
    typingSent = on ? now : 0;
    api('/test/operator-typing', { sessionId: current, isTyping: on }).catch(function () {});
  }
  $('text').addEventListener('input', function () {
    setTyping(true);
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { setTyping(false); }, 3000);
  });
  $('text').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); $('reply').requestSubmit(); }
  });
  $('reply').onsubmit = function (e) {
    e.preventDefault();
    var text = $('text').value.trim();
    if (!text || !current) return;
    $('text').value = '';
    clearTimeout(typingTimer);
    setTyping(false);
    api('/test/operator-say', { sessionId: current, content: text }).then(function (j) { addMessage(j.message); }).catch(alert);
  };
  $('csat').onclick = function () { if (current) api('/test/request-csat', { sessionId: current }).catch(alert); };
  $('event').onsubmit = function (e) {
    e.preventDefault();
    var data;
    try { data = $('event-data').value ? JSON.parse($('event-data').value) : undefined; } catch (err) { return alert('Event data must be JSON'); }
    api('/test/emit-event', { sessionId: current, name: $('event-name').value || 'custom', data: data }).catch(alert);
  };
  $('online').onchange = function (e) { api('/test/operator-online', { online: e.target.checked }).catch(alert); };
  fetch('/pocketping/presence').then(function (r) { return r.json(); }).then(function (p) { $('online').checked = !!p.online; }).catch(function () {});

  function pollEvents() {
    if (!current) return;
    api('/test/events').then(function (j) {
      var mine = j.events.filter(function (ev) { return ev.sessionId === current; });
      mine.slice(eventsSeen).forEach(function (ev) { $('events').append(el('li', time(ev.timestamp) + '  ' + ev.name + ' ' + (ev.data === undefined ? '' : JSON.stringify(ev.data)))); });
      eventsSeen = mine.length;
    }).catch(function () {});
  }

  // Live updates: the operator stream; polling keeps the console right while it is down.
  function connect() {
    var ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/test/operator-stream');
    ws.onopen = function () { $('link').textContent = 'live'; };
    ws.onclose = function () { $('link').textContent = 'offline, retrying…'; setTimeout(connect, 2000); };
    ws.onmessage = function (e) {
      var f;
      try { f = JSON.parse(e.data); } catch (err) { return; }
      if (f.type === 'message' && f.data) { addMessage(f.data); refreshSessions(); }
      else if (f.type === 'typing' && f.sessionId === current && f.data && f.data.sender === 'visitor') {
        $('visitor-typing').hidden = !f.data.isTyping;
        clearTimeout(visitorTypingTimer);
        visitorTypingTimer = setTimeout(function () { $('visitor-typing').hidden = true; }, 6000);
      } else if (f.type === 'session' || f.type === 'presence') refreshSessions();
      else if (f.type === 'read' || f.type === 'message_edited' || f.type === 'message_deleted') loadHistory();
    };
  }
  connect();
  refreshSessions();
  setInterval(function () { refreshSessions(); loadHistory(); pollEvents(); }, 3000);
})();
