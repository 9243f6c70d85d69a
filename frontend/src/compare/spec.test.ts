import { describe, expect, it } from "vitest";
import { decisions, followed, labels, trajectories, valueAtTurn, type Compared } from "./spec";
import type { Indicator, Move, View } from "../server/types";

function indicator(points: [number, number][]): Indicator {
  return {
    id: "t",
    name: "Tension",
    description: "",
    min: 0,
    max: 10,
    value: points[points.length - 1][1],
    audience: "all",
    history: points.map(([turn, value], i) => ({ seq: i + 1, turn, value, delta: 0, cause: { kind: "start" } })),
  };
}

function move(seat: string, turn: number, action: string, outcome: "success" | "failure" | null): Move {
  return { id: `${seat}${turn}${action}`, seat, turn, visibility: "public", status: "adjudicated" as Move["status"], commitment: null, revealed: false, action, action_name: action, outcome };
}

function game(label: string, turn: number, points: [number, number][], moves: Move[]): Compared {
  const view = {
    game: { turn },
    seats: [{ role: "beijing", name: "Beijing", briefing: "", locked: false }],
    indicators: [indicator(points)],
    moves,
  } as unknown as View;
  return { id: label, label, view };
}

describe("the comparison", () => {
  const a = game("A", 2, [[0, 5], [1, 6], [2, 4]], [move("beijing", 1, "Wait", "success"), move("beijing", 2, "Press", "failure")]);
  const b = game("B", 2, [[0, 5], [1, 6], [1, 7], [2, 9]], [move("beijing", 1, "Wait", "success"), move("beijing", 2, "Squeeze", "success")]);

  it("takes each indicator's value at the end of each turn", () => {
    expect(valueAtTurn(b.view.indicators[0], 1)).toBe(7);
    expect(trajectories([a, b]).filter((r) => r.game === "B").map((r) => r.value)).toEqual([5, 7, 9]);
  });

  it("marks the turns where the decisions differ, and what followed", () => {
    const rows = decisions([a, b]);
    expect(rows.map((r) => [r.turn, r.differs])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(rows[1].moves).toEqual([["Press → failure"], ["Squeeze → success"]]);
    expect(followed([a, b], 2)).toEqual(["Tension -2", "Tension +2"]);
  });

  it("makes the legend's labels unique", () => {
    expect(labels(["X", "Y", "X"])).toEqual(["X", "Y", "X (2)"]);
  });
});

import { parseRoute } from "../route";
import { compareParams } from "./Compare";

describe("the comparison's address", () => {
  it("is its own page, with the games and the chair in the query", () => {
    expect(parseRoute("/compare/", "")).toEqual({ page: "compare" });
    expect(compareParams("?games=a,b,,a&as=beijing")).toEqual({ games: ["a", "b"], chair: "beijing" });
    expect(compareParams("")).toEqual({ games: [], chair: null });
  });
});
