import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Pending } from "../server/types";
import { move, view } from "../test/fixtures";
import { adjudicable, nextOpen, openMoves } from "./AdjudicationPanel";
import { RollRemaining } from "./MovesAndAdjudication";

afterEach(cleanup);

const nothing: Pending = { unlocked: [], unadjudicated: [], adjudicable: [], rollable: [], run_sheet_due: [], next_phase: null };
const moves = [move({ id: "m1", turn: 2 }), move({ id: "m2", turn: 2, action: "free" }), move({ id: "m3", turn: 2 })];

describe("what the console offers comes from control's view", () => {
  it("adjudicates the moves the view names, in the list's order, and goes round to the next", () => {
    const v = view({ moves, game: { ...view().game, phase: "adjudication" }, pending: { ...nothing, adjudicable: ["m3", "m2"] } });
    expect(moves.map((m) => adjudicable(v, m))).toEqual([false, true, true]);
    expect(openMoves(v).map((m) => m.id)).toEqual(["m2", "m3"]);
    expect(nextOpen(v, "m3")?.id).toBe("m2");
    expect(nextOpen(v, "m1")?.id).toBe("m2");
  });

  it("offers nothing the view does not name, whatever the phase says", () => {
    const v = view({ moves, game: { ...view().game, phase: "adjudication" }, pending: nothing });
    expect(openMoves(v)).toEqual([]);
    expect(nextOpen(v, null)).toBeNull();
    expect(openMoves({ ...v, pending: null })).toEqual([]);
  });

  it("counts roll all remaining from the moves the view says it would roll", () => {
    const send = async () => ({ seq: 1, events: [] });
    const v = view({ moves, pending: { ...nothing, adjudicable: ["m1", "m2", "m3"], rollable: ["m1", "m3"] } });
    render(<RollRemaining view={v} send={send} asking={false} setAsking={() => {}} />);
    expect(screen.getByTestId("roll-remaining").textContent).toBe("Roll all remaining at their proposed odds (2)…");
    cleanup();
    const { container } = render(<RollRemaining view={{ ...v, pending: { ...nothing, adjudicable: ["m2"] } }} send={send} asking={false} setAsking={() => {}} />);
    expect(container.textContent).toBe("");
  });
});
