import { describe, expect, it } from "vitest";
import { compile } from "vega-lite";
import type { Indicator } from "../server/types";
import { view } from "../test/fixtures";
import { indicatorData, indicatorSpec } from "./indicatorSpec";
import type { TurnMarker } from "./position";

const tension: Indicator = {
  id: "tension",
  name: "Tension",
  description: "",
  min: 0,
  max: 100,
  value: 75,
  audience: "all",
  history: [
    { seq: 1, turn: 0, value: 50, delta: 0, cause: { kind: "start" } },
    { seq: 6, turn: 1, value: 75, delta: 25, cause: { kind: "adjustment", reason: "Border incident" } },
  ],
};
const later = [
  ...tension.history,
  { seq: 16, turn: 2, value: 25, delta: -50, cause: { kind: "inject", inject_id: "t2.floods" } },
  { seq: 18, turn: 2, value: 30, delta: 5, cause: { kind: "something new" } },
];
const turns: TurnMarker[] = [{ seq: 4, kind: "turn", turn: 1, label: "Turn 1", title: "", at: 0, row: 0 } as TurnMarker];

describe("the replay's indicator chart", () => {
  it("draws what the chair had seen up to the scrubber, and faded what it saw later", () => {
    const data = indicatorData(tension, later, view(), 11, 21);
    // The step line holds each value and runs to the scrubber's seq.
    expect(data.seen).toEqual([
      { seq: 1, value: 50 },
      { seq: 6, value: 75 },
      { seq: 11, value: 75 },
    ]);
    // From the scrubber on, carrying in the value standing there, to the end of the game.
    expect(data.later).toEqual([
      { seq: 11, value: 75 },
      { seq: 16, value: 25 },
      { seq: 18, value: 30 },
      { seq: 21, value: 30 },
    ]);
    expect(data.now).toEqual([{ seq: 11, value: 75 }]);
    expect(data.changes.map((c) => [c.seq, c.kind, c.when])).toEqual([
      [6, "adjustment", "seen"],
      [16, "inject", "later"],
      [18, "other", "later"],
    ]);
    expect(data.changes[0].text).toBe("Seq 6, turn 1: Tension +25 to 75. White Cell adjustment: Border incident.");
  });

  it("marks the change at the scrubber's seq, and draws nothing later when there is none", () => {
    const data = indicatorData(tension, tension.history, view(), 6, 21);
    expect(data.changes).toHaveLength(1);
    expect(data.changes[0].size).toBeGreaterThan(100);
    expect(data.later).toEqual([]);
    expect(indicatorData(tension, later, view(), 11, 21).changes[0].size).toBeLessThan(100);
  });

  it("is a Vega-Lite specification over the indicator's range and the game's seqs, and compiles", () => {
    const data = indicatorData(tension, later, view(), 11, 21);
    const spec = indicatorSpec(tension, 21, turns, data);
    const json = JSON.stringify(spec);
    expect(json).toContain('"domain":[1,21]');
    expect(json).toContain('"domain":[0,100]');
    expect(json).toContain('"label":"Turn 1"');
    // No expression anywhere: the pages' CSP allows none to be compiled.
    expect(json).not.toMatch(/"(expr|test|calculate|filter)"/);
    expect(json).toContain('"aria":true');
    // An indicator that never changes has no points to name: they are not offered to readers.
    expect(JSON.stringify(indicatorSpec(tension, 21, turns, indicatorData({ ...tension, history: tension.history.slice(0, 1) }, [], view(), 11, 21)))).not.toContain('"aria":true');
    const compiled = compile(spec).spec;
    const named = (compiled.data ?? []).map((d) => d.name);
    for (const name of ["seen", "later", "changes", "now"]) expect(named).toContain(name);
  });
});
