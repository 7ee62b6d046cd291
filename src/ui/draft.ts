/**
 * The composer's draft outlives the page: what the visitor typed and has not sent, with the message it
 * answers or edits, is kept in this tab's sessionStorage and put back when the window mounts again after
 * a reload or a navigation of the site (the idea of github/session-resume, for one textbox).
 *
 * - This tab only: another tab keeps its own draft, and closing the tab forgets it (a sent message is the
 *   outbox's to keep, not this).
 * - The visitor's only: a draft typed while identified (`identify()`) is put back once the chat knows it is
 *   the same person, and `reset()` or an identity of another person drops it, from the screen too (a shared
 *   computer). A draft typed anonymously stays through a sign-in.
 * - Never in the way: storage that throws (blocked, full) leaves the draft on screen only; the visitor
 *   typing before it is put back wins.
 */
import { effect } from '@preact/signals';
import { isObject, isText } from '../core/guards';
import { find } from '../core/messages';
import { messageKey, setDraft, type WidgetState } from './state';

/** What is kept: the text, who typed it (the `identify()` id; '' anonymous), and the message it answers or edits (its key). */
export interface KeptDraft {
  text: string;
  who: string;
  to?: string;
  edit?: boolean;
}

/** The part of the Web Storage API a draft uses (`sessionStorage`, or a stand-in in tests). */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface Draft {
  /** Puts the kept draft back into the composer, when it is there and empty (a composer that mounts). */
  restore(): void;
  /** Keeps what the composer holds now (its text and target); nothing before `restore`. */
  save(): void;
  stop(): void;
}

/** A kept draft read back, or undefined when there is none or it is not one (another script's value, an old shape). */
export function readDraft(raw: string | null): KeptDraft | undefined {
  let kept: unknown;
  try {
    kept = JSON.parse(raw!);
  } catch {
    return undefined;
  }
  if (!isObject(kept)) return undefined;
  const { text, who, to, edit } = kept;
  if (!isText(text) || !isText(who) || (to != null && !isText(to))) return undefined;
  return to ? { text, who, to, edit: edit === true } : { text, who };
}

/** Keeps `state`'s composer draft in `storage` under `key` (one key per conversation namespace). */
export function keepDraft(state: WidgetState, storage: DraftStorage | undefined, key: string): Draft {
  const { chat, composeTarget } = state;
  const attempt = <T>(act: () => T): T | undefined => {
    try {
      return act();
    } catch {
      return undefined; // blocked or full: the draft stays on screen only
    }
  };
  /** A composer has been restored into: saving may overwrite what was kept. */
  let ready = false;
  /** A draft typed by an identified visitor, waiting for the chat to know who this visitor is. */
  let waiting: KeptDraft | undefined;
  /** Who the draft on screen belongs to ('' anonymous or nobody). */
  let owner = '';
  /** A restored draft whose message (answered or edited) is not listed yet: kept as it was meanwhile. */
  let lookingFor: KeptDraft | undefined;
  let stopLooking = () => {};

  /** Drops the draft, kept and shown: the visitor changed. */
  function forget() {
    waiting = undefined;
    owner = '';
    stopLooking();
    attempt(() => storage?.removeItem(key));
    if (state.composer.current) setDraft(state, '');
    composeTarget.value = null;
  }

  function save() {
    if (!ready || !state.composer.current) return; // (no composer: the conversation ended; what is kept waits for the next)
    waiting = undefined;
    const text = state.composer.current.value;
    const target = composeTarget.peek();
    if (lookingFor && text == lookingFor.text && !target) return; // unchanged since restored: its target still to come
    stopLooking();
    if (!text.trim() && !target) {
      owner = '';
      attempt(() => storage?.removeItem(key));
      return;
    }
    owner = chat.identity.peek()?.id ?? '';
    const kept: KeptDraft = { text, who: owner };
    if (target) Object.assign(kept, { to: messageKey(target.message), edit: !!target.edit });
    attempt(() => storage?.setItem(key, JSON.stringify(kept)));
  }

  /** Shows `kept`, then its target once listed. (Typing or picking a message meanwhile saves, which ends the waiting.) */
  function show(kept: KeptDraft) {
    stopLooking(); // (a target an earlier composer was still waiting for)
    waiting = undefined;
    owner = kept.who;
    lookingFor = kept.to ? kept : undefined;
    setDraft(state, kept.text);
    if (!lookingFor) return;
    let stop: (() => void) | undefined;
    stopLooking = () => {
      lookingFor = undefined;
      stop?.();
    };
    stop = effect(() => {
      const message = find(chat.messages.value, kept.to!);
      // Still the draft that was put back: it gets its target (which saves it, and ends the looking).
      if (message && lookingFor) composeTarget.value = { message, edit: kept.edit };
    });
    if (!lookingFor) stop(); // listed already
  }

  // Who the visitor is, as the chat learns it: the waiting draft is theirs or not; another person (or
  // nobody after a reset elsewhere) than the one who typed the draft on screen drops it.
  const stopWatching = effect(() => {
    const id = chat.identity.value?.id;
    if (waiting && id) {
      if (id == waiting.who) show(waiting);
      else forget();
    } else if (owner && id != owner) forget();
  });
  const stopTargets = composeTarget.subscribe(save);
  const stopResets = chat.on('reset', forget);

  return {
    restore() {
      // Each composer that mounts empty: the first one, and the one of a new chat after the conversation ended.
      if (!state.composer.current || state.composer.current.value) return;
      ready = true;
      const kept = readDraft(attempt(() => storage?.getItem(key)) ?? null);
      if (!kept) return;
      if (!kept.who || kept.who == chat.identity.peek()?.id) show(kept);
      else if (chat.identity.peek()) forget();
      else waiting = kept;
    },
    save,
    stop() {
      stopWatching();
      stopTargets();
      stopResets();
      stopLooking();
    },
  };
}
