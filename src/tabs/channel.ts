/**
 * A `BroadcastChannel` that only lets checked values through: what arrives is read by `read` (which
 * returns `undefined` for anything it does not accept) before `onMessage` sees it. The constructor is
 * injected (the browser's, Node's, or a test's), so importing this file touches no global.
 */

/** The part of a `BroadcastChannel` the tabs use. */
export interface BroadcastChannelLike {
  postMessage(data: unknown): void;
  close(): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

export type BroadcastChannelConstructor = new (name: string) => BroadcastChannelLike;

/** An open channel: `post` to every other tab on it; `close` stops both ways (posting after it does nothing). */
export interface CheckedChannel<T> {
  post(message: T): void;
  close(): void;
}

/**
 * Opens the channel `name`. Values that `read` rejects go to `onInvalid` (for a debug log), not to
 * `onMessage`. A channel never hears its own posts.
 */
export function openChannel<T>(
  Channel: BroadcastChannelConstructor,
  name: string,
  read: (data: unknown) => T | undefined,
  onMessage: (message: T) => void,
  onInvalid?: (data: unknown) => void,
): CheckedChannel<T> {
  const channel = new Channel(name);
  let open = true;
  channel.onmessage = (event) => {
    if (!open) return;
    const message = read(event.data);
    if (message === undefined) onInvalid?.(event.data);
    else onMessage(message);
  };
  return {
    post(message) {
      if (open) channel.postMessage(message);
    },
    close() {
      if (!open) return;
      open = false;
      channel.onmessage = null;
      channel.close();
    },
  };
}
