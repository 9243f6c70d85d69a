import { describe, expect, it } from "vitest";
import type { View } from "../server/types";
import { parseLeads } from "./GameNotifications";
import { happenings, leadText, reminders } from "./happenings";

function view(seq: number, extra: Partial<{ phase: string; turn: number; messages: unknown[]; injects: unknown[]; deadline: unknown; paused: boolean }> = {}): View {
  return {
    seq,
    seat: "beijing",
    game: { title: "G", phase: extra.phase ?? "briefing", turn: extra.turn ?? 1, deadline: extra.deadline ?? null, paused: extra.paused ?? false },
    messages: extra.messages ?? [],
    injects: extra.injects ?? [],
  } as unknown as View;
}

const message = (seq: number, from: string, to: string[]) => ({ id: `msg-${seq}`, seq, from, to, text: "secret words" });

describe("browser notifications", () => {
  it("tell of a phase the team acts in, of results, of messages and injects that reached the team", () => {
    const before = view(5);
    const after = view(9, {
      phase: "orders",
      messages: [message(3, "moscow", ["beijing"]), message(6, "moscow", ["beijing"]), message(7, "beijing", ["moscow"])],
      injects: [{ id: "i1", seq: 8 }],
    });
    expect(happenings(before, after).map((h) => [h.kind, h.tag])).toEqual([
      ["phase", "phase:1:orders"],
      ["message", "message:msg-6"],
      ["inject", "inject:i1"],
    ]);
    expect(happenings(view(9, { phase: "adjudication" }), view(10, { phase: "results" })).map((h) => h.title)).toEqual([
      "The results of turn 1 were published",
    ]);
  });

  it("never carry the game's text, and say nothing on the first view or the same seq", () => {
    const after = view(9, { messages: [message(6, "moscow", ["beijing"])] });
    expect(JSON.stringify(happenings(view(5), after))).not.toContain("secret words");
    expect(happenings(null, after)).toEqual([]);
    expect(happenings(after, after)).toEqual([]);
    expect(happenings(view(5, { phase: "briefing" }), view(6, { phase: "diplomacy", turn: 1 }))[0].kind).toBe("phase");
  });

  it("remind of a deadline at each lead time still ahead, not while paused", () => {
    const now = Date.parse("2026-01-01T10:00:00Z");
    const deadline = { id: "dl-1", at: "2026-01-01T10:45:00Z" };
    expect(reminders(view(1, { deadline }), [60, 10], now)).toEqual([[Date.parse("2026-01-01T10:35:00Z"), 10, "deadline:dl-1:10"]]);
    expect(reminders(view(1, { deadline, paused: true }), [60, 10], now)).toEqual([]);
    expect(reminders(view(1), [60], now)).toEqual([]);
    expect([leadText(60), leadText(120), leadText(10), leadText(1)]).toEqual(["1 hour", "2 hours", "10 minutes", "1 minute"]);
  });

  it("read the White Cell's lead times", () => {
    expect(parseLeads("60, 10")).toEqual([60, 10]);
    expect(parseLeads("")).toEqual([]);
    expect(parseLeads("ten")).toBeNull();
  });
});
