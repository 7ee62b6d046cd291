/**
 * The reply sound: a short two-note chime made with Web Audio (an oscillator through a gain envelope,
 * no audio file to fetch). It plays only after the visitor has interacted with the page (browsers
 * refuse sound before a user gesture, and a page that beeps unasked is rude), and once per burst of
 * replies.
 */
import type { ReadonlySignal } from '@preact/signals';

/** No second sound within this time of the last one (a burst of replies chimes once), ms. */
export const SOUND_QUIET_MS = 2000;

/** The part of Web Audio the chime uses. */
export type ToneContext = Pick<AudioContext, 'currentTime' | 'destination' | 'state' | 'resume' | 'createOscillator' | 'createGain'>;

export interface SoundDeps {
  /** Makes the audio context, first when a sound plays (undefined: no Web Audio here). */
  createContext: (() => ToneContext) | undefined;
  interacted: ReadonlySignal<boolean>;
  /** Whether this tab is the one that notifies (./notifier-tab.ts). */
  notifies: ReadonlySignal<boolean>;
  onReply(handler: () => void): () => void;
  now?: () => number;
}

/** Plays one chime: 880 Hz then 1320 Hz, each a quick rise and a soft decay (about a third of a second). */
export function playChime(context: ToneContext): void {
  if (context.state === 'suspended') void context.resume().catch(() => undefined);
  const start = context.currentTime;
  for (const [offset, frequency] of [[0, 880], [0.12, 1320]] as const) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    const at = start + offset;
    oscillator.type = 'sine';
    oscillator.frequency.setValueAtTime(frequency, at);
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.15, at + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.22);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.24);
  }
}

/** Chimes for replies; returns the stop function. */
export function startSound({ createContext, interacted, notifies, onReply, now = Date.now }: SoundDeps): () => void {
  let context: ToneContext | undefined;
  let lastPlayed = -Infinity;
  return onReply(() => {
    if (!createContext || !interacted.peek() || !notifies.peek() || now() - lastPlayed < SOUND_QUIET_MS) return;
    lastPlayed = now();
    try {
      playChime((context ??= createContext()));
    } catch {
      // No audio device, or the browser refused: the reply is shown all the same.
    }
  });
}
