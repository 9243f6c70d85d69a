import { describe, expect, it } from "vitest";
import { indicator, message, move, view } from "../test/fixtures";
import { audienceText, byTurn, deadlineIn, effectsText, gameStatusText, moveTitle, phaseLabel, plural, roomKey, rooms, roomTitle, seatName, signed, sparkPoints, statusText, trendWord, turnChange } from "./format";

describe("deadlines", () => {
  const now = new Date("2026-01-01T12:00:00Z");
  it("sets a deadline minutes from now in ISO-8601 UTC", () => {
    expect(deadlineIn(15, now)).toBe("2026-01-01T12:15:00.000Z");
    expect(deadlineIn(0.5, now)).toBe("2026-01-01T12:00:30.000Z");
  });
});

describe("numbers and names", () => {
  it("signs numbers with a real minus", () => {
    expect(signed(3)).toBe("+3");
    expect(signed(-2)).toBe("\u22122");
    expect(signed(0)).toBe("0");
  });
  it("labels phases", () => {
    expect(phaseLabel("adjudication")).toBe("Adjudication");
    expect(phaseLabel("custom")).toBe("Custom");
    expect(phaseLabel(null)).toBe("");
  });
  it("names seats, the White Cell and the observer", () => {
    const v = view();
    expect(seatName(v, "moscow")).toBe("Moscow");
    expect(seatName(v, "control")).toBe("White Cell");
    expect(seatName(v, "observer")).toBe("Observer");
    expect(seatName(v, "seoul")).toBe("Seoul");
    expect(seatName(null, "")).toBe("");
  });
  it("describes audiences", () => {
    const v = view();
    expect(audienceText(v, "all")).toBe("everyone");
    expect(audienceText(v, ["moscow", "pyongyang"])).toBe("Moscow, Pyongyang");
    expect(audienceText(v, [])).toBe("White Cell only");
  });
  it("pluralises", () => {
    expect(plural(1, "point")).toBe("1 point");
    expect(plural(2, "point")).toBe("2 points");
  });
  it("writes effects with indicator names", () => {
    const list = [{ id: "escalation", name: "Escalation rung" }];
    expect(effectsText([{ indicator: "escalation", delta: -2 }], list)).toBe("Escalation rung \u22122");
    expect(effectsText([{ indicator: "hidden", delta: 1 }], list)).toBe("hidden +1");
    expect(effectsText([], list)).toBe("no change");
  });
});

describe("game status and phases", () => {
  it("reads the running game", () => {
    expect(gameStatusText(view().game)).toBe("Turn 2 of 2 · Month 2 · Orders");
    expect(gameStatusText({ ...view().game, paused: true })).toContain("paused");
    expect(gameStatusText({ ...view().game, status: "ended" })).toBe("Game over");
    expect(gameStatusText({ ...view().game, status: "setup" })).toMatch(/^Setting up/);
  });
});

describe("indicator trends", () => {
  it("measures the change during the current turn", () => {
    // Value 7 now; the last point before turn 2 is 5.
    expect(turnChange(indicator(), 2)).toBe(2);
    expect(turnChange(indicator(), 1)).toBe(3);
    expect(turnChange(indicator({ history: [] }), 1)).toBe(0);
  });
  it("names the direction", () => {
    expect(trendWord(2)).toBe("rising");
    expect(trendWord(-1)).toBe("falling");
    expect(trendWord(0)).toBe("steady");
  });
  it("draws a sparkline across the range", () => {
    const points = sparkPoints(indicator(), 100, 20, 0).split(" ");
    expect(points).toHaveLength(4);
    expect(points[0]).toBe("0.0,16.0"); // 4 of 0..20 sits at 80% down
    expect(points[3]).toBe("100.0,13.0");
  });
  it("draws a flat line for an indicator that never changed", () => {
    const flat = indicator({ value: 10, history: [{ seq: 1, turn: 0, value: 10, delta: 0, cause: { kind: "start" } }] });
    expect(sparkPoints(flat, 10, 10, 0)).toBe("0.0,5.0 10.0,5.0");
  });
});

describe("message rooms", () => {
  const list = [
    message("msg1", 10, "beijing", ["moscow"]),
    message("msg2", 11, "moscow", ["beijing"]),
    message("msg3", 12, "beijing", ["moscow", "pyongyang"]),
    message("msg4", 13, "control", ["beijing"]),
  ];
  it("puts both directions of a conversation in one room", () => {
    expect(roomKey(list[0])).toBe(roomKey(list[1]));
    expect(roomKey(list[2])).toBe("beijing+moscow+pyongyang");
  });
  it("orders rooms by their latest message", () => {
    const grouped = rooms(list);
    expect(grouped.map((r) => r.key)).toEqual(["beijing+control", "beijing+moscow+pyongyang", "beijing+moscow"]);
    expect(grouped[2].messages.map((m) => m.id)).toEqual(["msg1", "msg2"]);
  });
  it("titles a room by the other members", () => {
    const v = view();
    const grouped = rooms(list);
    expect(roomTitle(v, grouped[1], "beijing")).toBe("Moscow, Pyongyang");
    expect(roomTitle(v, grouped[0], "beijing")).toBe("White Cell");
    expect(roomTitle(v, grouped[2], "control")).toBe("Beijing, Moscow");
  });
});

describe("moves", () => {
  it("titles catalog moves, free arguments and secret stubs", () => {
    expect(moveTitle(move())).toBe("Slow the border trade");
    expect(moveTitle(move({ action: "free", argument: { action: "Open talks", result: "r", reasons: [] } }))).toBe("Open talks");
    expect(moveTitle(move({ action: undefined, action_name: undefined }))).toBe("Secret move");
  });
  it("titles an intelligence report or a reveal the same way as the move", () => {
    const free = { action: "free", action_name: "free argument", argument: { action: "Buy fuel quietly", result: "r", reasons: [] } };
    expect(moveTitle(free)).toBe("Buy fuel quietly");
    expect(moveTitle({ action: "beijing.squeeze", action_name: "Squeeze the trade", argument: null })).toBe("Squeeze the trade");
  });
  it("says where a move stands", () => {
    expect(statusText(move({ status: "submitted" }))).toBe("submitted, sealed");
    expect(statusText(move({ status: "withdrawn" }))).toBe("withdrawn");
    expect(statusText(move())).toBe("awaiting adjudication");
    expect(statusText(move({ outcome: "success" }))).toBe("adjudicated");
    expect(statusText(move({ action: undefined }))).toBe("details secret");
  });
  it("groups by turn, newest first", () => {
    const groups = byTurn([move({ id: "m1", turn: 1 }), move({ id: "m2", turn: 2 }), move({ id: "m3", turn: 1 })]);
    expect(groups.map(([turn, items]) => [turn, items.map((m) => m.id)])).toEqual([
      [2, ["m2"]],
      [1, ["m1", "m3"]],
    ]);
  });
});
