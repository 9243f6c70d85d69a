import { describe, expect, it } from "vitest";
import { actionsFor, durationText, phasesFrom, rowsFrom, splitSeconds } from "./clockSettings";

describe("clock settings", () => {
  it("turns rows into set_clock's phases, leaving empty phases out", () => {
    const rows = rowsFrom(["briefing", "orders", "adjudication"], null);
    rows[1] = { ...rows[1], amount: "2", unit: "days", on_expiry: "lock_orders" };
    rows[2] = { ...rows[2], amount: "90", unit: "minutes", on_expiry: "roll" };
    expect(phasesFrom(rows)).toEqual([
      { phase: "orders", seconds: 172800, on_expiry: "lock_orders" },
      { phase: "adjudication", seconds: 5400, on_expiry: "roll" },
    ]);
  });

  it("refuses a duration of nothing or over 30 days, and an action the phase cannot take", () => {
    const [row] = rowsFrom(["orders"], null);
    expect(phasesFrom([{ ...row, amount: "0" }])).toBe("The orders phase needs a duration above nothing.");
    expect(phasesFrom([{ ...row, amount: "31", unit: "days" }])).toBe("The orders phase may last at most 30 days.");
    expect(phasesFrom([{ phase: "briefing", amount: "1", unit: "hours", on_expiry: "roll" }])).toEqual([
      { phase: "briefing", seconds: 3600, on_expiry: "alert" },
    ]);
    expect(actionsFor("orders")).toContain("lock_orders");
    expect(actionsFor("results")).toEqual(["alert", "advance"]);
  });

  it("shows saved settings in the largest whole unit", () => {
    expect(splitSeconds(172800)).toEqual({ amount: "2", unit: "days" });
    expect(splitSeconds(7200)).toEqual({ amount: "2", unit: "hours" });
    expect(splitSeconds(90)).toEqual({ amount: "1.5", unit: "minutes" });
    expect(rowsFrom(["orders", "results"], { orders: { seconds: 86400, on_expiry: "advance" } })).toEqual([
      { phase: "orders", amount: "1", unit: "days", on_expiry: "advance" },
      { phase: "results", amount: "", unit: "hours", on_expiry: "advance" },
    ]);
    expect(durationText(93600)).toBe("1 day 2 hours");
  });
});
