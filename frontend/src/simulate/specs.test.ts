import { describe, expect, it } from "vitest";
import { compile } from "vega-lite";
import type { SimulationResults } from "./api";
import { indicatorSpec, objectivesSpec } from "./specs";

const results: SimulationResults = {
  runs: 10,
  indicators: [
    { id: "escalation", name: "Escalation", final: [1, 3, 5, 7, 9], mean: 5, turns: [[1, 2, 3, 4, 5], [1, 3, 5, 7, 9]], real: { value: 6, percentile: 60 } },
    { id: "empty", name: "Empty", final: null, mean: null, turns: [] },
  ],
  objectives: [{ seat: "beijing", id: "keep_leverage", text: "Leverage at least 60", met: 4, share: 0.4, interval: [0.17, 0.69] }],
  pairings: [],
  doctrines: [],
};

describe("simulation charts", () => {
  it("charts each objective's share with its interval, and compiles", () => {
    const spec = objectivesSpec(results);
    expect(spec.data).toEqual({ values: [{ objective: "beijing: keep_leverage", share: 0.4, low: 0.17, high: 0.69, text: "Leverage at least 60" }] });
    expect(() => compile(spec)).not.toThrow();
  });

  it("charts an indicator's spread per turn played, and compiles", () => {
    const spec = indicatorSpec(results, "escalation");
    expect(spec).not.toBeNull();
    expect((spec!.data as { values: unknown[] }).values).toEqual([
      { turn: 1, min: 1, q1: 2, median: 3, q3: 4, max: 5 },
      { turn: 2, min: 1, q1: 3, median: 5, q3: 7, max: 9 },
    ]);
    expect(() => compile(spec!)).not.toThrow();
    expect(indicatorSpec(results, "empty")).toBeNull();
    expect(indicatorSpec(results, "nothing")).toBeNull();
  });

  it("numbers the points by the turn they end when the runs start later in the game", () => {
    const spec = indicatorSpec({ ...results, first_turn: 5 }, "escalation");
    expect((spec!.data as { values: { turn: number }[] }).values.map((v) => v.turn)).toEqual([5, 6]);
  });
});
