/** The indicator charts' arithmetic: scales, step lines, values at a seq, and what caused a change. */

import type { Cause, View } from "../server/types";
import { fraction } from "./position";

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
