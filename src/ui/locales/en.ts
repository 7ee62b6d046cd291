/**
 * English UI strings: the reference dictionary. Every dictionary (this one and ./fr.ts, ...) is one
 * string with one line per key, in the order of `KEYS` (a compact form: the widget ships all of
 * them); test/ui/i18n.test.ts checks that each has exactly one non-empty line per key, with the same
 * `{n}`/`{name}` placeholders. The contract's accessible names (ARCHITECTURE.md §3) are `launcher`
 * ("Open chat"), `message` ("Message") and `send` ("Send"). Keys are public: the `strings` config
 * overrides them by name.
 */

/** Every string key. */
export type StringKey =
  | 'launcher'
  | 'close'
  | 'unread'
  | 'title'
  | 'online'
  | 'away'
  | 'message'
  | 'placeholder'
  | 'send'
  | 'you'
  | 'agent'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'read'
  | 'failed'
  | 'retry'
  | 'edited'
  | 'deleted'
  | 'typing'
  | 'newMessages'
  | 'older'
  | 'connecting'
  | 'reconnecting'
  | 'offline'
  | 'error'
  | 'ended'
  | 'startNew'
  | 'reply'
  | 'edit'
  | 'delete'
  | 'cancel'
  | 'replyingTo'
  | 'rate'
  | 'stars'
  | 'comment'
  | 'thanks'
  | 'joined'
  | 'left'
  | 'transferred';

/** A whole dictionary. */
export type Strings = Record<StringKey, string>;

/** The keys, in the line order of every dictionary. */
export const KEYS = 'launcher close unread title online away message placeholder send you agent sending sent delivered read failed retry edited deleted typing newMessages older connecting reconnecting offline error ended startNew reply edit delete cancel replyingTo rate stars comment thanks joined left transferred'.split(' ') as StringKey[];

export default `Open chat
Close chat
{n} unread
Chat with us
Online
Away
Message
Write a message…
Send
You
Support
Sending…
Sent
Delivered
Read
Not sent
Retry
edited
Deleted
{name} is typing…
New messages
Earlier messages
Connecting…
Reconnecting…
Offline
Chat unavailable
Chat ended
New chat
Reply
Edit
Delete
Cancel
Reply to {name}
Rate this chat
{n} out of 5
Comment (optional)
Thanks for your feedback
{name} joined the chat
{name} left the chat
Transferred to {name}`;
