/** Formatting and small derivations shared by the pages. Pure functions, unit-tested. */

import type { Audience, Effect, GameInfo, Indicator, Message, Move, Phase, View } from "../server/types";

/** A signed number with a real minus sign: "+3", "−2", "0". */
export function signed(n: number): string {
  if (n > 0) return `+${n}`;
  if (n < 0) return `\u2212${Math.abs(n)}`;
  return "0";
}

const PHASE_LABELS: Record<string, string> = {
  briefing: "Briefing",
  diplomacy: "Diplomacy",
  orders: "Orders",
  adjudication: "Adjudication",
  results: "Results",
};

export function phaseLabel(phase: Phase | string | null | undefined): string {
  if (!phase) return "";
  return PHASE_LABELS[phase] ?? phase.charAt(0).toUpperCase() + phase.slice(1);
}

/** What the phase means for a player, in one line. */
export function phaseHint(phase: Phase | string | null | undefined): string {
  switch (phase) {
    case "briefing":
      return "Read the state of the world and any new injects.";
    case "diplomacy":
      return "Talk to the other capitals.";
    case "orders":
      return "Submit your moves, then lock your orders.";
    case "adjudication":
      return "The White Cell resolves the moves. Argue for or against other seats' public moves.";
    case "results":
      return "The turn's outcomes are published.";
    default:
      return "";
  }
}

export function seatName(view: Pick<View, "seats"> | null, role: string | null | undefined): string {
  if (!role) return "";
  if (role === "control") return "White Cell";
  if (role === "observer") return "Observer";
  const seat = view?.seats.find((s) => s.role === role);
  return seat ? seat.name : role.charAt(0).toUpperCase() + role.slice(1);
}

export function seatNames(view: Pick<View, "seats"> | null, roles: string[]): string {
  return roles.map((r) => seatName(view, r)).join(", ");
}

export function audienceText(view: Pick<View, "seats"> | null, audience: Audience): string {
  if (audience === "all") return "everyone";
  if (audience.length === 0) return "White Cell only";
  return seatNames(view, audience);
}

/** The status line of a game: "Setup", "Turn 2 of 6 · June 2024 · Orders", "Ended". */
export function gameStatusText(game: GameInfo): string {
  if (game.status === "setup") return "Setting up: waiting for the White Cell to start";
  if (game.status === "ended") return "Game over";
  const parts = [`Turn ${game.turn} of ${game.turns}`];
  if (game.turn_label) parts.push(game.turn_label);
  parts.push(phaseLabel(game.phase));
  return parts.join(" · ") + (game.paused ? " · paused" : "");
}

/** How an indicator moved during the current turn (or since the start when no turn has begun). */
export function turnChange(indicator: Indicator, turn: number): number {
  const before = [...indicator.history].reverse().find((p) => p.turn < turn);
  const start = before ?? indicator.history[0];
  return start ? indicator.value - start.value : 0;
}

export function trendWord(delta: number): string {
  if (delta > 0) return "rising";
  if (delta < 0) return "falling";
  return "steady";
}

/** The points of a sparkline: one value per recorded change, starting value first. */
export function sparkPoints(
  indicator: Indicator,
  width: number,
  height: number,
  pad = 2,
): string {
  const values = indicator.history.map((p) => p.value);
  if (values.length === 0) values.push(indicator.value);
  if (values.length === 1) values.push(values[0]);
  const span = indicator.max - indicator.min || 1;
  const step = (width - 2 * pad) / (values.length - 1);
  return values
    .map((v, i) => {
      const x = pad + i * step;
      const y = pad + (height - 2 * pad) * (1 - (v - indicator.min) / span);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
}

export function effectsText(effects: Effect[], indicators: Pick<Indicator, "id" | "name">[]): string {
  if (effects.length === 0) return "no change";
  return effects
    .map((e) => `${indicators.find((i) => i.id === e.indicator)?.name ?? e.indicator} ${signed(e.delta)}`)
    .join("; ");
}

/** The people in a conversation, sorted: a seat's messages are grouped into these rooms. */
export function roomKey(message: Pick<Message, "from" | "to">): string {
  return [...new Set([message.from, ...message.to])].sort().join("+");
}

export interface Room {
  key: string;
  members: string[];
  messages: Message[];
  lastSeq: number;
}

/** Group messages into rooms (one per set of participants), the most recently active first. */
export function rooms(messages: Message[]): Room[] {
  const byKey = new Map<string, Room>();
  for (const message of messages) {
    const key = roomKey(message);
    let room = byKey.get(key);
    if (!room) {
      room = { key, members: key.split("+"), messages: [], lastSeq: 0 };
      byKey.set(key, room);
    }
    room.messages.push(message);
    room.lastSeq = Math.max(room.lastSeq, message.seq);
  }
  return [...byKey.values()].sort((a, b) => b.lastSeq - a.lastSeq);
}

/** The other members of a room, from one seat's chair. */
export function roomTitle(view: Pick<View, "seats"> | null, room: Pick<Room, "members">, me: string | null): string {
  const others = room.members.filter((m) => m !== me);
  return seatNames(view, others.length ? others : room.members);
}

export function clockTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleString([], {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });
}

/** An ISO deadline ``minutes`` from ``now``. */
export function deadlineIn(minutes: number, now: Date): string {
  return new Date(now.getTime() + Math.round(minutes * 60_000)).toISOString();
}

/** What a move does, in a few words: its catalog name, or a free argument's own words. Moves,
 * intelligence reports and reveals all carry these fields. */
export function moveTitle(move: { action?: string; action_name?: string; argument?: unknown }): string {
  const argument = move.argument as { action?: string } | null | undefined;
  if (move.action === "free" && argument?.action) return argument.action;
  return move.action_name ?? "Secret move";
}

export function statusText(move: Move): string {
  if (move.status === "withdrawn") return "withdrawn";
  if (move.status === "submitted") return "submitted, sealed";
  if (move.action === undefined) return "details secret";
  if (move.outcome) return "adjudicated";
  return "awaiting adjudication";
}

/** Moves grouped by turn, newest turn first. */
export function byTurn<T extends { turn: number }>(items: T[]): [number, T[]][] {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const group = groups.get(item.turn) ?? [];
    group.push(item);
    groups.set(item.turn, group);
  }
  return [...groups.entries()].sort((a, b) => b[0] - a[0]);
}

export function plural(n: number, one: string, many = one + "s"): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** How the pages name a move: "Move 2" (its place among its seat's moves of its turn, which
 * the server gives every chair alike). Ids are opaque labels; a log of an older engine has
 * numbered ids ("m3" → "Move 3"). */
export function moveLabel(move: { id: string; number?: number | null }): string {
  if (move.number) return `Move ${move.number}`;
  const match = /^m(\d+)$/.exec(move.id);
  return match ? `Move ${match[1]}` : "Move";
}
