import { describe, expect, it } from "vitest";
import { parseReveal, SHOW_ALL, startStepping, stepOne, visibleCount } from "./reveal";

describe("revealing results on the plenary screen", () => {
  it("shows every result by default, and one at a time when the White Cell steps", () => {
    expect(visibleCount(SHOW_ALL, 1, 5)).toBe(5);
    let reveal = startStepping(1);
    expect(visibleCount(reveal, 1, 5)).toBe(0);
    reveal = stepOne(reveal, 1, 5);
    reveal = stepOne(reveal, 1, 5);
    expect(visibleCount(reveal, 1, 5)).toBe(2);
    // A new turn starts from none; the count never passes what is known.
    expect(visibleCount(reveal, 2, 5)).toBe(0);
    expect(stepOne({ mode: "step", turn: 1, shown: 5 }, 1, 5).shown).toBe(5);
    expect(parseReveal('{"mode":"step","turn":2,"shown":3}')).toEqual({ mode: "step", turn: 2, shown: 3 });
    expect(parseReveal("nonsense")).toEqual(SHOW_ALL);
  });
});
