/** Initiative as the server computes it (GET /initiative/, docs/analysis.md), and its chart:
 * the Vega-Lite template the after-action report renders too (initiative.vl.json, read by
 * wargame/games/initiative.py), with the same rows. */

import type { TopLevelSpec } from "vega-lite";
import template from "./initiative.vl.json";

export interface InitiativeRow {
  seat: string;
  /** The seat's name, as the scenario gives it. */
  team: string;
  turn: number;
  moves: number;
  opened: number;
  answered: number;
  undisclosed: number;
  answered_seats: string[];
  public: number;
  secret: number;
  free: number;
  /** Null when this chair may not see the seat's catalog. */
  leverage_held: number | null;
  leverage_used: number;
  locked_by: "seat" | "white_cell" | null;
  lock_seconds: number | null;
}

export interface InitiativeTable {
  role: string;
  seq: number;
  turns: number[];
  seats: { role: string; name: string }[];
  catalog_seats: string[];
  rows: InitiativeRow[];
  indicator: { id: string; name: string; min: number; max: number; note: string; values: { turn: number; value: number }[] } | null;
  indicator_note: string;
}

export interface ChartRow {
  panel: string;
  seat: string;
  turn: number;
  measure: string;
  value: number;
}

const MEASURES: [string, keyof InitiativeRow, string][] = [
  ["Moves", "opened", "opened"],
  ["Moves", "answered", "answered"],
  ["Moves", "undisclosed", "undisclosed"],
  ["Leverage", "leverage_held", "held"],
  ["Leverage", "leverage_used", "used"],
  ["Secrecy", "public", "public"],
  ["Secrecy", "secret", "secret"],
  ["Lock time (min)", "lock_seconds", "to lock"],
];

/** One row per (panel, seat, turn, measure) with a value, then the indicator's value at the end
 * of each turn (panel "indicator"): wargame/games/initiative.py chart_rows, row for row. */
export function chartRows(table: InitiativeTable): ChartRow[] {
  const rows: ChartRow[] = [];
  for (const row of table.rows) {
    for (const [panel, key, measure] of MEASURES) {
      const raw = row[key];
      if (typeof raw !== "number") continue;
      const value = key === "lock_seconds" ? Math.round((raw / 60) * 10) / 10 : raw;
      rows.push({ panel, seat: row.team, turn: row.turn, measure, value });
    }
  }
  const indicator = table.indicator;
  if (indicator) {
    for (const point of indicator.values) {
      rows.push({ panel: "indicator", seat: indicator.name, turn: point.turn, measure: indicator.name, value: point.value });
    }
  }
  return rows;
}

/** The template with the table's rows; without the indicator's panel when the chair has no
 * initiative indicator to show (as the report's chart: initiative.py chart_spec). */
export function initiativeSpec(table: InitiativeTable): TopLevelSpec {
  const vconcat = table.indicator ? template.vconcat : template.vconcat.slice(0, 1);
  return { ...(template as object), vconcat, data: { values: chartRows(table) } } as TopLevelSpec;
}

/** Seconds as people say them: "45 s", "3 min 20 s". */
export function duration(seconds: number | null): string {
  if (seconds === null) return "not locked";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
}
