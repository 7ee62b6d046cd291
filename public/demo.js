// Demo host page wiring: every button goes through the public Parley API (the stub queues early clicks).
(function () {
  var byId = function (id) { return document.getElementById(id); };
  var log = byId('log');
  function note(text) {
    var li = document.createElement('li');
    li.textContent = new Date().toLocaleTimeString() + '  ' + text;
    log.prepend(li);
    while (log.children.length > 30) log.lastChild.remove();
  }
  function who() {
    var id = typeof Parley.getIdentity === 'function' ? Parley.getIdentity() : null;
    byId('who').textContent = id ? 'Signed in as ' + (id.name || id.id) : 'Anonymous visitor';
  }
  ['ready', 'open', 'close', 'message', 'sent', 'unread', 'status', 'identify', 'reset', 'event', 'error'].forEach(function (name) {
    Parley('on', name, function (data) {
      var detail = data === undefined ? '' : data && data.text !== undefined ? '“' + data.text + '”' : JSON.stringify(data);
      note(name + ' ' + (detail || ''));
      if (name === 'identify' || name === 'reset' || name === 'ready') who();
    });
  });
  byId('identify').onclick = function () {
    Parley('identify', { id: 'demo-dana', name: 'Dana Demo', email: 'dana@example.com', plan: 'Cargo owners club' });
    setTimeout(who, 50);
  };
  byId('reset').onclick = function () { Parley('reset'); setTimeout(who, 50); };
  byId('open').onclick = function () { Parley('open'); };
  byId('close').onclick = function () { Parley('close'); };
  byId('toggle').onclick = function () { Parley('toggle'); };
  byId('say').onclick = function () { Parley('sendMessage', 'Do you ship to Lyon?'); };
  document.querySelectorAll('[data-theme]').forEach(function (button) {
    button.onclick = function () {
      Parley('setTheme', button.dataset.theme);
      document.documentElement.dataset.theme = button.dataset.theme;
    };
  });
  byId('locale').onchange = function (e) { Parley('setLocale', e.target.value); };
  window.addEventListener('load', who);
})();
