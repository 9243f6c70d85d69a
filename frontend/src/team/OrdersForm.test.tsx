import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { move, view } from "../test/fixtures";
import { commandFromDraft, draftFromMove, draftProblems, emptyDraft, modifierText, needsTargets, OrdersForm } from "./OrdersForm";

afterEach(cleanup);

describe("the orders form's command", () => {
  it("builds a catalog move", () => {
    const command = commandFromDraft({
      ...emptyDraft,
      action: "beijing.trade_squeeze",
      targets: ["pyongyang"],
      rationale: "  Remind them who pays.  ",
    });
    expect(command).toEqual({
      type: "submit_move",
      action: "beijing.trade_squeeze",
      targets: ["pyongyang"],
      visibility: "public",
      rationale: "Remind them who pays.",
    });
  });
  it("builds a free argument with its reasons, dropping empty ones, and an edit", () => {
    const command = commandFromDraft(
      {
        ...emptyDraft,
        action: "free",
        visibility: "secret",
        rationale: "why",
        freeAction: "Open a channel",
        freeResult: "Talks",
        reasons: ["one", " ", "three"],
      },
      "m4",
    );
    expect(command.argument).toEqual({ action: "Open a channel", result: "Talks", reasons: ["one", "three"] });
    expect(command.move_id).toBe("m4");
    expect(command.visibility).toBe("secret");
  });
  it("asks for what is missing, the rationale above all", () => {
    expect(draftProblems(emptyDraft)).toEqual([
      "Choose a move.",
      "Write your rationale: why your team makes this move.",
    ]);
    expect(draftProblems({ ...emptyDraft, action: "free", rationale: "r" })).toHaveLength(2);
    expect(draftProblems({ ...emptyDraft, action: "x.y", rationale: "r" })).toEqual([]);
  });
  it("loads a submitted move for editing", () => {
    const draft = draftFromMove(
      move({
        action: "free",
        argument: { action: "a", result: "r", reasons: ["x"] },
        rationale: "because",
        visibility: "secret",
      }),
    );
    expect(draft.reasons).toEqual(["x", "", ""]);
    expect(draft.rationale).toBe("because");
    expect(draft.visibility).toBe("secret");
  });
});

describe("the orders form's words", () => {
  it("shows a modifier as the engine would apply it now, with its condition in words", () => {
    expect(modifierText({ label: "Moscow covers the gap", add: -10, value: 0, condition_text: "-10 if alignment is at least 75" })).toBe(
      "Moscow covers the gap: no effect now (-10 if alignment is at least 75)",
    );
    expect(modifierText({ label: "Leadership", add: 4, value: -4, condition_text: null })).toBe("Leadership: −4 now");
  });

  it("refuses a catalog move that needs targets without one", () => {
    const action = { targets: ["pyongyang"], available: true, unavailable_reason: null };
    expect(needsTargets(action)).toBe(true);
    const draft = { ...emptyDraft, action: "beijing.squeeze", rationale: "why" };
    expect(draftProblems(draft, action)).toEqual(["Choose at least one target for this move."]);
    expect(draftProblems({ ...draft, targets: ["pyongyang"] }, action)).toEqual([]);
    expect(draftProblems(draft, { targets: [], available: false, unavailable_reason: "the troops are already there" })).toEqual([
      "This move is not available now: the troops are already there",
    ]);
  });
});

describe("OrdersForm", () => {
  const actions = [
    {
      id: "beijing.envoy",
      name: "Send a quiet envoy",
      description: "A visit without an announcement.",
      targets: ["pyongyang"],
      base_probability: 55,
      secret_allowed: true,
      modifiers: [{ label: "Pyongyang depends on us", add: 10 }],
      effects: { success: [{ indicator: "escalation", delta: -1 }], failure: [] },
    },
  ];

  it("asks for the rationale before sending", () => {
    const send = vi.fn(async () => ({}));
    render(<OrdersForm view={view({ actions })} send={send} editing={null} onDone={() => {}} disabledReason={null} />);
    fireEvent.click(screen.getByLabelText(/Send a quiet envoy/));
    fireEvent.click(screen.getByRole("button", { name: "Submit move" }));
    expect(screen.getByRole("alert").textContent).toContain("Write your rationale");
    expect(send).not.toHaveBeenCalled();
  });

  it("sends a secret catalog move with its target and shows the API's rejection", async () => {
    const send = vi.fn(async () => {
      throw Object.assign(new Error("you have used all 2 moves of this turn"), { code: "quota_exhausted" });
    });
    render(<OrdersForm view={view({ actions })} send={send} editing={null} onDone={() => {}} disabledReason={null} />);
    fireEvent.click(screen.getByLabelText(/Send a quiet envoy/));
    expect(screen.getByText(/Pyongyang depends on us \(\+10\)/)).toBeTruthy();
    // The only possible target is chosen for the team.
    expect((screen.getByLabelText("Pyongyang") as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByLabelText(/^Secret/));
    fireEvent.change(screen.getByLabelText("Rationale: why your team makes this move"), { target: { value: "Quietly." } });
    fireEvent.click(screen.getByRole("button", { name: "Submit move" }));
    await screen.findByText("you have used all 2 moves of this turn");
    expect(send).toHaveBeenCalledWith({
      type: "submit_move",
      action: "beijing.envoy",
      targets: ["pyongyang"],
      visibility: "secret",
      rationale: "Quietly.",
    });
  });

  it("says why orders cannot be given now", () => {
    render(<OrdersForm view={view({ actions })} send={vi.fn()} editing={null} onDone={() => {}} disabledReason="Your orders are locked for this turn." />);
    expect(screen.getByText("Your orders are locked for this turn.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Submit move" }) as HTMLButtonElement).disabled).toBe(true);
  });
});
