import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "../server/types";
import { view } from "../test/fixtures";
import { canChooseChair, clampSeq, perspectives, phaseStarts, positionAt, readParams, step, stops, turnMarkers, turnStep, writeParams } from "./position";

function entry(seq: number, type: string, turn: number, phase: TimelineEntry["phase"] = null): TimelineEntry {
  return { seq, at: "2026-01-01T10:00:00Z", turn, phase, type, actor: { role: "control", name: null }, text: `${type} ${seq}` };
}

// A finished two-turn game as control's timeline shows it.
const TIMELINE: TimelineEntry[] = [
  entry(1, "game_created", 0),
  entry(2, "game_started", 1, "briefing"),
  entry(3, "inject_issued", 1, "briefing"),
  entry(4, "phase_advanced", 1, "orders"),
  entry(5, "move_submitted", 1, "orders"),
  entry(6, "phase_advanced", 1, "adjudication"),
  entry(7, "move_adjudicated", 1, "adjudication"),
  entry(9, "phase_advanced", 2, "briefing"),
  entry(10, "phase_advanced", 2, "orders"),
  entry(19, "game_ended", 2, "orders"),
  entry(20, "record_opened", 2, "orders"),
];

describe("chairs", () => {
  it("lists control, every seat and the observer", () => {
    expect(perspectives(view())).toEqual(["control", "beijing", "moscow", "pyongyang", "washington", "observer"]);
  });
  it("lets control choose always and the others only once the record is open", () => {
    const closed = view();
    const open = view({ game: { ...view().game, record_open: true } });
    expect(canChooseChair("control", closed)).toBe(true);
    expect(canChooseChair("beijing", closed)).toBe(false);
    expect(canChooseChair("observer", closed)).toBe(false);
    expect(canChooseChair("beijing", open)).toBe(true);
  });
});

describe("turn markers and steps", () => {
  it("marks where each turn began, the end and the opening of the record", () => {
    const marks = turnMarkers(TIMELINE, 20, ["Month 1", "Month 2"]);
    expect(marks.map((m) => [m.kind, m.seq, m.label])).toEqual([
      ["turn", 2, "T1"],
      ["turn", 9, "T2"],
      ["end", 19, "End"],
      ["open", 20, "Open"],
    ]);
    expect(marks[1].title).toBe("Turn 2 · Month 2");
    expect(marks[0].at).toBeCloseTo(1 / 19);
    expect(marks[3].at).toBe(1);
  });
  it("drops a label that would touch its neighbour to a second row", () => {
    const marks = turnMarkers(TIMELINE, 20);
    expect(marks.map((m) => m.row)).toEqual([0, 0, 0, 1]);
  });
  it("knows the turn and phase at any seq", () => {
    const starts = phaseStarts(TIMELINE);
    expect(starts.map((s) => s.seq)).toEqual([2, 4, 6, 9, 10]);
    expect(positionAt(starts, 1)).toBeNull();
    expect(positionAt(starts, 5)).toEqual({ seq: 4, turn: 1, phase: "orders" });
    expect(positionAt(starts, 15)).toEqual({ seq: 10, turn: 2, phase: "orders" });
  });
  it("steps from event to event the chair saw, and stays put at the ends", () => {
    const list = stops(TIMELINE.filter((e) => e.seq !== 5), 20);
    expect(list).toEqual([1, 2, 3, 4, 6, 7, 9, 10, 19, 20]);
    expect(step(list, 4, 1)).toBe(6);
    expect(step(list, 6, -1)).toBe(4);
    expect(step(list, 8, -1)).toBe(7);
    expect(step(list, 20, 1)).toBe(20);
    expect(step(list, 1, -1)).toBe(1);
  });
  it("jumps by turn: back to this turn's start first, then to the one before", () => {
    const marks = turnMarkers(TIMELINE, 20);
    expect(turnStep(marks, 5, 1, 20)).toBe(9);
    expect(turnStep(marks, 12, -1, 20)).toBe(9);
    expect(turnStep(marks, 9, -1, 20)).toBe(2);
    expect(turnStep(marks, 2, -1, 20)).toBe(1);
  });
  it("keeps a seq inside the game", () => {
    expect(clampSeq(0, 20)).toBe(1);
    expect(clampSeq(99, 20)).toBe(20);
    expect(clampSeq(7.4, 20)).toBe(7);
    expect(clampSeq(NaN, 20)).toBe(20);
  });
});

describe("the address", () => {
  it("reads and writes ?at= and ?as= and keeps other parameters", () => {
    expect(readParams("?at=34&as=beijing")).toEqual({ at: 34, as: "beijing" });
    expect(readParams("?at=-3&as=<script>")).toEqual({ at: null, as: null });
    expect(writeParams("?x=1", { at: 5, as: "control" })).toBe("?x=1&at=5&as=control");
    expect(writeParams("?at=5", { at: null, as: null })).toBe("");
  });
});
