/**
 * The widget's stylesheet, adopted into the shadow root as a constructable stylesheet (no <style>
 * element, no style attribute: works under a CSP without 'unsafe-inline'). Colours come from the
 * `--parley-*` properties set by theme.ts; size/shape tokens have their defaults at the use site
 * (`var(--parley-radius,16px)`), so a host page overrides them on the host element.
 *
 * Isolation: `.widget { all: initial }` stops inherited page styles (font, colour, line-height,
 * letter-spacing, text-align...) at the boundary, including page rules that hit the host element
 * itself; page selectors cannot reach inside a shadow root, and these rules cannot reach out.
 * Custom properties do inherit through, which is what lets a host page theme the widget.
 *
 * Layout is written with logical properties (inline-start/end) so `dir="rtl"` mirrors it; only the
 * floating position (bottom-right/left) is physical on purpose.
 *
 * The host element's own rule (`display:block` and the theme tokens) is theme.ts's `:host` rule.
 *
 * Root classes: `floating` (not inline), `left` (bottom-left), `open` (window open).
 * One rule per line here; the minifier folds the join into one string.
 */
import { FILE_CSS } from './files/styles';
import { FORMS_CSS } from './styles-forms';

export const CSS = [
  '.widget{all:initial;display:block;font:var(--parley-font-size,15px)/1.4 var(--parley-font,system-ui,sans-serif);color:var(--parley-text);--offset:var(--parley-offset,20px)}',
  '*{box-sizing:border-box;margin:0;padding:0}',
  'button,textarea{font:inherit;color:inherit;background:none;border:0;resize:none}',
  'button,label{cursor:pointer}',
  ':disabled{opacity:.5}',
  'svg{width:20px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}',
  ':focus-visible,label:has(:focus-visible),.composer:focus-within{outline:2px solid var(--parley-focus);outline-offset:2px}',
  '.visually-hidden{position:absolute;width:1px;height:1px;clip-path:inset(50%)}',
  '.visually-hidden,.quoted-message,.compose-target p{overflow:hidden;white-space:nowrap}',
  // Floating: the launcher and the window sit in a corner of the viewport.
  '.launcher,.floating .panel{position:fixed;bottom:var(--offset);right:var(--offset);z-index:var(--parley-z);box-shadow:var(--parley-shadow,0 8px 32px #0003)}',
  '.left :is(.launcher,.panel){right:auto;left:var(--offset)}',
  // Icon buttons: the 20px icon plus padding (36px; the launcher 60px).
  '.launcher,.icon-button,.composer button{display:grid;padding:8px}',
  '.launcher,.icon-button,.composer button,.pill-button{border-radius:99px}',
  '.launcher{padding:20px}',
  '.launcher svg{scale:1.4}',
  '.launcher,.panel-header,.message-own .message-text,.pill-button,.composer button{background:var(--parley-primary);color:var(--parley-on-primary)}',
  // The unread badge: the count is an attribute (the button's name stays "Open chat").
  '[data-unread]:after{content:attr(data-unread);position:absolute;top:0;right:0;padding:1px 6px;border-radius:9px;background:#c8201a;color:#fff;font-size:12px}',
  '.panel{display:flex;flex-flow:column;overflow:hidden;height:var(--parley-height,600px);max-height:100%;background:var(--parley-bg);border:1px solid var(--parley-border);border-radius:var(--parley-radius,16px)}',
  '.floating .panel{bottom:calc(var(--offset) + 76px);width:var(--parley-width,380px);height:min(var(--parley-height,600px),100vh - 116px)}',
  '.panel[hidden]{display:none}',
  // Phones: the window fills the visual viewport (mount.tsx keeps --parley-vt/-vh up to date).
  '@media (max-width:480px){.floating .panel{inset:var(--parley-vt,0) 0 auto;width:auto;height:var(--parley-vh,100%);border-radius:0}.open .launcher{display:none}}',
  // Motion only for those who did not ask for less: the typing dots pulse.
  '@media (prefers-reduced-motion:no-preference){.typing-indicator{animation:typing-pulse 1s infinite alternate}}',
  '@keyframes typing-pulse{to{opacity:.3}}',
  // The title block is centred against the close button, with or without a status line under it.
  '.panel-header{display:flex;align-items:center;gap:8px;padding:16px 20px;--parley-focus:var(--parley-on-primary)}',
  '.panel-titles{flex:1}',
  'h2{font-size:17px}',
  '.sender-avatar{border-radius:50%;object-fit:cover;vertical-align:middle;margin-inline-end:6px}',
  '.panel-header p,.connection-status,.system-notice,.compose-target,.quoted-message,.pill-button,.sender-name,.message-meta,.day-separator{font-size:13px}',
  '.icon-button:hover,.action-button:hover{background:#8882}',
  '.connection-status{padding:8px}',
  '.connection-status,.message-text,.quoted-message,.compose-target,.rating-form{background:var(--parley-surface)}',
  '.connection-status:empty{display:none}',
  '.message-list{position:relative;flex:1;min-height:0}',
  // The log scrolls from the bottom (see components/MessageList.tsx); short content still starts at the top.
  '.message-scroller{display:flex;flex-flow:column-reverse;height:100%;overflow:auto;overscroll-behavior:contain;padding:8px 16px 16px}',
  '.message-scroller>div{margin-bottom:auto}',
  '.message-scroller:focus-visible{outline-offset:-2px}',
  // A row spans the list (its actions are placed inside it); its parts are at most 85% wide.
  '.message{position:relative;display:grid;justify-items:start;margin-top:12px}',
  '.message-lazy{content-visibility:auto;contain-intrinsic-size:auto 40px}',
  '.message>*{max-width:85%}',
  '.message-own{justify-items:end}',
  '.message-grouped{margin-top:3px}',
  // Every bubble is capped in height (it scrolls inside); a long message starts collapsed to a few lines.
  '.message-text{max-height:24em;overflow:auto;padding:9px 14px;border-radius:var(--parley-bubble-radius,18px);overflow-wrap:anywhere}',
  '.message-collapsed{max-height:10em;overflow:hidden;mask-image:linear-gradient(#000 70%,#0000)}',
  '.show-more{margin-top:4px}',
  '.message-deleted .message-text{font-style:italic}',
  '.message-text,.quoted-message,.compose-target p{unicode-bidi:plaintext}',
  '.message-text a{color:inherit}',
  '.attachment{display:block}',
  '.message-buttons{display:flex;flex-wrap:wrap;gap:4px;margin-top:4px}',
  'a.action-button{text-decoration:none;color:inherit}',
  'code{padding:0 4px;border-radius:4px;background:#8883}',
  '.sender-name,.message-meta,.day-separator,.system-notice,.quoted-message,.compose-target p,label,::placeholder{color:var(--parley-muted)}',
  '.sender-name,.day-separator,.message-failed,.action-button,.pill-button,legend{font-weight:600}',
  '.message-meta{display:flex;flex-flow:wrap;align-items:center;gap:6px;margin-top:2px}',
  '.message-failed{color:var(--parley-danger)}',
  // Small buttons: Retry, Show more, Reply / Edit / Delete.
  '.action-button{padding:2px 10px;border:1px solid var(--parley-border);border-radius:99px;background:var(--parley-bg);font-size:12px;white-space:nowrap}',
  '.message-actions{display:flex;flex-flow:wrap;gap:4px;margin-top:4px}',
  // With a mouse, reply / edit / delete float over the row's foot on hover or keyboard focus and take no
  // space otherwise (they stay in the tab order: transparent, not hidden). Touch screens show them in the row.
  '@media (hover:hover) and (pointer:fine){.message-actions{position:absolute;bottom:0;inset-inline-end:0;max-width:none;flex-wrap:nowrap;margin:0;padding:2px;border-radius:99px;background:var(--parley-bg);box-shadow:0 1px 4px #0003;opacity:0;pointer-events:none}.message:not(.message-own) .message-actions{inset-inline:0 auto}.message:hover .message-actions,.message-actions:focus-within{opacity:1;pointer-events:auto}}',
  '.quoted-message,.compose-target{border-inline-start:3px solid var(--parley-primary);border-radius:8px;padding:6px 10px}',
  '.quoted-message,.compose-target p{max-width:100%;text-overflow:ellipsis}',
  '.quoted-message{margin-bottom:4px}',
  '.day-separator,.system-notice,.rating-form{margin-top:16px}',
  '.connection-status,.day-separator,.system-notice,.rating-form,.conversation-ended{text-align:center}',
  '.day-separator:first-letter{text-transform:uppercase}',
  '.pill-button{padding:8px 16px}',
  // "Turn on notifications": a small centred row under the header (the icon sits before the words).
  '.notifications-button{display:flex;align-items:center;gap:6px;margin:8px auto 0}',
  '.notifications-button svg{width:16px}',
  '.load-older{display:block;margin:8px auto 0}',
  '.new-messages{position:absolute;bottom:12px;left:50%;translate:-50%}',
  '.conversation-ended{padding:8px;background:var(--parley-surface)}',
  // Satisfaction card: the stars are text (★), gold up to the chosen one.
  '.rating-form{padding:16px;border-radius:12px}',
  'fieldset{border:0}',
  'legend{margin:auto}',
  '.star{display:inline-block;font-size:30px;padding:0 3px}',
  '.star-chosen{color:#b86e00}',
  '.rating-form textarea{display:block;width:100%;margin:8px 0;padding:8px 12px;border-radius:10px;background:var(--parley-bg)}',
  // Composer.
  '.compose-target{display:flex;align-items:center;gap:8px;margin:8px 12px 0}',
  '.compose-target div{flex:1;min-width:0}',
  '.rating-form textarea,.composer{border:1px solid var(--parley-border)}',
  '.composer{display:flex;align-items:flex-end;gap:8px;margin:12px;padding:5px;padding-inline-start:16px;border-radius:24px}',
  '.composer textarea{flex:1;max-height:120px;padding:7px 0;outline:0;field-sizing:content}',
  // Empty, the `dir="auto"` box has no text to take a direction from: the placeholder follows the widget's (right to left in Hebrew).
  '.composer textarea:placeholder-shown{direction:inherit}',
].join('') + FILE_CSS + FORMS_CSS;
