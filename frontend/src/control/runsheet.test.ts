import { describe, expect, it } from "vitest";
import type { RunSheetItem } from "../server/types";
import { conditionWords, editCommand, editProblems, holdCommand, open, ordered, releaseCommand, skipCommand, timeUsed } from "./runsheet";

describe("the run-sheet", () => {
  const item = (over: Partial<RunSheetItem> = {}): RunSheetItem => ({
    id: "t2.summit",
    kind: "inject",
    turn: 2,
    title: "Summit",
    text: "Leaders meet.",
    audience: "all",
    status: "due",
    condition: "US-China tension is at least 60",
    condition_met: false,
    scripted: { title: "Summit", text: "Leaders meet.", audience: "all" },
    edited_by: null,
    skip_reason: null,
    issued_seq: null,
    effects: [],
    ...over,
  });

  it("builds the commands for hold, issue, skip and edit (only what changed)", () => {
    expect(holdCommand(item())).toEqual({ type: "hold_inject", inject_id: "t2.summit" });
    expect(releaseCommand(item())).toEqual({ type: "release_inject", inject_id: "t2.summit" });
    expect(skipCommand(item(), "  not now ")).toEqual({ type: "skip_inject", inject_id: "t2.summit", reason: "not now" });
    expect(editCommand(item(), { title: "Summit", text: "Leaders meet.", audience: "all" })).toBeNull();
    expect(editCommand(item(), { title: "Summit", text: "Leaders meet in Washington.", audience: ["beijing"] })).toEqual({
      type: "edit_inject",
      inject_id: "t2.summit",
      text: "Leaders meet in Washington.",
      audience: ["beijing"],
    });
    expect(editProblems(item(), { title: "", text: " ", audience: [] })).toHaveLength(2);
  });

  it("says whether the condition holds now, and orders what is still open first", () => {
    expect(conditionWords(item())).toBe("Only if US-China tension is at least 60: does not hold now.");
    expect(conditionWords(item({ condition: null }))).toBeNull();
    expect(open(item({ status: "held" }))).toBe(true);
    expect(open(item({ status: "issued" }))).toBe(false);
    const list = ordered([item({ id: "a", status: "issued", turn: 1 }), item({ id: "b", turn: 3 }), item({ id: "c", turn: 1, status: "held" })], 1);
    expect(list.map((i) => i.id)).toEqual(["c", "b", "a"]);
  });

  it("measures the time used in the phase against the plan, stopped while paused", () => {
    const start = "2026-11-29T12:00:00Z";
    const now = Date.parse("2026-11-29T12:17:30Z");
    expect(timeUsed(start, now, 15)).toEqual({ used: 17, plan: 15, over: true });
    expect(timeUsed(start, now, undefined)).toEqual({ used: 17, plan: null, over: false });
    expect(timeUsed(start, now, 15, "2026-11-29T12:05:00Z")).toEqual({ used: 5, plan: 15, over: false });
    expect(timeUsed(null, now, 15)).toBeNull();
  });
});
