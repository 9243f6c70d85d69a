/** The clock settings as the White Cell edits them (an amount, a unit and an action per phase)
 * and as set_clock takes them (seconds). */

import type { PhaseClock } from "../server/api";
import type { ClockSettings, OnExpiry } from "../server/types";

export type Unit = "minutes" | "hours" | "days";
export const UNIT_SECONDS: Record<Unit, number> = { minutes: 60, hours: 3600, days: 86400 };
export const MAX_SECONDS = 30 * 86400;
export const DEFAULT_PHASES = ["briefing", "diplomacy", "orders", "adjudication", "results"];

/** One phase's row: an empty amount leaves the phase without a deadline. */
export interface ClockRow {
  phase: string;
  amount: string;
  unit: Unit;
  on_expiry: OnExpiry;
}

/** The actions a phase may take when its time is up (closing orders and rolling have theirs). */
export function actionsFor(phase: string): OnExpiry[] {
  if (phase === "orders") return ["alert", "lock_orders", "advance"];
  if (phase === "adjudication") return ["alert", "roll", "advance"];
  return ["alert", "advance"];
}

/** The largest unit that measures ``seconds`` whole (minutes at the least). */
export function splitSeconds(seconds: number): { amount: string; unit: Unit } {
  for (const unit of ["days", "hours"] as Unit[]) {
    if (seconds % UNIT_SECONDS[unit] === 0) return { amount: String(seconds / UNIT_SECONDS[unit]), unit };
  }
  return { amount: String(Math.round((seconds / 60) * 100) / 100), unit: "minutes" };
}

export function rowsFrom(phases: string[], clock: ClockSettings | null | undefined): ClockRow[] {
  return phases.map((phase) => {
    const setting = clock?.[phase];
    if (!setting) return { phase, amount: "", unit: "hours", on_expiry: "advance" };
    return { phase, ...splitSeconds(setting.seconds), on_expiry: setting.on_expiry as OnExpiry };
  });
}

/** set_clock's phases from the rows, or the words of the first row that cannot be one. */
export function phasesFrom(rows: ClockRow[]): PhaseClock[] | string {
  const result: PhaseClock[] = [];
  for (const row of rows) {
    if (!row.amount.trim()) continue;
    const amount = Number(row.amount);
    const seconds = Math.round(amount * UNIT_SECONDS[row.unit]);
    if (!Number.isFinite(amount) || seconds < 1) return `The ${row.phase} phase needs a duration above nothing.`;
    if (seconds > MAX_SECONDS) return `The ${row.phase} phase may last at most 30 days.`;
    const action = actionsFor(row.phase).includes(row.on_expiry) ? row.on_expiry : "alert";
    result.push({ phase: row.phase as PhaseClock["phase"], seconds, on_expiry: action });
  }
  return result;
}

/** "2 days", "90 minutes", "1 day 6 hours": a duration in words. */
export function durationText(seconds: number): string {
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, unit] of [
    [86400, "day"],
    [3600, "hour"],
    [60, "minute"],
    [1, "second"],
  ] as [number, string][]) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count) parts.push(`${count} ${unit}${count === 1 ? "" : "s"}`);
  }
  return parts.slice(0, 2).join(" ") || "0 seconds";
}
