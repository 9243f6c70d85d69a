import { describe, expect, it } from "vitest";
import { countdown } from "./format";

describe("countdown", () => {
  const now = new Date("2026-01-01T12:00:00Z");
  it("shows minutes and seconds under an hour", () => {
    expect(countdown("2026-01-01T12:03:05Z", now)).toBe("3 min 05 s");
  });
  it("shows hours and minutes beyond an hour", () => {
    expect(countdown("2026-01-01T14:07:00Z", now)).toBe("2 h 07 min");
  });
  it("says past once the deadline has gone by", () => {
    expect(countdown("2026-01-01T11:59:00Z", now)).toBe("past");
  });
  it("is empty for a date it cannot read", () => {
    expect(countdown("not a date", now)).toBe("");
  });
});
