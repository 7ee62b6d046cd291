// Records everything the page writes to the console and every `error` event of the widget, fully
// serialised (own properties of errors, their causes), so a test can look for secrets in them.
// Load it before parley.js; it installs the pre-load stub if there is none.
(function () {
  function dump(v, depth) {
    if (depth > 3 || v == null || typeof v !== 'object') return String(v);
    var out = {};
    Object.getOwnPropertyNames(v).forEach(function (k) {
      try { out[k] = dump(v[k], depth + 1); } catch (e) { out[k] = '?'; }
    });
    return JSON.stringify(out);
  }
  window.consoleDump = [];
  window.errorEvents = [];
  ['log', 'info', 'warn', 'error', 'debug'].forEach(function (level) {
    var orig = console[level];
    console[level] = function () {
      window.consoleDump.push(level + ': ' + Array.prototype.map.call(arguments, function (a) { return dump(a, 0); }).join(' '));
      return orig.apply(console, arguments);
    };
  });
  window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
  Parley('on', 'error', function (e) { window.errorEvents.push(dump(e, 0)); });
})();
