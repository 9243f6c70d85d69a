/**
 * The game socket: receives a whole view, then the changes to it (docs/protocol.md). It holds
 * the view and its seq, applies each change whose base is that seq and checks the digest of
 * the result. A gap (a change from another seq), or a heartbeat naming a newer seq, makes it
 * send {"type": "resume", "last_seq": K}: the server sends the changes since K or the whole
 * view; a digest that does not match asks for the whole view (last_seq 0). After a drop it
 * reconnects with back-off, asking for the changes since the seq it holds (``?since=K``).
 * It also carries commands ({"type": "command", "id", "command"}), answered with an ack or an
 * error frame of the same id. Written against a minimal socket interface so that the unit tests can drive it with a fake.
 *
 * Over 400 lines because the connection's states (open, resuming, backing off, offline, closed
 * for good) and the commands waiting for their answers are one machine, read best in one place.
 */

import { ApiError } from "./api";
import { applyChange, digest } from "./changes";
import type { Command } from "./commands.gen";
import type { Presence, View } from "./types";

/** A command frame that never got its answer: the socket was not open, or dropped, or the
 * answer took too long. The command may have run: send it again with the same id. */
export class CommandNotAnswered extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandNotAnswered";
  }
}

interface PendingCommand {
  resolve: (result: { seq: number; replayed: boolean }) => void;
  reject: (error: Error) => void;
  timer: unknown;
}

export type ConnectionStatus =
  | { kind: "connecting" }
  | { kind: "live" }
  | { kind: "reconnecting"; attempt: number; retryAt: number }
  | { kind: "offline" }
  | { kind: "denied"; code: number; message: string };

export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SocketOptions {
  url: string;
  /** A view to show; ``arrivedAt`` is when its frame arrived (``performance.now()``). */
  onState: (seq: number, view: View, arrivedAt: number) => void;
  onStatus: (status: ConnectionStatus) => void;
  /** Every frame's ``server_time`` with the local time it arrived (for the clock offset). */
  onServerTime?: (serverTime: string, receivedAt: number) => void;
  /** Control's sockets: who is connected, per role. */
  onPresence?: (presence: Presence) => void;
  create?: (url: string) => SocketLike;
  clock?: Clock;
  random?: () => number;
  /** Without any frame for this long (heartbeats come every 30 s) the socket is presumed dead. */
  silenceMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

const OPEN = 1;

/** Close codes after which reconnecting cannot help (docs/protocol.md). */
export const FATAL_CLOSE: Record<number, string> = {
  4400: "That role does not exist in this game.",
  4401: "This link is not valid any more. Ask the facilitator for a new one.",
  4403: "This link belongs to another game, or you may not watch this game.",
  4404: "There is no such game.",
  4413: "This game's record has grown larger than the server sends in one message. Ask the facilitator to raise the server's message limit.",
};

/** Back-off before reconnect attempt ``attempt`` (0-based): doubling, capped, with jitter. */
export function backoffDelay(attempt: number, base: number, max: number, random: () => number): number {
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 16));
  // "Equal jitter": at least half the ceiling, so many clients do not come back in lock-step.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function socketUrl(location: { protocol: string; host: string }, gameId: string, token?: string | null, as?: string | null): string {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const query = new URLSearchParams();
  if (token) query.set("token", token);
  if (as) query.set("as", as);
  const text = query.toString();
  return `${scheme}://${location.host}/ws/games/${encodeURIComponent(gameId)}/${text ? "?" + text : ""}`;
}

const browserClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
};

export class GameSocket {
  lastSeq = 0;
  /** The view at ``lastSeq`` (null before the first). */
  view: View | null = null;
  /** The seq last asked for with a resume, until something arrives from it. */
  private resumedFrom: number | null = null;
  status: ConnectionStatus = { kind: "connecting" };
  private socket: SocketLike | null = null;
  private attempt = 0;
  private retryTimer: unknown = null;
  private silenceTimer: unknown = null;
  private stopped = false;
  private offline = false;
  private name = "";
  private readonly pending = new Map<string, PendingCommand>();
  private readonly opts: Required<Omit<SocketOptions, "onState" | "onStatus" | "url" | "onServerTime" | "onPresence">> & SocketOptions;

  constructor(options: SocketOptions) {
    this.opts = {
      create: (url: string) => new WebSocket(url) as unknown as SocketLike,
      clock: browserClock,
      random: Math.random,
      silenceMs: 75_000,
      baseDelayMs: 500,
      maxDelayMs: 15_000,
      ...options,
    };
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    this.abandonCommands("the page closed its connection");
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = socket.onmessage = socket.onopen = socket.onerror = null;
      socket.close(1000, "page closed");
    }
  }

  /** The browser went offline: drop the socket now rather than wait for it to time out. */
  goOffline(): void {
    if (this.stopped || this.status.kind === "denied") return;
    this.offline = true;
    this.clearTimers();
    this.drop();
    this.setStatus({ kind: "offline" });
  }

  /** Back online, or the page became visible again: try at once instead of waiting. */
  reconnectNow(): void {
    if (this.stopped || this.status.kind === "denied") return;
    this.offline = false;
    if (this.socket && this.socket.readyState === OPEN) return;
    this.clearTimers();
    this.drop();
    this.connect();
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status;
    this.opts.onStatus(status);
  }

  private clearTimers(): void {
    const { clock } = this.opts;
    if (this.retryTimer !== null) clock.clearTimeout(this.retryTimer);
    if (this.silenceTimer !== null) clock.clearTimeout(this.silenceTimer);
    this.retryTimer = this.silenceTimer = null;
  }

  private drop(): void {
    this.abandonCommands("the connection dropped before the server answered");
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = socket.onmessage = socket.onopen = socket.onerror = null;
      try {
        socket.close(4000, "reconnecting");
      } catch {
        /* already closed */
      }
    }
  }

  private connect(): void {
    if (this.stopped) return;
    if (this.attempt === 0) this.setStatus({ kind: "connecting" });
    let socket: SocketLike;
    try {
      // Back with a view: only what changed since it, if the server still has that.
      const url = this.view && this.lastSeq > 0 ? `${this.opts.url}${this.opts.url.includes("?") ? "&" : "?"}since=${this.lastSeq}` : this.opts.url;
      this.resumedFrom = null;
      socket = this.opts.create(url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.armSilence();
      this.setStatus({ kind: "live" });
      if (this.name) socket.send(JSON.stringify({ type: "identify", name: this.name }));
    };
    socket.onmessage = (event) => {
      this.armSilence();
      this.receive(event.data);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.abandonCommands("the connection dropped before the server answered");
      this.clearTimers();
      const fatal = FATAL_CLOSE[event.code];
      if (fatal) {
        this.setStatus({ kind: "denied", code: event.code, message: fatal });
        return;
      }
      if (this.offline) {
        this.setStatus({ kind: "offline" });
        return;
      }
      this.scheduleRetry();
    };
    socket.onerror = () => {
      /* onclose follows and decides */
    };
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    const { baseDelayMs, maxDelayMs, random, clock } = this.opts;
    const delay = backoffDelay(this.attempt, baseDelayMs, maxDelayMs, random);
    this.attempt += 1;
    this.setStatus({ kind: "reconnecting", attempt: this.attempt, retryAt: clock.now() + delay });
    this.retryTimer = clock.setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private armSilence(): void {
    const { clock, silenceMs } = this.opts;
    if (this.silenceTimer !== null) clock.clearTimeout(this.silenceTimer);
    this.silenceTimer = clock.setTimeout(() => {
      this.silenceTimer = null;
      // No heartbeat for too long: the connection is dead even if the browser has not noticed.
      this.drop();
      this.scheduleRetry();
    }, silenceMs);
  }

  /** The name the people at this browser gave: sent now and after every reconnect. */
  identify(name: string): void {
    const trimmed = name.trim().slice(0, 60);
    if (trimmed === this.name) return;
    this.name = trimmed;
    if (trimmed && this.socket && this.socket.readyState === OPEN) {
      this.socket.send(JSON.stringify({ type: "identify", name: trimmed }));
    }
  }

  private resume(lastSeq: number): void {
    if (this.resumedFrom === lastSeq || !this.socket || this.socket.readyState !== OPEN) return;
    this.resumedFrom = lastSeq;
    this.socket.send(JSON.stringify({ type: "resume", last_seq: lastSeq }));
  }

  private receive(data: unknown): void {
    if (typeof data !== "string") return;
    const arrivedAt = performance.now();
    let message: {
      type?: unknown;
      seq?: unknown;
      base?: unknown;
      view?: unknown;
      ops?: unknown;
      digest?: unknown;
      server_time?: unknown;
      roles?: unknown;
      id?: unknown;
      replayed?: unknown;
      status?: unknown;
      code?: unknown;
      message?: unknown;
    };
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof message.server_time === "string") this.opts.onServerTime?.(message.server_time, this.opts.clock.now());
    if ((message.type === "ack" || message.type === "error") && typeof message.id === "string") {
      const { seq, replayed, status, code, message: text } = message;
      if (message.type === "ack" && typeof seq === "number") {
        this.settle(message.id, (p) => p.resolve({ seq, replayed: replayed === true }));
      } else if (message.type === "error") {
        const error = new ApiError(
          typeof status === "number" ? status : 400,
          typeof code === "string" ? code : "error",
          typeof text === "string" ? text : "The server refused the command.",
          message,
        );
        this.settle(message.id, (p) => p.reject(error));
      }
      return;
    }
    if (message.type === "presence" && message.roles && typeof message.roles === "object") {
      this.opts.onPresence?.({ roles: message.roles as Presence["roles"] });
      return;
    }
    if (message.type === "heartbeat" && typeof message.seq === "number" && message.seq > this.lastSeq) {
      // The server's log is ahead of the view this page holds: a frame was lost (or never
      // sent). Ask for what changed since rather than wait for the next change (again at
      // each heartbeat, should an answer be lost too).
      this.resumedFrom = null;
      if (this.view) this.resume(this.lastSeq);
      return;
    }
    if (message.type === "state" && typeof message.seq === "number" && message.view) {
      if (message.seq < this.lastSeq && this.view) return; // an older view than the one shown
      const view = message.view as View;
      // Hashed now, while nothing is being applied: later changes rehash only what they touch.
      if (typeof message.digest === "string" && digest(view) !== message.digest) {
        console.warn("wargame: a whole view's digest differs from the server's");
      }
      this.hold(message.seq, view, arrivedAt);
      return;
    }
    if (message.type === "change" && typeof message.seq === "number" && typeof message.base === "number") {
      if (message.seq <= this.lastSeq) return; // already held (a resume crossing a change)
      if (!this.view || message.base !== this.lastSeq) {
        this.resume(this.view ? this.lastSeq : 0); // a gap: from the seq held
        return;
      }
      let next: View;
      try {
        next = applyChange(this.view, message.ops);
      } catch {
        this.resume(0);
        return;
      }
      if (typeof message.digest !== "string" || digest(next) !== message.digest) {
        this.resume(0); // this page and the server disagree: the whole view, please
        return;
      }
      try {
        // Parsing, applying and checking alone (the page's render follows: game.ts).
        performance.measure("wargame:change", { start: arrivedAt, detail: { seq: message.seq } });
        if (performance.getEntriesByName("wargame:change").length > 500) performance.clearMeasures("wargame:change");
      } catch {
        /* no User Timing */
      }
      this.hold(message.seq, next, arrivedAt);
    }
  }

  /** Whether a command sent now would go out on an open socket. */
  get open(): boolean {
    return this.socket !== null && this.socket.readyState === OPEN;
  }

  /**
   * Send a command as a frame whose id is its idempotency key. Resolves with the seq the ack
   * names; rejects with an ApiError for an error frame (the REST API's status, code and
   * message), or with CommandNotAnswered when the socket is not open, drops, or stays silent
   * for ``timeoutMs``: then send it again with the same id (over REST: as its Idempotency-Key).
   */
  command(id: string, command: Command, timeoutMs = 10_000): Promise<{ seq: number; replayed: boolean }> {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) {
      return Promise.reject(new CommandNotAnswered("the connection is not open"));
    }
    return new Promise((resolve, reject) => {
      const timer = this.opts.clock.setTimeout(() => {
        this.pending.delete(id);
        reject(new CommandNotAnswered("the server did not answer in time"));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      try {
        socket.send(JSON.stringify({ type: "command", id, command }));
      } catch {
        this.settle(id, (p) => p.reject(new CommandNotAnswered("the connection is not open")));
      }
    });
  }

  private settle(id: string, action: (pending: PendingCommand) => void): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    this.opts.clock.clearTimeout(pending.timer);
    action(pending);
  }

  private abandonCommands(reason: string): void {
    for (const id of [...this.pending.keys()]) {
      this.settle(id, (p) => p.reject(new CommandNotAnswered(reason)));
    }
  }

  private hold(seq: number, view: View, arrivedAt: number): void {
    this.lastSeq = seq;
    this.view = view;
    this.resumedFrom = null;
    this.opts.onState(seq, view, arrivedAt);
  }

  /** A view that arrived another way (a REST fetch): held if newer, so that the next change
   *  or resume goes from there. */
  noteView(seq: number, view: View): void {
    if (this.view && seq <= this.lastSeq) return;
    this.lastSeq = seq;
    this.view = view;
  }
}
