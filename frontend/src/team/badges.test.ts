import { describe, expect, it } from "vitest";
import type { View } from "../server/types";
import { briefingBadge, markSeen, NOTHING_SEEN, parseSeen, unread } from "./badges";

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
