/**
 * Guest sessions keyed by token (§2.2–2.7): what each one stored, its sockets, its expiry, and the fan-out
 * of pushes to every socket of the token (§4), through the chaos switches (§9 item 11). No parsing here:
 * socket.js, attachments.js and control.js call in.
 */
import { randomUUID } from 'node:crypto';

/** A reordered frame waits this long for the frame that should overtake it, then goes out anyway. */
const REORDER_HOLD_MS = 1000;

/**
 * @typedef {import('./frames.js').MessageBody} MessageBody
 * @typedef {import('./frames.js').Participant} Participant
 * @typedef {{ id: string, sessionId: string, fileName: string, fileType: string, fileSize: number, uploadKey: string,
 *   tagging: string, state: 'pending' | 'uploaded' | 'failed', bytes?: Buffer }} Attachment
 * @typedef {{ reorder: boolean, held?: string, heldTimer?: NodeJS.Timeout, duplicate: boolean, failNextUpload: boolean,
 *   refuseNextPut: boolean }} Chaos
 * @typedef {{ id: string, token: string, deploymentId: string, createdAt: string, expiresAtMs: number,
 *   readOnly: boolean, expired: boolean, closed: boolean, disconnected: boolean, jwtRevoked: boolean, user?: string,
 *   issuedJwts: string[], expiredJwts: Set<string>,
 *   messages: MessageBody[], customAttributes: Record<string, string>, sockets: Set<import('ws').WebSocket>,
 *   attachments: Map<string, Attachment>, agent?: Participant, greeted: boolean, sendTimes: number[],
 *   chaos: Chaos, timers: Set<NodeJS.Timeout> }} Session
 */

/**
 * @param {{ now: () => number, durationSeconds: () => number }} opts
 */
export function createSessions(opts) {
  /** @type {Map<string, Session>} every session ever made, oldest first */
  const all = new Map();
  /** @type {Map<string, Session>} the current session of each token */
  const byToken = new Map();
  /** Messages per window; Infinity: no limit. */
  const rate = { maxMessages: Infinity, windowSec: 10 };

  const iso = () => new Date(opts.now()).toISOString();

  /**
   * @param {string} token
   * @param {string} deploymentId
   * @returns {Session}
   */
  function create(token, deploymentId) {
    /** @type {Session} */
    const session = {
      id: randomUUID(),
      token,
      deploymentId,
      createdAt: iso(),
      expiresAtMs: 0,
      readOnly: false,
      expired: false,
      closed: false,
      disconnected: false,
      jwtRevoked: false,
      issuedJwts: [],
      expiredJwts: new Set(),
      messages: [],
      customAttributes: {},
      sockets: new Set(),
      attachments: new Map(),
      greeted: false,
      sendTimes: [],
      chaos: { reorder: false, duplicate: false, failNextUpload: false, refuseNextPut: false },
      timers: new Set(),
    };
    touch(session);
    all.set(session.id, session);
    byToken.set(token, session);
    return session;
  }

  /**
   * Activity pushes the expiry back by `durationSeconds`.
   * @param {Session} session
   */
  function touch(session) {
    session.expiresAtMs = opts.now() + opts.durationSeconds() * 1000;
  }

  /** @param {Session} session */
  const isExpired = (session) => session.expired || opts.now() >= session.expiresAtMs;

  /**
   * The session `configureSession` resumes, or undefined when it must start a new one (§2.3): never used,
   * `startNew`, cleared or closed, or expired without being read-only.
   * @param {string} token
   */
  function resumable(token) {
    const session = byToken.get(token);
    if (!session || session.closed) return undefined;
    if (isExpired(session) && !session.readOnly) return undefined;
    return session;
  }

  /**
   * @param {Session} session
   * @param {string} data
   */
  function broadcast(session, data) {
    for (const ws of session.sockets) if (ws.readyState === ws.OPEN) ws.send(data);
  }

  /** @param {Session} session */
  function releaseHeld(session) {
    const { chaos } = session;
    clearTimeout(chaos.heldTimer);
    const held = chaos.held;
    chaos.held = undefined;
    chaos.heldTimer = undefined;
    return held;
  }

  /**
   * Sends a frame to every socket of the session, through the chaos switches: a held frame goes out after
   * the next one (reorder), and a duplicated frame goes out twice.
   * @param {Session} session
   * @param {object} frame
   */
  function push(session, frame) {
    const data = JSON.stringify(frame);
    const { chaos } = session;
    const held = releaseHeld(session);
    if (held !== undefined) {
      broadcast(session, data);
      broadcast(session, held);
      return;
    }
    if (chaos.reorder) {
      chaos.reorder = false;
      chaos.held = data;
      chaos.heldTimer = setTimeout(() => {
        const late = releaseHeld(session);
        if (late !== undefined) broadcast(session, late);
      }, REORDER_HOLD_MS);
      return;
    }
    broadcast(session, data);
    if (chaos.duplicate) {
      chaos.duplicate = false;
      broadcast(session, data);
    }
  }

  /**
   * Counts one `onMessage`; answers the seconds to wait when the session is over the rate limit.
   * @param {Session} session
   * @returns {number | undefined}
   */
  function overRate(session) {
    const nowMs = opts.now();
    const windowMs = rate.windowSec * 1000;
    session.sendTimes = session.sendTimes.filter((time) => time > nowMs - windowMs);
    if (session.sendTimes.length >= rate.maxMessages) {
      return Math.max(1, Math.ceil((session.sendTimes[0] + windowMs - nowMs) / 1000));
    }
    session.sendTimes.push(nowMs);
    return undefined;
  }

  /**
   * Runs `action` after `delayMs` unless the server stops first.
   * @param {Session} session
   * @param {number} delayMs
   * @param {() => void} action
   */
  function later(session, delayMs, action) {
    const timer = setTimeout(() => {
      session.timers.delete(timer);
      action();
    }, delayMs);
    session.timers.add(timer);
  }

  /** @param {Session} session */
  function stopTimers(session) {
    for (const timer of session.timers) clearTimeout(timer);
    session.timers.clear();
    releaseHeld(session);
  }

  return { all, byToken, rate, iso, create, touch, isExpired, resumable, push, overRate, later, stopTimers };
}

/** @typedef {ReturnType<typeof createSessions>} Sessions */
