import { describe, expect, it } from 'vitest';
import { signal } from '@preact/signals';
import { SOUND_QUIET_MS, startSound, type ToneContext } from '../../../src/ui/notify/sound';
import { replies } from './fakes';

/** An audio context that records the notes it is asked to play (frequency and start time). */
function fakeAudio() {
  const notes: { frequency: number; start: number; peak: number }[] = [];
  let resumed = 0;
  const param = () => {
    const values: number[] = [];
    return { values, setValueAtTime: (v: number) => values.push(v), exponentialRampToValueAtTime: (v: number) => values.push(v) };
  };
  const context = {
    currentTime: 10,
    destination: {},
    state: 'suspended',
    resume: async () => void resumed++,
    createGain: () => {
      const gain = param();
      return { gain, connect: (to: unknown) => to };
    },
    createOscillator() {
      const frequency = param();
      let gainNode: { gain: { values: number[] } } | undefined;
      return {
        type: '',
        frequency,
        connect: (to: { gain: { values: number[] } }) => ((gainNode = to), to),
        start: (at: number) => notes.push({ frequency: frequency.values[0]!, start: at, peak: Math.max(...gainNode!.gain.values) }),
        stop() {},
      };
    },
  };
  return { context: context as unknown as ToneContext, notes, resumed: () => resumed };
}

function setup() {
  const audio = fakeAudio();
  const interacted = signal(false);
  const notifies = signal(true);
  const source = replies();
  let now = 1_000;
  let contexts = 0;
  startSound({ createContext: () => (contexts++, audio.context), interacted, notifies, onReply: source.onReply, now: () => now });
  return { audio, interacted, notifies, source, later: (ms: number) => (now += ms), contexts: () => contexts };
}

describe('reply sound', () => {
  it('is silent until the visitor has interacted with the page', () => {
    const { audio, interacted, source, contexts } = setup();
    source.say();
    expect(audio.notes).toEqual([]);
    expect(contexts()).toBe(0); // no audio context made before a gesture (the browser would warn)
    interacted.value = true;
    source.say();
    expect(audio.notes.map((note) => note.frequency)).toEqual([880, 1320]);
    expect(audio.resumed()).toBe(1);
  });

  it('plays a short tone with an envelope (quiet, peak, quiet), no file', () => {
    const { audio, interacted, source } = setup();
    interacted.value = true;
    source.say();
    expect(audio.notes[0]).toMatchObject({ start: 10, peak: 0.15 });
    expect(audio.notes[1]!.start).toBeGreaterThan(10);
  });

  it('chimes once for a burst of replies, again after a quiet time', () => {
    const { audio, interacted, source, later } = setup();
    interacted.value = true;
    source.say();
    later(500);
    source.say();
    later(SOUND_QUIET_MS - 600);
    source.say();
    expect(audio.notes).toHaveLength(2); // one chime of two notes
    later(SOUND_QUIET_MS);
    source.say();
    expect(audio.notes).toHaveLength(4);
  });

  it('leaves the sound to the tab that notifies', () => {
    const { audio, interacted, notifies, source } = setup();
    interacted.value = true;
    notifies.value = false;
    source.say();
    expect(audio.notes).toEqual([]);
  });
});
