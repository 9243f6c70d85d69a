import { describe, expect, it } from "vitest";
import { briefingBadge, markSeen, NOTHING_SEEN, parseSeen, unread } from "./badges";
import { ClockOffset, clockState, clockText, deadlineOf, offsetSample } from "./clock";
import { looksTechnical, plainError, plainIds, plainWords } from "./errors";
import { moveLabel } from "./format";
import { parseReveal, SHOW_ALL, startStepping, stepOne, visibleCount } from "./reveal";
import { conditionWords, editCommand, editProblems, holdCommand, open, ordered, releaseCommand, skipCommand, timeUsed } from "./runsheet";
import { draftProblems, emptyDraft, modifierText, needsTargets } from "./pages/OrdersForm";
import type { Deadline, RunSheetItem, View } from "./types";

describe("the server's clock", () => {
  it("takes the offset from server_time, as the median of recent samples", () => {
    const clock = new ClockOffset(5);
    expect(clock.offset).toBe(0);
    const local = Date.parse("2026-11-29T12:00:00.000Z");
    clock.add("2026-11-29T12:00:05.000Z", local); // server 5 s ahead
    clock.add("2026-11-29T12:00:05.200Z", local); // one late frame
    clock.add("2026-11-29T12:00:04.900Z", local);
    expect(clock.offset).toBe(5000);
    expect(clock.now(local)).toBe(local + 5000);
    clock.add("not a time", local);
    clock.add(null, local);
    expect(clock.offset).toBe(5000);
    expect(offsetSample("2026-11-29T12:00:00.000Z", local + 250)).toBe(-250);
  });

  const deadline = (over: Partial<Deadline> = {}): Deadline => ({
    id: "dl1",
    at: "2026-11-29T12:10:00.000Z",
    remaining_seconds: null,
    on_expiry: "alert",
    turn: 1,
    phase: "orders",
    ...over,
  });

  it("counts down on the server's time, frozen while paused, and says when it is up", () => {
    const at = Date.parse("2026-11-29T12:10:00.000Z");
    expect(clockState(null, at)).toEqual({ kind: "none" });
    expect(clockState(deadline(), at - 65_000)).toMatchObject({ kind: "running", seconds: 65 });
    expect(clockState(deadline(), at + 1000)).toMatchObject({ kind: "expired" });
    // Paused: the view keeps the remaining seconds; time passing changes nothing.
    const paused = deadline({ at: null, remaining_seconds: 240 });
    expect(clockState(paused, at, true)).toEqual({ kind: "paused", seconds: 240 });
    expect(clockState(paused, at + 600_000, true)).toEqual({ kind: "paused", seconds: 240 });
    expect(clockText(240)).toBe("4:00");
    expect(clockText(3723)).toBe("1:02:03");
  });

  it("reads an older server's bare ISO deadline", () => {
    const d = deadlineOf({ deadline: "2026-11-29T12:10:00Z", turn: 2, phase: "orders" });
    expect(d).toMatchObject({ at: "2026-11-29T12:10:00Z", on_expiry: "alert", turn: 2 });
    expect(deadlineOf({ deadline: null, turn: 1, phase: null })).toBeNull();
  });
});

describe("unread badges", () => {
  const view = {
    seat: "beijing",
    injects: [{ seq: 5 }, { seq: 9 }],
    narratives: [{ seq: 3 }],
    messages: [
      { seq: 7, from: "moscow" },
      { seq: 8, from: "beijing" },
    ],
    adjudications: [{ seq: 11, voided: false, entries: [{ seat: "beijing" }] }],
  } as unknown as View;

  it("counts every new inject, narrative, message and result since the tab was last looked at", () => {
    const u = unread(view, NOTHING_SEEN);
    expect(u).toEqual({ injects: 2, narratives: 1, messages: 1, results: 1 });
    expect(briefingBadge(u)).toBe("3 new");
    const seen = markSeen(NOTHING_SEEN, view, "briefing");
    expect(seen.briefing).toBe(9);
    expect(briefingBadge(unread(view, seen))).toBeNull();
    expect(markSeen(seen, view, "briefing")).toBe(seen); // nothing new: the same object
  });

  it("survives what the browser stored", () => {
    expect(parseSeen(null)).toEqual(NOTHING_SEEN);
    expect(parseSeen("{broken")).toEqual(NOTHING_SEEN);
    expect(parseSeen('{"briefing": 4}')).toEqual({ briefing: 4, messages: 0, moves: 0 });
  });
});

describe("plain language", () => {
  it("maps the engine's technical refusals to words", () => {
    expect(plainError("orders_open", "not every seat has locked its orders (beijing, moscow); send force: true to close the orders anyway")).toBe(
      "Not every team has locked its orders yet (not locked: Beijing, Moscow). Wait for them, or use Force… to close the orders anyway.",
    );
    expect(plainError("moves_pending", "moves not yet adjudicated: m3, m4; send force: true to move on anyway")).toContain("move 3, move 4");
    expect(plainError("last_turn", "this is the last phase of the last turn: use end_game")).toBe("This is the last phase of the last turn: end the game instead.");
    expect(plainError("already_voided", "adjudication adj6 is already void")).not.toMatch(/adj6/);
  });

  it("cleans an unknown message of ids and field names", () => {
    const text = plainWords("argument arg1 on m2 needs a stance_value");
    expect(text).toBe("Argument argument 1 on move 2 needs a stance value.");
    expect(looksTechnical(text)).toBe(false);
    expect(looksTechnical("send force: true")).toBe(true);
    expect(moveLabel({ id: "m12" })).toBe("Move 12");
    expect(moveLabel({ id: "m-3fa9c27b01de", number: 2 })).toBe("Move 2");
    expect(moveLabel({ id: "m-3fa9c27b01de" })).toBe("Move");
    const moves = [{ id: "m-3fa9c27b01de", seat: "beijing", number: 2 }];
    expect(
      plainIds("Adjudicated (roll): m-3fa9c27b01de success, m-00000000000a failure; voided adj-0123456789ab", moves, (s) => (s === "beijing" ? "Beijing" : s)),
    ).toBe("Adjudicated (roll): Beijing's move 2 success, a move failure; voided the result");
    expect(plainIds("Adjudicated (roll): m1 success, m2 failure; voided adj6")).toBe("Adjudicated (roll): move 1 success, move 2 failure; voided result 6");
  });

  it("shows a modifier as the engine would apply it now, with its condition in words", () => {
    expect(modifierText({ label: "Moscow covers the gap", add: -10, value: 0, condition_text: "-10 if alignment is at least 75" })).toBe(
      "Moscow covers the gap: no effect now (-10 if alignment is at least 75)",
    );
    expect(modifierText({ label: "Leadership", add: 4, value: -4, condition_text: null })).toBe("Leadership: −4 now");
  });

  it("refuses a catalog move that needs targets without one", () => {
    const action = { targets: ["pyongyang"], available: true, unavailable_reason: null };
    expect(needsTargets(action)).toBe(true);
    const draft = { ...emptyDraft, action: "beijing.squeeze", rationale: "why" };
    expect(draftProblems(draft, action)).toEqual(["Choose at least one target for this move."]);
    expect(draftProblems({ ...draft, targets: ["pyongyang"] }, action)).toEqual([]);
    expect(draftProblems(draft, { targets: [], available: false, unavailable_reason: "the troops are already there" })).toEqual([
      "This move is not available now: the troops are already there",
    ]);
  });
});

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
