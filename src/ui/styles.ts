/**
 * The widget's stylesheet, adopted into the shadow root as a constructable stylesheet (no <style>
 * element, no style attribute: works under a CSP without 'unsafe-inline'). Colours come from the
 * `--parley-*` properties set by theme.ts; size/shape tokens have their defaults at the use site
 * (`var(--parley-radius,16px)`), so a host page overrides them on the host element.
 *
 * Isolation: `.pw { all: initial }` stops inherited page styles (font, colour, line-height,
 * letter-spacing, text-align...) at the boundary, including page rules that hit the host element
 * itself; page selectors cannot reach inside a shadow root, and these rules cannot reach out.
 * Custom properties do inherit through, which is what lets a host page theme the widget.
 *
 * Layout is written with logical properties (inline-start/end) so `dir="rtl"` mirrors it; only the
 * floating position (bottom-right/left) is physical on purpose.
 *
 * The host element's own rule (`display:block` and the theme tokens) is theme.ts's `:host` rule.
 *
 * Root classes: `fx` floating (not inline), `left` bottom-left, `open` window open.
 * One rule per line here; the minifier folds the join into one string.
 */
export const CSS = [
  '.pw{all:initial;display:block;font:var(--parley-font-size,15px)/1.4 var(--parley-font,system-ui,sans-serif);color:var(--parley-text);--o:var(--parley-offset,20px)}',
  '*{box-sizing:border-box;margin:0;padding:0}',
  'button,textarea{font:inherit;color:inherit;background:none;border:0;resize:none}',
  'button,label{cursor:pointer}',
  ':disabled{opacity:.5}',
  'svg{width:20px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}',
  ':focus-visible,label:has(:focus-visible),.cp:focus-within{outline:2px solid var(--parley-focus);outline-offset:2px}',
  '.sr{position:absolute;width:1px;height:1px;clip-path:inset(50%)}',
  '.sr,.q,.rp p{overflow:hidden;white-space:nowrap}',
  // Floating: the launcher and the window sit in a corner of the viewport.
  '.ln,.fx .pn{position:fixed;bottom:var(--o);right:var(--o);z-index:var(--parley-z);box-shadow:var(--parley-shadow,0 8px 32px #0003)}',
  '.left :is(.ln,.pn){right:auto;left:var(--o)}',
  // Icon buttons: the 20px icon plus padding (36px; the launcher 60px).
  '.ln,.ib,.cp button{display:grid;padding:8px}',
  '.ln,.ib,.cp button,.pb{border-radius:99px}',
  '.ln{padding:20px}',
  '.ln svg{scale:1.4}',
  '.ln,header,.me .b,.pb,.cp button{background:var(--parley-primary);color:var(--parley-on-primary)}',
  // The unread badge: the count is an attribute (the button's name stays "Open chat").
  '[data-n]:after{content:attr(data-n);position:absolute;top:0;right:0;padding:1px 6px;border-radius:9px;background:#c8201a;color:#fff;font-size:12px}',
  '.pn{display:flex;flex-flow:column;overflow:hidden;height:var(--parley-height,600px);max-height:100%;background:var(--parley-bg);border:1px solid var(--parley-border);border-radius:var(--parley-radius,16px)}',
  '.fx .pn{bottom:calc(var(--o) + 76px);width:var(--parley-width,380px);height:min(var(--parley-height,600px),100vh - 116px)}',
  '.pn[hidden]{display:none}',
  // Phones: the window fills the visual viewport (mount.tsx keeps --parley-vt/-vh up to date).
  '@media (max-width:480px){.fx .pn{inset:var(--parley-vt,0) 0 auto;width:auto;height:var(--parley-vh,100%);border-radius:0}.open .ln{display:none}}',
  // Motion only for those who did not ask for less: the typing dots pulse.
  '@media (prefers-reduced-motion:no-preference){.ty{animation:pd 1s infinite alternate}}',
  '@keyframes pd{to{opacity:.3}}',
  'header{display:flex;padding:16px 20px;--parley-focus:var(--parley-on-primary)}',
  'header div{flex:1}',
  'h2{font-size:17px}',
  'header p,.st,.sys,.rp,.q,.pb,.nm,.mt,.dy{font-size:13px}',
  '.ib:hover,.tb:hover{background:#8882}',
  '.st{padding:8px}',
  '.st,.b,.q,.rp,.cs{background:var(--parley-surface)}',
  '.st:empty{display:none}',
  '.lw{position:relative;flex:1;min-height:0}',
  // The log scrolls from the bottom (see list.tsx); short content still starts at the top.
  '.sc{display:flex;flex-flow:column-reverse;height:100%;overflow:auto;overscroll-behavior:contain;padding:8px 16px 16px}',
  '.sc>div{margin-bottom:auto}',
  '.sc:focus-visible{outline-offset:-2px}',
  '.m{display:grid;justify-items:start;width:fit-content;max-width:85%;margin-top:12px;content-visibility:auto;contain-intrinsic-size:auto 40px}',
  '.me{margin-inline-start:auto;justify-items:end}',
  '.g{margin-top:3px}',
  '.b{padding:9px 14px;border-radius:var(--parley-bubble-radius,18px);overflow-wrap:anywhere}',
  '.x .b{font-style:italic}',
  '.b,.q,.rp p{unicode-bidi:plaintext}',
  '.b a{color:inherit}',
  '.fl{display:block}',
  'code{padding:0 4px;border-radius:4px;background:#8883}',
  '.nm,.mt,.dy,.sys,.q,.rp p,label,::placeholder{color:var(--parley-muted)}',
  '.nm,.dy,.er,.tb,.pb,legend{font-weight:600}',
  '.mt{display:flex;flex-flow:wrap;gap:6px;margin-top:2px}',
  '.er{color:var(--parley-danger)}',
  // Reply / edit / delete: ordinary buttons in the meta line; with a mouse, shown on hover and focus.
  '.tb{padding:0 4px;border-radius:6px;text-decoration:underline}',
  '.me .act{order:-1}',
  '@media (hover:hover){.act{opacity:0}.m:hover .act,.act:focus-within{opacity:1}}',
  '.q,.rp{border-inline-start:3px solid var(--parley-primary);border-radius:8px;padding:6px 10px}',
  '.q,.rp p{max-width:100%;text-overflow:ellipsis}',
  '.q{margin-bottom:4px}',
  '.dy,.sys,.cs{margin-top:16px}',
  '.st,.dy,.sys,.cs{text-align:center}',
  '.dy:first-letter{text-transform:uppercase}',
  '.pb{padding:8px 16px}',
  '.pl{display:block;margin:8px auto 0}',
  '.jmp{position:absolute;bottom:12px;left:50%;translate:-50%}',
  // Satisfaction card: the stars are text (★), gold up to the chosen one.
  '.cs{padding:16px;border-radius:12px}',
  'fieldset{border:0}',
  'legend{margin:auto}',
  'label{display:inline-block;font-size:30px;padding:0 3px}',
  '.f{color:#b86e00}',
  '.cs textarea{display:block;width:100%;margin:8px 0;padding:8px 12px;border-radius:10px;background:var(--parley-bg)}',
  // Composer.
  '.rp{display:flex;align-items:center;gap:8px;margin:8px 12px 0}',
  '.rp div{flex:1;min-width:0}',
  '.cs textarea,.cp{border:1px solid var(--parley-border)}',
  '.cp{display:flex;align-items:flex-end;gap:8px;margin:12px;padding:5px;padding-inline-start:16px;border-radius:24px}',
  '.cp textarea{flex:1;max-height:120px;padding:7px 0;outline:0;field-sizing:content}',
].join('');
