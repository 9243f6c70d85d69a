import { describe, expect, it } from "vitest";
import { move, view } from "../test/fixtures";
import { causeText, type ChartFrame, stepPath, valueAt, xOf, yOf } from "./chartScales";
import { fraction } from "./position";

describe("charts", () => {
  const frame: ChartFrame = { width: 240, height: 120, left: 20, right: 20, top: 10, bottom: 10, firstSeq: 1, lastSeq: 21, min: 0, max: 100 };

  it("scales seqs across the width and values up the height", () => {
    expect(xOf(frame, 1)).toBe(20);
    expect(xOf(frame, 21)).toBe(220);
    expect(xOf(frame, 11)).toBe(120);
    expect(yOf(frame, 100)).toBe(10);
    expect(yOf(frame, 0)).toBe(110);
    expect(yOf(frame, 25)).toBe(85);
    expect(yOf(frame, 150)).toBe(10); // clamped to the range
    expect(fraction(5, 5, 5)).toBe(0);
  });
  it("draws a step line that holds each value until the next change", () => {
    const points = [
      { seq: 1, value: 50 },
      { seq: 6, value: 75 },
      { seq: 16, value: 25 },
    ];
    expect(stepPath(frame, points, 1, 21)).toBe("M20,60 H70 V35 H170 V85 H220");
    // Up to the scrubber only: later changes are left out.
    expect(stepPath(frame, points, 1, 11)).toBe("M20,60 H70 V35 H120");
    // From the scrubber on, carrying in the value that stands there.
    expect(stepPath(frame, points, 11, 21)).toBe("M120,35 H170 V85 H220");
    expect(stepPath(frame, [], 1, 21)).toBe("");
    expect(valueAt(points, 5)).toBe(50);
    expect(valueAt(points, 16)).toBe(25);
    expect(valueAt(points.slice(1), 2)).toBeNull();
  });
  it("names a cause with only what the chair knew then", () => {
    const stub = move({ id: "m3", seat: "pyongyang", visibility: "secret", action: undefined, action_name: undefined });
    const seat = view({ moves: [stub] });
    const cause = { kind: "adjudication", move_id: "m3", adjudication_id: "adj2" };
    expect(causeText(cause, seat)).toBe("Result of move m3, adjudication adj2");
    const known = view({ moves: [move({ id: "m3", action_name: "Mobilise reserve units quietly" })] });
    expect(causeText(cause, known)).toContain("Mobilise reserve units quietly");
    expect(causeText({ kind: "adjustment", reason: "Border incident" })).toBe("White Cell adjustment: Border incident");
    expect(causeText({ kind: "undisclosed" })).toMatch(/not told/);
  });
});

// ---- commitments -----------------------------------------------------------------------------

// Computed with the engine: wargame.engine.rules.commitment(CONTENT, SALT), i.e.
// sha256(json.dumps({"move": CONTENT, "salt": SALT}, sort_keys=True, separators=(",", ":"),
// ensure_ascii=False).encode()). Quotes, a backslash, a control character, non-ASCII text and an
// emoji exercise the escaping rules.
