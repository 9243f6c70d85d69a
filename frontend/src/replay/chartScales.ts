/** The indicator charts' words and values: the value standing at a seq, and what caused a change. */

import type { Cause, View } from "../server/types";

export interface SeriesPoint {
  seq: number;
  value: number;
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
