import { describe, expect, it } from "vitest";
import { compile } from "vega-lite";
import { chartRows, duration, initiativeSpec, type InitiativeTable } from "./initiativeSpec";

const table: InitiativeTable = {
  role: "beijing",
  seq: 40,
  turns: [1],
  seats: [
    { role: "beijing", name: "Beijing" },
    { role: "moscow", name: "Moscow" },
  ],
  catalog_seats: ["beijing"],
  rows: [
    { seat: "beijing", team: "Beijing", turn: 1, moves: 2, opened: 1, answered: 1, undisclosed: 0, answered_seats: ["moscow"], public: 2, secret: 0, free: 0, leverage_held: 9, leverage_used: 2, locked_by: "seat", lock_seconds: 150 },
    { seat: "moscow", team: "Moscow", turn: 1, moves: 1, opened: 0, answered: 0, undisclosed: 1, answered_seats: [], public: 0, secret: 1, free: 0, leverage_held: null, leverage_used: 0, locked_by: null, lock_seconds: null },
  ],
  indicator: { id: "beijing_initiative", name: "Beijing's initiative", min: 0, max: 100, note: "the scenario's indicator", values: [{ turn: 0, value: 25 }, { turn: 1, value: 31 }] },
  indicator_note: "the scenario's indicator",
};

describe("the initiative chart", () => {
  it("has a row per panel, seat, turn and measure, leaving out what the chair cannot see", () => {
    const rows = chartRows(table);
    const beijing = rows.filter((r) => r.seat === "Beijing");
    expect(beijing.map((r) => [r.panel, r.measure, r.value])).toEqual([
      ["Moves", "opened", 1],
      ["Moves", "answered", 1],
      ["Moves", "undisclosed", 0],
      ["Leverage", "held", 9],
      ["Leverage", "used", 2],
      ["Secrecy", "public", 2],
      ["Secrecy", "secret", 0],
      ["Lock time (min)", "to lock", 2.5],
    ]);
    const moscow = rows.filter((r) => r.seat === "Moscow").map((r) => r.measure);
    expect(moscow).not.toContain("held");
    expect(moscow).not.toContain("to lock");
    expect(rows.filter((r) => r.panel === "indicator").map((r) => [r.turn, r.value])).toEqual([
      [0, 25],
      [1, 31],
    ]);
  });

  it("is the report's template with these rows, and compiles", () => {
    const spec = initiativeSpec(table);
    expect((spec.data as { values: unknown[] }).values).toHaveLength(chartRows(table).length);
    expect(() => compile(spec)).not.toThrow();
    const bare = initiativeSpec({ ...table, rows: [], indicator: null }) as { data: unknown; vconcat: unknown[] };
    expect(bare.data).toEqual({ values: [] });
    expect(bare.vconcat).toHaveLength(1); // no indicator panel without an indicator
    expect((spec as { vconcat: unknown[] }).vconcat).toHaveLength(2);
  });

  it("says how long a seat took to lock", () => {
    expect(duration(null)).toBe("not locked");
    expect(duration(42.4)).toBe("42 s");
    expect(duration(200)).toBe("3 min 20 s");
    expect(duration(120)).toBe("2 min");
  });
});
