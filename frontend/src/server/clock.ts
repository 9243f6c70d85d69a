/**
 * The server owns time: frames carry ``server_time``, from which the page estimates how far its
 * own clock is off, and every countdown is computed on the server's clock.
 */

import { useEffect, useState } from "react";
import type { Deadline, GameInfo } from "./types";

/** One sample of the offset (server minus client, ms) from a frame received at ``receivedAt``. */
export function offsetSample(serverTime: string, receivedAt: number): number | null {
  const server = Date.parse(serverTime);
  if (Number.isNaN(server)) return null;
  return server - receivedAt;
}

/**
 * The client's clock offset: the median of the last few samples, so one frame delayed in a
 * queue does not move every countdown on the page.
 */
export class ClockOffset {
  private samples: number[] = [];
  private listeners = new Set<() => void>();
  constructor(private readonly keep = 7) {}

  add(serverTime: string | undefined | null, receivedAt: number): void {
    if (!serverTime) return;
    const sample = offsetSample(serverTime, receivedAt);
    if (sample === null) return;
    this.samples.push(sample);
    if (this.samples.length > this.keep) this.samples.shift();
    for (const listener of this.listeners) listener();
  }

  get offset(): number {
    if (this.samples.length === 0) return 0;
    const sorted = [...this.samples].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
  }

  /** The server's time now, in ms, from the local clock. */
  now(local: number = Date.now()): number {
    return local + this.offset;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The page's one estimate of the server clock. */
export const serverClock = new ClockOffset();

/** The deadline object, whatever shape the server sent (a bare ISO string from older servers). */
export function deadlineOf(game: Pick<GameInfo, "deadline" | "turn" | "phase">): Deadline | null {
  const d = game.deadline;
  if (!d) return null;
  if (typeof d === "string") return { id: d, at: d, remaining_seconds: null, on_expiry: "alert", turn: game.turn, phase: game.phase ?? "" };
  return d;
}

export type ClockState =
  | { kind: "none" }
  | { kind: "running"; seconds: number; at: string }
  | { kind: "paused"; seconds: number }
  | { kind: "expired"; at: string | null };

/** Where a deadline stands at server time ``serverNow`` (ms). Paused: the frozen remainder. */
export function clockState(deadline: Deadline | null, serverNow: number, paused = false): ClockState {
  if (!deadline) return { kind: "none" };
  if (deadline.remaining_seconds !== null && deadline.remaining_seconds !== undefined && (paused || !deadline.at)) {
    return deadline.remaining_seconds > 0 ? { kind: "paused", seconds: deadline.remaining_seconds } : { kind: "expired", at: null };
  }
  if (!deadline.at) return { kind: "none" };
  const at = Date.parse(deadline.at);
  if (Number.isNaN(at)) return { kind: "none" };
  const seconds = Math.ceil((at - serverNow) / 1000);
  if (paused) return seconds > 0 ? { kind: "paused", seconds } : { kind: "expired", at: deadline.at };
  return seconds > 0 ? { kind: "running", seconds, at: deadline.at } : { kind: "expired", at: deadline.at };
}

/** "4:05", "12:00", "1:02:03": minutes and seconds, hours when needed. */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  // A phase of a game played over days: the days first, then the time of day left.
  if (days > 0) return `${days} d ${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${rest}`;
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}

/** What happens at expiry, in the White Cell's words. */
export const ON_EXPIRY_TEXT: Record<string, string> = {
  alert: "Only alert the White Cell",
  lock_orders: "Lock the orders of every team that has not locked",
  advance: "Move on to the next phase",
  roll: "Roll the moves still waiting at their proposed odds, then move on",
};

/** What the server will do when the deadline passes, in a team's words ("" when nothing). */
export function expiryForTeams(deadline: Deadline | null): string {
  if (!deadline || deadline.expired) return "";
  switch (deadline.on_expiry) {
    case "lock_orders":
      return "When time is up, the orders of every team that has not locked close.";
    case "advance":
      return "When time is up, the game moves on by itself.";
    case "roll":
      return "When time is up, the moves still waiting are rolled and the game moves on.";
    default:
      return "";
  }
}

/** The server's time now, ticking once a second and whenever the offset estimate changes. */
export function useServerNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => serverClock.now());
  useEffect(() => {
    const tick = () => setNow(serverClock.now());
    const timer = window.setInterval(tick, intervalMs);
    const unsubscribe = serverClock.subscribe(tick);
    return () => {
      window.clearInterval(timer);
      unsubscribe();
    };
  }, [intervalMs]);
  return now;
}

/** A short beep through Web Audio (the deadline alert); silently nothing where audio is barred. */
export function beep(times = 3): void {
  try {
    const Ctx = (window as unknown as { AudioContext?: typeof AudioContext; webkitAudioContext?: typeof AudioContext }).AudioContext ??
      (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    for (let i = 0; i < times; i++) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = "sine";
      osc.frequency.value = 880;
      const start = ctx.currentTime + i * 0.35;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.3, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.25);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.3);
    }
    window.setTimeout(() => void ctx.close(), times * 350 + 400);
  } catch {
    /* no audio here */
  }
}
