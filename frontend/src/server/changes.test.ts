import { describe, expect, it } from "vitest";
import { applyChange, BadChange, digest } from "./changes";
import cases from "./fixtures/changes.json";

// The fixture is written by the server's implementation (tests/games/test_view_changes.py).
describe("change frames as the server makes them", () => {
  it("fold to the newer view and give the server's digest", () => {
    for (const entry of cases) {
      const before = structuredClone(entry.before);
      expect(digest(before)).toBe(entry.digest_before);
      const after = applyChange(before, entry.ops);
      expect(after).toEqual(entry.after);
      expect(digest(after)).toBe(entry.digest);
    }
  });

  it("share every part the change did not touch and never change the older view", () => {
    const before = structuredClone(cases[0].before) as Record<string, unknown>;
    const frozen = JSON.stringify(before);
    const after = applyChange(before, cases[0].ops) as Record<string, unknown>;
    expect(JSON.stringify(before)).toBe(frozen);
    expect(after).not.toBe(before);
    expect(after.timeline).not.toBe(before.timeline);
    const [oldTimeline, newTimeline] = [before.timeline as unknown[], after.timeline as unknown[]];
    expect(newTimeline[0]).toBe(oldTimeline[0]);
    expect(newTimeline[1]).toBe(oldTimeline[1]);
    const untouched = applyChange(before, [["s", ["seq"], 10]]) as Record<string, unknown>;
    expect(untouched.game).toBe(before.game);
  });

  it("refuse operations that do not fit the view", () => {
    const view = { list: [1, 2], object: { a: 1 } };
    for (const ops of [
      "nope",
      [["q", ["list"]]],
      [["s", ["missing", "deeper"], 1]],
      [["x", ["list"], 1, 5, []]],
      [["x", ["object"], 0, 0, []]],
      [["d", ["list", 0]]],
      [[1, []]],
    ]) {
      expect(() => applyChange(view, ops)).toThrow(BadChange);
    }
    expect(view).toEqual({ list: [1, 2], object: { a: 1 } });
  });
});
