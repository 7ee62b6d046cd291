// Operator console of the demo: answers as the support agent on the backend chosen by `?backend=` (PocketPing by
// default, Genesys, Pingstreams), through each local server's agent-side control API (PocketPing's `/test/*`,
// Genesys's and Pingstreams's forwarded by the demo server under `/ops/<backend>/*`). Plain DOM; remote text goes in
// via textContent only. PocketPing pushes updates on its operator stream; the others are polled.
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var current = null; // selected conversation (normalised, see below)
  var seen = {}; // message id → <li> of the current conversation
  var typingTimer = 0, typingSent = 0, visitorTypingTimer = 0, eventsSeen = 0;

  function api(path, body) {
    return fetch(path, body ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {})
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) {
          if (!r.ok) throw new Error((j && (j.error || j.message || j.msg)) || r.status);
          return j;
        });
      });
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function time(iso) { return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }); }
  function agentName() { return $('agent-name').value.trim() || 'Agent'; }
  function report(err) { alert(err && err.message ? err.message : String(err)); }

  /**
   * One adapter per backend, all speaking the same shapes:
   *   conversation { id, name, last, on (visitor there / chat open), meta: string[], at (for sorting) }
   *   message      { id, text, from: 'visitor' | 'agent' | 'system', who, at, note? }
   * plus say(), typing() (where the backend has it) and actions: the agent's buttons.
   */
  var pocketping = {
    agent: '',
    list: function () {
      return api('/test/sessions').then(function (j) {
        return j.sessions.map(function (s) {
          var m = s.metadata || {};
          var who = (s.identity && (s.identity.name || s.identity.email || s.identity.id)) || 'Visitor ' + s.visitorId.slice(0, 6);
          return {
            id: s.id, name: who, last: s.lastMessage ? s.lastMessage.content : '', on: s.connected, at: s.lastActivity,
            meta: [s.identity && s.identity.email, m.url, m.browser && m.browser + ' on ' + m.os, s.connected ? 'connected' : 'not connected'],
          };
        });
      });
    },
    messages: function (id) {
      return api('/test/messages?sessionId=' + encodeURIComponent(id)).then(function (j) {
        return j.messages.map(function (m) {
          return {
            id: m.id, text: m.deletedAt ? '(deleted)' : m.content, from: m.sender === 'visitor' ? 'visitor' : 'agent', who: m.sender, at: m.timestamp,
            note: (m.editedAt ? ' · edited' : '') + (m.readAt ? ' · read' : ''),
          };
        });
      });
    },
    say: function (id, text) { return api('/test/operator-say', { sessionId: id, content: text }); },
    typing: function (id, on) { return api('/test/operator-typing', { sessionId: id, isTyping: on }); },
    actions: [],
  };

  var G = '/ops/genesys/conversations';
  var genesys = {
    agent: 'Alex',
    list: function () {
      return api(G).then(function (list) {
        return list.map(function (c) {
          var agents = c.agents.map(function (a) { return a.displayName; });
          return {
            id: c.id, name: (c.guest && c.guest.displayName) || 'Guest', on: !c.ended && c.sockets > 0, at: 0, agents: agents,
            last: c.ended ? 'ended' : agents.length ? 'with ' + agents.join(', ') : c.routed ? 'waiting for an agent' : 'not routed yet',
            meta: [c.guest && c.guest.email, c.ended ? 'ended' : c.routed ? 'routed' : 'not routed', agents.length ? 'agents: ' + agents.join(', ') : 'no agent', c.messageCount + ' messages'],
          };
        }).reverse();
      });
    },
    messages: function (id) {
      return api(G + '/' + encodeURIComponent(id) + '/messages').then(function (list) {
        return list.map(function (m) {
          var who = m.senderName || m.senderRole || '?';
          var kind = m.bodyType;
          return {
            id: m.id, who: who, at: m.timestamp,
            from: kind !== 'standard' ? 'system' : m.senderRole === 'CUSTOMER' ? 'visitor' : 'agent',
            text: kind === 'member-join' ? who + ' joined' : kind === 'member-leave' ? who + ' left' : kind === 'standard' || kind === 'notice' ? m.body : kind,
          };
        });
      });
    },
    // The agent must be in the chat to write: join first when nobody has.
    say: function (id, text) {
      var c = current;
      var join = c && c.agents && !c.agents.length ? api(G + '/' + encodeURIComponent(id) + '/join', { name: agentName() }) : Promise.resolve();
      return join.then(function () { return api(G + '/' + encodeURIComponent(id) + '/say', { text: text }); });
    },
    // Genesys has no "stopped typing": only starts are sent.
    typing: function (id, on) { return on && current && current.agents && current.agents.length ? api(G + '/' + encodeURIComponent(id) + '/typing', {}) : Promise.resolve(); },
    actions: [
      ['Join', function (id) { return api(G + '/' + encodeURIComponent(id) + '/join', { name: agentName() }); }],
      ['Transfer to…', function (id) {
        var to = prompt('Transfer to which agent?', 'Sam');
        return to ? api(G + '/' + encodeURIComponent(id) + '/transfer', { name: to }) : Promise.resolve();
      }],
      ['Leave', function (id) { return api(G + '/' + encodeURIComponent(id) + '/leave', {}); }],
      ['End chat', function (id) { return api(G + '/' + encodeURIComponent(id) + '/end', {}); }],
    ],
  };

  var P = '/ops/pingstreams/requests';
  var pingstreams = {
    agent: 'Ada',
    list: function () {
      return api(P).then(function (list) {
        return list.map(function (r) {
          var lead = r.lead || {};
          var last = (r.attributes && r.attributes.last_message) || {};
          var closed = r.status >= 1000;
          return {
            id: r.request_id, name: lead.fullname || 'Guest', last: closed ? 'closed' : last.text || r.first_text || '', on: !closed, at: r.updatedAt, by: r.createdBy,
            meta: [lead.email, r.sourcePage, closed ? 'closed' : 'open', '#' + r.ticket_id],
          };
        });
      });
    },
    messages: function (id) {
      var by = current && current.by;
      return api(P + '/' + encodeURIComponent(id) + '/messages').then(function (list) {
        return list.map(function (m) {
          var info = m.sender === 'system' || /^info/.test((m.attributes && m.attributes.subtype) || '');
          return { id: m._id, text: m.text, who: m.senderFullname, at: m.createdAt, from: info ? 'system' : m.sender === by ? 'visitor' : 'agent' };
        });
      });
    },
    say: function (id, text) { return api(P + '/' + encodeURIComponent(id) + '/say', { text: text, name: agentName() }); },
    actions: [
      ['Join', function (id) { return api(P + '/' + encodeURIComponent(id) + '/join', { name: agentName() }); }],
      ['Close conversation', function (id) { return api(P + '/' + encodeURIComponent(id) + '/close', {}); }],
    ],
  };

  var backends = { pocketping: pocketping, genesys: genesys, pingstreams: pingstreams };
  var name = new URLSearchParams(location.search).get('backend');
  if (!backends[name]) name = 'pocketping';
  var b = backends[name];

  document.querySelectorAll('[data-only]').forEach(function (e) { e.hidden = e.dataset.only.split(' ').indexOf(name) < 0; });
  document.querySelectorAll('.backends a').forEach(function (a) { if (a.search === '?backend=' + name) a.setAttribute('aria-current', 'page'); });
  $('demo-link').href = '/?backend=' + name;
  $('agent-name').value = b.agent;
  document.title = 'Operator console (' + name + ') · Parley demo';

  function renderSessions(list) {
    var ul = $('sessions');
    ul.textContent = '';
    $('no-sessions').hidden = list.length > 0;
    list.sort(function (x, y) { return new Date(y.at) - new Date(x.at); }).forEach(function (s) {
      var btn = el('button');
      btn.type = 'button';
      btn.setAttribute('aria-current', String(!!current && s.id === current.id));
      btn.append(el('span', '', 'dot' + (s.on ? ' on' : '')), s.name, el('small', s.last || 'No messages yet'));
      btn.onclick = function () { select(s); };
      var li = el('li');
      li.append(btn);
      ul.append(li);
      if (current && s.id === current.id) meta((current = s));
    });
  }
  function meta(s) {
    $('chat-title').textContent = s.name;
    $('chat-meta').textContent = s.meta.filter(Boolean).join(' · ');
  }
  function refreshSessions() { return b.list().then(renderSessions).catch(function () {}); }

  function addMessage(m) {
    var li = seen[m.id];
    if (!li) {
      li = seen[m.id] = el('li');
      $('history').append(li);
    }
    li.className = m.from === 'visitor' ? 'visitor' : m.from === 'system' ? 'system' : 'operator';
    li.textContent = m.text;
    if (m.from !== 'system') li.append(el('small', (m.who || m.from) + ' · ' + time(m.at) + (m.note || '')));
    $('history').scrollTop = 1e9;
  }
  function loadHistory() {
    if (!current) return;
    var id = current.id;
    b.messages(id).then(function (list) { if (current && id === current.id) list.forEach(addMessage); }).catch(function () {});
  }
  function select(s) {
    current = s;
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

  // The agent's buttons for this backend (join, transfer, leave, end, close).
  b.actions.forEach(function (a) {
    var btn = el('button', a[0]);
    btn.type = 'button';
    btn.onclick = function () {
      if (current) a[1](current.id).then(function () { refreshSessions(); loadHistory(); }).catch(report);
    };
    $('actions').append(btn);
  });

  function setTyping(on) {
    if (!current || !b.typing) return;
    var now = Date.now();
    if (on && now - typingSent < 2000) return;
    typingSent = on ? now : 0;
    b.typing(current.id, on).catch(function () {});
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
    b.say(current.id, text).then(function () { refreshSessions(); loadHistory(); }).catch(report);
  };

  if (name !== 'pocketping') {
    $('link').textContent = 'polling';
    refreshSessions();
    setInterval(function () { refreshSessions(); loadHistory(); }, 1500);
    return;
  }

  // PocketPing only: rating requests, custom events, presence, and the live operator stream.
  $('csat').onclick = function () { if (current) api('/test/request-csat', { sessionId: current.id }).catch(report); };
  $('event').onsubmit = function (e) {
    e.preventDefault();
    var data;
    try { data = $('event-data').value ? JSON.parse($('event-data').value) : undefined; } catch (err) { return alert('Event data must be JSON'); }
    if (current) api('/test/emit-event', { sessionId: current.id, name: $('event-name').value || 'custom', data: data }).catch(report);
  };
  $('online').onchange = function (e) { api('/test/operator-online', { online: e.target.checked }).catch(report); };
  fetch('/pocketping/presence').then(function (r) { return r.json(); }).then(function (p) { $('online').checked = !!p.online; }).catch(function () {});

  function pollEvents() {
    if (!current) return;
    api('/test/events').then(function (j) {
      var mine = j.events.filter(function (ev) { return current && ev.sessionId === current.id; });
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
      var mine = current && f.sessionId === current.id;
      if (f.type === 'message' && f.data) { if (current && f.data.sessionId === current.id) loadHistory(); refreshSessions(); }
      else if (f.type === 'typing' && mine && f.data && f.data.sender === 'visitor') {
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
