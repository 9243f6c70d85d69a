import { describe, expect, it } from "vitest";
import { ClockOffset, clockState, clockText, deadlineOf, expiryForTeams, offsetSample } from "./clock";
import type { Deadline } from "./types";

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
    expect(clockText(2 * 86400 + 3723)).toBe("2 d 01:02:03");
  });

  it("reads an older server's bare ISO deadline", () => {
    const d = deadlineOf({ deadline: "2026-11-29T12:10:00Z", turn: 2, phase: "orders" });
    expect(d).toMatchObject({ at: "2026-11-29T12:10:00Z", on_expiry: "alert", turn: 2 });
    expect(deadlineOf({ deadline: null, turn: 1, phase: null })).toBeNull();
  });
});

describe("what a team is told happens at the deadline", () => {
  const deadline = { id: "dl1", at: "2026-11-29T12:10:00Z", remaining_seconds: null, turn: 1, phase: "orders" };
  it("says what the server will do, and nothing once it has acted or when it only reminds", () => {
    expect(expiryForTeams({ ...deadline, on_expiry: "lock_orders" })).toBe("When time is up, the orders of every team that has not locked close.");
    expect(expiryForTeams({ ...deadline, on_expiry: "roll" })).toContain("rolled");
    expect(expiryForTeams({ ...deadline, on_expiry: "advance", expired: true })).toBe("");
    expect(expiryForTeams({ ...deadline, on_expiry: "alert" })).toBe("");
    expect(expiryForTeams(null)).toBe("");
  });
});
