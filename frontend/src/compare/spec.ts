/** What the comparison shows, from each game's view in one chair: indicator trajectories (as a
 * Vega-Lite specification), the decisions of each turn side by side, and the objectives met. */

import type { Indicator, Move, View } from "../server/types";
import template from "./trajectory.vl.json";

export interface Compared {
  id: string;
  /** The game's title, made unique among the games compared (the chart's legend). */
  label: string;
  view: View;
}

export interface TrajectoryRow {
  game: string;
  indicator: string;
  turn: number;
  value: number;
}

/** The value of an indicator at the end of ``turn`` (turn 0: its start). */
export function valueAtTurn(indicator: Indicator, turn: number): number | null {
  let value: number | null = null;
  for (const point of indicator.history) if (point.turn <= turn) value = point.value;
  return value;
}

/** One row per (game, indicator the chair sees in it, turn reached). */
export function trajectories(games: Compared[]): TrajectoryRow[] {
  const rows: TrajectoryRow[] = [];
  for (const { label, view } of games) {
    for (const indicator of view.indicators) {
      for (let turn = 0; turn <= view.game.turn; turn++) {
        const value = valueAtTurn(indicator, turn);
        if (value !== null) rows.push({ game: label, indicator: indicator.name, turn, value });
      }
    }
  }
  return rows;
}

/**
 * The Vega-Lite specification of the trajectories: one small chart per indicator, a line per
 * game. The template (trajectory.vl.json) is the one the server's after-action report renders
 * to SVG (wargame/games/comparison.py), so the page and the report draw the same chart.
 */
export function trajectorySpec(rows: TrajectoryRow[]): Record<string, unknown> {
  return { ...template, data: { values: rows } };
}

export function moveText(move: Move): string {
  const name = move.action_name ?? "a secret move";
  const outcome = move.outcome ? ` → ${move.outcome}` : "";
  return `${name}${move.visibility === "secret" ? " (secret)" : ""}${outcome}`;
}

export interface TurnRow {
  turn: number;
  seat: string;
  /** Per game (in order): the seat's moves of the turn, in words. */
  moves: string[][];
  differs: boolean;
}

/** Turn by turn and seat by seat, what each game's seat did; ``differs`` when not all the same. */
export function decisions(games: Compared[]): TurnRow[] {
  const turns = Math.max(0, ...games.map((g) => g.view.game.turn));
  const seats = games[0]?.view.seats.map((s) => s.role) ?? [];
  const rows: TurnRow[] = [];
  for (let turn = 1; turn <= turns; turn++) {
    for (const seat of seats) {
      const moves = games.map(({ view }) =>
        view.moves
          .filter((m) => m.seat === seat && m.turn === turn && m.status !== "withdrawn")
          .sort((a, b) => (a.number ?? 0) - (b.number ?? 0))
          .map(moveText),
      );
      if (moves.every((list) => list.length === 0)) continue;
      const key = (list: string[]) => [...list].sort().join("\n");
      rows.push({ turn, seat, moves, differs: moves.some((list) => key(list) !== key(moves[0])) });
    }
  }
  return rows;
}

/** What followed a turn in each game: each indicator's change over the turn, in words. */
export function followed(games: Compared[], turn: number): string[] {
  return games.map(({ view }) => {
    const parts: string[] = [];
    for (const indicator of view.indicators) {
      const before = valueAtTurn(indicator, turn - 1);
      const after = valueAtTurn(indicator, turn);
      if (before === null || after === null || after === before || turn > view.game.turn) continue;
      parts.push(`${indicator.name} ${after > before ? "+" : ""}${after - before}`);
    }
    return parts.join(", ") || (turn > view.game.turn ? "not reached" : "no change");
  });
}

/** Unique labels for the legend: the title, with a number when two games share it. */
export function labels(titles: string[]): string[] {
  const seen = new Map<string, number>();
  return titles.map((title) => {
    const n = (seen.get(title) ?? 0) + 1;
    seen.set(title, n);
    return n === 1 ? title : `${title} (${n})`;
  });
}
