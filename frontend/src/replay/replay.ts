/**
 * The after-action replay's state handling, kept free of React so the unit tests can reach it:
 * which chairs may be chosen, the scrubber's turn markers and steps, the cache of views per
 * (seq, role), the indicator charts' scales and the check of secret-move commitments.
 */

import type { Cause, StateBody, StoredEvent, TimelineEntry, View } from "../server/types";
import { sha256Hex } from "./sha256";

// ---- chairs ----------------------------------------------------------------------------------

/** Every chair of a game, in the order the selector shows them. */
export function perspectives(view: Pick<View, "seats">): string[] {
  return ["control", ...view.seats.map((s) => s.role), "observer"];
}

/** Whether the caller may sit in other chairs: control always, everyone once the record is open. */
export function canChooseChair(role: string, view: Pick<View, "game">): boolean {
  return role === "control" || view.game.record_open;
}

// ---- the scrubber ----------------------------------------------------------------------------

export interface PhaseStart {
  seq: number;
  turn: number;
  phase: string | null;
}

/** Where each phase began: the game's start and every phase change (public events). */
export function phaseStarts(timeline: Pick<TimelineEntry, "seq" | "turn" | "phase" | "type">[]): PhaseStart[] {
  return timeline
    .filter((e) => e.type === "game_started" || e.type === "phase_advanced")
    .map((e) => ({ seq: e.seq, turn: e.turn, phase: e.phase }))
    .sort((a, b) => a.seq - b.seq);
}

/** Turn and phase at a seq (null before the game started). */
export function positionAt(starts: PhaseStart[], seq: number): PhaseStart | null {
  let found: PhaseStart | null = null;
  for (const start of starts) {
    if (start.seq <= seq) found = start;
    else break;
  }
  return found;
}

export interface TurnMarker {
  seq: number;
  kind: "turn" | "end" | "open";
  turn: number;
  label: string;
  title: string;
  /** 0..1 along the slider. */
  at: number;
  /** 0 or 1: labels that would touch their left neighbour drop to a second row. */
  row: number;
}

/** Fraction of the way along a scale from ``min`` to ``max`` (0 when they are equal). */
export function fraction(value: number, min: number, max: number): number {
  if (max <= min) return 0;
  return Math.min(1, Math.max(0, (value - min) / (max - min)));
}

/**
 * The slider's markers: where each turn began, where the game ended and where the record was
 * opened. ``gap`` is the distance (0..1) below which two labels would collide.
 */
export function turnMarkers(
  timeline: Pick<TimelineEntry, "seq" | "turn" | "phase" | "type">[],
  maxSeq: number,
  turnLabels: string[] = [],
  gap = 0.06,
): TurnMarker[] {
  const markers: TurnMarker[] = [];
  const seen = new Set<number>();
  for (const entry of [...timeline].sort((a, b) => a.seq - b.seq)) {
    if ((entry.type === "game_started" || entry.type === "phase_advanced") && entry.turn > 0 && !seen.has(entry.turn)) {
      seen.add(entry.turn);
      const label = turnLabels[entry.turn - 1];
      markers.push({
        seq: entry.seq,
        kind: "turn",
        turn: entry.turn,
        label: `T${entry.turn}`,
        title: `Turn ${entry.turn}${label ? ` · ${label}` : ""}`,
        at: 0,
        row: 0,
      });
    } else if (entry.type === "game_ended") {
      markers.push({ seq: entry.seq, kind: "end", turn: entry.turn, label: "End", title: "The game ended", at: 0, row: 0 });
    } else if (entry.type === "record_opened") {
      markers.push({ seq: entry.seq, kind: "open", turn: entry.turn, label: "Open", title: "The record was opened to every role", at: 0, row: 0 });
    }
  }
  const lastOnRow = [-Infinity, -Infinity];
  for (const marker of markers) {
    marker.at = fraction(marker.seq, 1, maxSeq);
    marker.row = marker.at - lastOnRow[0] >= gap ? 0 : marker.at - lastOnRow[1] >= gap ? 1 : 0;
    lastOnRow[marker.row] = marker.at;
  }
  return markers;
}

/** The seqs the step buttons stop at: every event the chair saw, plus the first and last seq. */
export function stops(timeline: Pick<TimelineEntry, "seq">[], maxSeq: number, extra: number[] = []): number[] {
  const set = new Set<number>([1, maxSeq, ...extra]);
  for (const entry of timeline) if (entry.seq >= 1 && entry.seq <= maxSeq) set.add(entry.seq);
  return [...set].sort((a, b) => a - b);
}

/** The next (dir 1) or previous (dir -1) stop from ``seq``; stays put at either end. */
export function step(stopList: number[], seq: number, dir: 1 | -1): number {
  if (dir > 0) return stopList.find((s) => s > seq) ?? seq;
  for (let i = stopList.length - 1; i >= 0; i--) if (stopList[i] < seq) return stopList[i];
  return seq;
}

/** The start of the next turn, or (backwards) of this turn, or of the previous one if at its start. */
export function turnStep(markers: Pick<TurnMarker, "seq">[], seq: number, dir: 1 | -1, maxSeq: number): number {
  const seqs = [1, ...markers.map((m) => m.seq), maxSeq].sort((a, b) => a - b);
  return step([...new Set(seqs)], seq, dir);
}

export function clampSeq(seq: number, maxSeq: number): number {
  if (!Number.isFinite(seq)) return maxSeq;
  return Math.min(maxSeq, Math.max(1, Math.round(seq)));
}

// ---- the address bar -------------------------------------------------------------------------

export interface ReplayParams {
  at: number | null;
  as: string | null;
}

/** ``?at=34&as=beijing`` (the token stays in the fragment, never here). */
export function readParams(search: string): ReplayParams {
  const query = new URLSearchParams(search);
  const at = Number(query.get("at"));
  const as = query.get("as");
  return { at: Number.isInteger(at) && at > 0 ? at : null, as: as && /^[a-z0-9_-]{1,40}$/.test(as) ? as : null };
}

export function writeParams(search: string, params: ReplayParams): string {
  const query = new URLSearchParams(search);
  if (params.at) query.set("at", String(params.at));
  else query.delete("at");
  if (params.as) query.set("as", params.as);
  else query.delete("as");
  const text = query.toString();
  return text ? `?${text}` : "";
}

// ---- views per (seq, role) -------------------------------------------------------------------

/**
 * Views at a seq never change (the log is append-only), so each (seq, role) is fetched once.
 * In-flight requests are shared; failures are forgotten so a retry asks again; the oldest
 * entries go when there are more than ``limit``.
 */
export class ViewCache {
  private readonly entries = new Map<string, { promise: Promise<StateBody>; body?: StateBody }>();

  constructor(
    private readonly fetcher: (seq: number, role: string) => Promise<StateBody>,
    private readonly limit = 200,
  ) {}

  static key(seq: number, role: string): string {
    return `${seq}|${role}`;
  }

  peek(seq: number, role: string): StateBody | undefined {
    return this.entries.get(ViewCache.key(seq, role))?.body;
  }

  get(seq: number, role: string): Promise<StateBody> {
    const key = ViewCache.key(seq, role);
    const found = this.entries.get(key);
    if (found) {
      // Recently used: move to the end.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found.promise;
    }
    const entry: { promise: Promise<StateBody>; body?: StateBody } = {
      promise: this.fetcher(seq, role).then(
        (body) => {
          entry.body = body;
          return body;
        },
        (error) => {
          if (this.entries.get(key) === entry) this.entries.delete(key);
          throw error;
        },
      ),
    };
    this.entries.set(key, entry);
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return entry.promise;
  }

  get size(): number {
    return this.entries.size;
  }
}

// ---- indicator charts ------------------------------------------------------------------------

export interface ChartFrame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  firstSeq: number;
  lastSeq: number;
  min: number;
  max: number;
}

export function xOf(frame: ChartFrame, seq: number): number {
  const inner = frame.width - frame.left - frame.right;
  return frame.left + inner * fraction(seq, frame.firstSeq, frame.lastSeq);
}

export function yOf(frame: ChartFrame, value: number): number {
  const inner = frame.height - frame.top - frame.bottom;
  return frame.top + inner * (1 - fraction(value, frame.min, frame.max));
}

export interface SeriesPoint {
  seq: number;
  value: number;
}

/**
 * An indicator's value as a step line: it holds until the next change. The line starts at
 * ``from`` (or the first point) and runs to ``until``; points outside are left out, and the
 * value already standing at ``from`` is carried in.
 */
export function stepPath(frame: ChartFrame, points: SeriesPoint[], from: number, until: number): string {
  if (until < from) return "";
  const sorted = [...points].sort((a, b) => a.seq - b.seq);
  const before = sorted.filter((p) => p.seq <= from).pop();
  const inside = sorted.filter((p) => p.seq > from && p.seq <= until);
  const first = before ?? inside.shift();
  if (!first) return "";
  const start = Math.max(from, first.seq);
  const r = (n: number) => Math.round(n * 10) / 10;
  const parts = [`M${r(xOf(frame, start))},${r(yOf(frame, first.value))}`];
  for (const point of inside) {
    parts.push(`H${r(xOf(frame, point.seq))}`, `V${r(yOf(frame, point.value))}`);
  }
  parts.push(`H${r(xOf(frame, until))}`);
  return parts.join(" ");
}

/** The value standing at ``seq`` (the last change at or before it), or null before the first. */
export function valueAt(points: SeriesPoint[], seq: number): number | null {
  let value: number | null = null;
  for (const point of [...points].sort((a, b) => a.seq - b.seq)) {
    if (point.seq <= seq) value = point.value;
    else break;
  }
  return value;
}

export type CauseKind = "start" | "adjudication" | "inject" | "adjustment" | "void" | "undisclosed" | string;

/** What moved an indicator, in words, using only what ``view`` (the chair at that point) knows. */
export function causeText(cause: Cause, view?: Pick<View, "moves" | "injects" | "intelligence"> | null): string {
  switch (cause.kind) {
    case "start":
      return "Starting value";
    case "adjudication": {
      const move = view?.moves.find((m) => m.id === cause.move_id);
      const intel = view?.intelligence.find((r) => r.move_id === cause.move_id);
      const name = move?.action === "free" ? move.argument?.action : move?.action_name ?? intel?.action_name;
      return `Result of move ${cause.move_id ?? "?"}${name ? ` (${name})` : ""}, adjudication ${cause.adjudication_id ?? "?"}`;
    }
    case "inject": {
      const inject = view?.injects.find((i) => i.id === cause.inject_id);
      return `Inject ${cause.inject_id ?? "?"}${inject?.title ? ` (${inject.title})` : ""}`;
    }
    case "adjustment":
      return `White Cell adjustment: ${cause.reason ?? "no reason given"}`;
    case "void":
      return `Adjudication ${cause.adjudication_id ?? "?"} voided, effects reverted${cause.reason ? `: ${cause.reason}` : ""}`;
    case "undisclosed":
      return "A cause this chair was not told";
    default:
      return cause.kind;
  }
}

// ---- secret-move commitments -----------------------------------------------------------------

function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i].codePointAt(0) ?? 0) - (y[i].codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * The engine's canonical JSON (docs/engine.md): keys sorted, no spaces, non-ASCII characters as
 * themselves. JSON.stringify escapes strings the way Python's json module does with
 * ensure_ascii=False (\" \\ \b \f \n \r \t and \u00xx for other control characters).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("canonical JSON has no NaN or infinity");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const keys = Object.keys(value as object).sort(compareCodePoints);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  throw new Error(`canonical JSON cannot hold a ${typeof value}`);
}

export interface Reveal {
  seq: number;
  move_id: string;
  seat: string;
  turn: number;
  action: string;
  action_name: string;
  argument: unknown;
  targets: string[];
  commitment: string;
  salt: string;
  reason: string | null;
  by: string | null;
}

/** The part of a secret move its commitment binds (the rationale is not part of it). */
export function commitmentContent(move: Pick<Reveal, "move_id" | "seat" | "turn" | "action" | "argument" | "targets">) {
  return {
    move_id: move.move_id,
    seat: move.seat,
    turn: move.turn,
    action: move.action,
    argument: move.argument ?? null,
    targets: move.targets,
  };
}

/** sha256(canonical_json({"move": content, "salt": salt})) in hex. */
export async function commitmentOf(content: ReturnType<typeof commitmentContent>, salt: string): Promise<string> {
  return sha256Hex(new TextEncoder().encode(canonicalJson({ move: content, salt })));
}

/** The reveals in a list of events (``move_revealed``), by move id. */
export function revealsFrom(events: StoredEvent[]): Map<string, Reveal> {
  const found = new Map<string, Reveal>();
  for (const event of events) {
    if (event.type !== "move_revealed") continue;
    const d = event.data as Record<string, unknown>;
    found.set(String(d.move_id), {
      seq: event.seq,
      move_id: String(d.move_id),
      seat: String(d.seat),
      turn: Number(d.turn),
      action: String(d.action),
      action_name: String(d.action_name ?? d.action),
      argument: d.argument ?? null,
      targets: Array.isArray(d.targets) ? (d.targets as string[]) : [],
      commitment: String(d.commitment ?? ""),
      salt: String(d.salt ?? ""),
      reason: typeof d.reason === "string" ? d.reason : null,
      by: event.actor?.role ?? null,
    });
  }
  return found;
}

/** The commitments published when each turn's orders closed, by move id. */
export function publishedCommitments(events: StoredEvent[]): Map<string, { seq: number; commitment: string }> {
  const found = new Map<string, { seq: number; commitment: string }>();
  for (const event of events) {
    if (event.type !== "orders_closed") continue;
    const secret = (event.data as { secret_moves?: { move_id: string; commitment: string }[] }).secret_moves ?? [];
    for (const move of secret) found.set(move.move_id, { seq: event.seq, commitment: move.commitment });
  }
  return found;
}

export interface CommitmentCheck {
  verified: boolean;
  computed: string;
  /** The commitment the revealed move is checked against: the one published before the outcome. */
  expected: string;
}

/**
 * Recompute a revealed move's commitment from its content and salt, and compare it with the
 * commitment published when the orders closed (or, failing that, the one in the reveal).
 */
export async function verifyReveal(reveal: Reveal, published?: string | null): Promise<CommitmentCheck> {
  const computed = await commitmentOf(commitmentContent(reveal), reveal.salt);
  const expected = (published || reveal.commitment).toLowerCase();
  return { verified: computed === expected && (!published || reveal.commitment.toLowerCase() === expected), computed, expected };
}

/** Every event the caller may read, page by page (``/events/`` gives 1,000 seqs at a time). */
export async function allEvents(
  read: (after: number) => Promise<{ events: StoredEvent[]; next_after: number | null }>,
  maxPages = 200,
): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  let after = 0;
  for (let page = 0; page < maxPages; page++) {
    const body = await read(after);
    events.push(...body.events);
    if (body.next_after === null || body.next_after <= after) break;
    after = body.next_after;
  }
  return events;
}
