import { afterEach, describe, expect, it } from "vitest";
import type { TimelineEntry, View } from "../server/types";
import { changesSince, readSeen, seenKey, writeSeen } from "./since";

function entry(seq: number): TimelineEntry {
  return { seq, at: "2026-01-01T00:00:00Z", turn: 1, phase: "orders", type: "phase_advanced", actor: { role: "control", name: null }, text: `at ${seq}` };
}

const view = { timeline: [entry(2), entry(5), entry(9), entry(7)] } as unknown as View;

describe("since you were last here", () => {
  afterEach(() => localStorage.clear());

  it("lists what came after the last seq seen, oldest first", () => {
    expect(changesSince(view, 5).map((e) => e.seq)).toEqual([7, 9]);
    expect(changesSince(view, 9)).toEqual([]);
  });

  it("shows nothing on a first visit", () => {
    expect(changesSince(view, null)).toEqual([]);
  });

  it("remembers a shared link's last seq per game and seat, only forward", () => {
    const key = seenKey("g1", "beijing");
    expect(readSeen(key)).toBeNull();
    writeSeen(key, 8);
    writeSeen(key, 3);
    expect(readSeen(key)).toBe(8);
    expect(readSeen(seenKey("g1", "moscow"))).toBeNull();
    localStorage.setItem(key, "nonsense");
    expect(readSeen(key)).toBeNull();
  });
});
