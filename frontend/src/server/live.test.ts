import { describe, expect, it } from "vitest";
import { view } from "../test/fixtures";
import { accept } from "./live";

describe("accept", () => {
  it("takes the first view and every newer one", () => {
    const a = view({ seq: 3 });
    const b = view({ seq: 5 });
    let shown = accept({ seq: 0, view: null }, 3, a);
    expect(shown).toEqual({ seq: 3, view: a });
    shown = accept(shown, 5, b);
    expect(shown.view).toBe(b);
  });
  it("never rolls back to an older view", () => {
    const newer = { seq: 9, view: view({ seq: 9 }) };
    expect(accept(newer, 8, view({ seq: 8 }))).toBe(newer);
  });
});
