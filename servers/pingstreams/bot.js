// The local Pingstreams server's demo bot: Tiledesk bots write their replies in Markbot (a text with
// `* button` lines), which `@tiledesk/tiledesk-chatbot-util` turns into the message fields a bot posts
// (`attributes.attachment = { type: 'template', buttons }`). Real parser output, so tests and the demo
// see exactly what a Tiledesk bot sends. Not part of the wire protocol.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { TiledeskChatbotUtil } = require('@tiledesk/tiledesk-chatbot-util');

/** The bot's user id: Tiledesk bots write as `bot_<id>`. */
export const BOT_ID = 'bot_demo';
const BOT_NAME = 'Demo bot';

/** The answer to "menu": one button of each kind (text, url, action without and with echo). */
export const MENU_MARKBOT = [
  'What would you like to do?',
  '* Pricing',
  '* Documentation https://example.com/docs',
  '* Talk to a human tdAction:handoff',
  '* Show my choice tdActionShowEcho:echo',
].join('\n');

/**
 * Message fields of a bot reply written in Markbot.
 * @param {string} markbot
 * @returns {{ text: string, type: string, attributes?: Record<string, unknown> }}
 */
export const parseMarkbot = (markbot) => TiledeskChatbotUtil.parseReply(markbot).message;

/**
 * @param {{ addMessage: (req: any, fields: Record<string, unknown>) => unknown }} state
 * @param {(fn: () => void) => void} [later] when the bot answers (after the visitor's own answer)
 */
export function createDemoBot(state, later = (fn) => void setTimeout(fn, 0)) {
  /**
   * Posts a bot reply written in Markbot to a request.
   * @param {any} req @param {string} markbot
   */
  const say = (req, markbot) => state.addMessage(req, { sender: BOT_ID, senderFullname: BOT_NAME, status: 100, ...parseMarkbot(markbot) });

  return {
    say,
    /**
     * Answers a visitor's message: "menu" with the menu, an action with what it did.
     * @param {any} req @param {{ text?: unknown, attributes?: any }} message
     */
    onVisitorMessage(req, message) {
      const action = message.attributes?.action;
      const text = typeof message.text === 'string' ? message.text.trim().toLowerCase() : '';
      if (typeof action === 'string' && action) later(() => say(req, `Action "${action}" done.`));
      else if (text === 'menu') later(() => say(req, MENU_MARKBOT));
      else if (text === 'pricing') later(() => say(req, 'Parley is free and open source.'));
    },
  };
}
