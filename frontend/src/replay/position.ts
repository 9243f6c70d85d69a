/** Where the replay stands: which chairs may be chosen, the scrubber's phase starts, turn
 * markers and steps, and the position in the address (?at=&as=). Free of React for the tests. */

import type { TimelineEntry, View } from "../server/types";
import { seatName } from "../ui/format";

// ---- chairs ----------------------------------------------------------------------------------

/** Every chair of a game, in the order the selector shows them. */
export function perspectives(view: Pick<View, "seats">): string[] {
  return ["control", ...view.seats.map((s) => s.role), "observer"];
}

/** Whether the caller may sit in other chairs: control always, everyone once the record is open. */
export function canChooseChair(role: string, view: Pick<View, "game">): boolean {
  return role === "control" || view.game.record_open;
}

/** "Beijing's", for the lines that name whose chair it is. */
export function chairPossessive(view: Pick<View, "seats"> | null, role: string): string {
  return `${seatName(view, role)}'s`;
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
