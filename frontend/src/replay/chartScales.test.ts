import { describe, expect, it } from "vitest";
import { move, view } from "../test/fixtures";
import { causeText, valueAt } from "./chartScales";

describe("charts", () => {
  it("takes the value standing at a seq", () => {
    const points = [
      { seq: 1, value: 50 },
      { seq: 6, value: 75 },
      { seq: 16, value: 25 },
    ];
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
