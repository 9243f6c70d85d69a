import { describe, expect, it } from "vitest";
import { moveLabel } from "../ui/format";
import { looksTechnical, plainError, plainIds, plainWords } from "./errors";

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
});
