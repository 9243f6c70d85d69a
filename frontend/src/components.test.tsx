// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { connectionText, IndicatorList } from "./components";
import { OrdersForm } from "./pages/OrdersForm";
import { Messages, MoveCard, ProposalTerms } from "./parts";
import { indicator, message, move, view } from "./test/fixtures";

afterEach(cleanup);

describe("connectionText", () => {
  it("tells the user what the socket is doing", () => {
    expect(connectionText({ kind: "live" }, 0)).toBe("Live");
    expect(connectionText({ kind: "reconnecting", attempt: 2, retryAt: 3500 }, 1000)).toBe("Reconnecting in 3 s…");
    expect(connectionText({ kind: "offline" }, 0)).toMatch(/Offline/);
    expect(connectionText({ kind: "denied", code: 4401, message: "x" }, 0)).toBe("Disconnected");
  });
});

describe("IndicatorList", () => {
  it("shows value, range, the change this turn and who may see a restricted one", () => {
    const v = view({ indicators: [indicator(), indicator({ id: "readiness", name: "Readiness", audience: ["pyongyang", "moscow"], max: 100, value: 50, history: [] })] });
    render(<IndicatorList view={v} />);
    const items = screen.getAllByRole("listitem");
    expect(items[0].textContent).toContain("Escalation rung");
    expect(items[0].textContent).toContain("/ 20");
    expect(items[0].textContent).toContain("+2");
    expect(items[0].textContent).toContain("this turn, rising");
    expect(items[1].textContent).toContain("restricted");
    expect(screen.getByTitle("Seen by Pyongyang, Moscow")).toBeTruthy();
  });
});

describe("MoveCard", () => {
  it("shows another seat's secret move as a commitment and nothing more", () => {
    const stub = move({
      id: "m3",
      seat: "pyongyang",
      visibility: "secret",
      commitment: "0123456789abcdef",
      action: undefined,
      action_name: undefined,
      targets: undefined,
      detected: true,
    });
    render(<MoveCard view={view()} move={stub} />);
    expect(screen.getByText(/made a secret move/)).toBeTruthy();
    // No raw hash on a team's page: the seal is checked in the replay.
    expect(screen.queryByText("0123456789", { exact: false })).toBeNull();
    expect(screen.getByText(/content is sealed/)).toBeTruthy();
    expect(screen.getByText(/Your intelligence has detected it/)).toBeTruthy();
  });
  it("shows a free argument with its reasons and the team's rationale", () => {
    render(
      <MoveCard
        view={view()}
        move={move({ action: "free", action_name: "free argument", argument: { action: "Open talks", result: "A summit", reasons: ["one", "two"] }, rationale: "We need time" })}
      />,
    );
    expect(screen.getByRole("heading", { name: "Open talks" })).toBeTruthy();
    expect(screen.getByText("A summit")).toBeTruthy();
    expect(screen.getAllByRole("listitem").map((li) => li.textContent)).toEqual(["one", "two"]);
    expect(screen.getByText("We need time")).toBeTruthy();
  });
});

describe("Messages", () => {
  it("opens the latest room and answers to its members", async () => {
    const send = vi.fn(async () => ({}));
    const v = view({ messages: [message("msg1", 3, "moscow", ["beijing", "pyongyang"], "Shall we meet?")] });
    render(<Messages view={v} me="beijing" send={send} />);
    expect(screen.getByText("Shall we meet?")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Message to Moscow, Pyongyang"), { target: { value: "Yes." } });
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    await vi.waitFor(() => expect(send).toHaveBeenCalled());
    expect(send).toHaveBeenCalledWith({ type: "send_message", to: ["moscow", "pyongyang"], text: "Yes." });
  });
  it("says when messaging is closed", () => {
    const v = view({ game: { ...view().game, phase: "adjudication", messaging_open: false } });
    render(<Messages view={v} me="beijing" send={vi.fn()} />);
    expect(screen.getByText("Messaging is closed in the Adjudication phase.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Send" }) as HTMLButtonElement).disabled).toBe(true);
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

describe("ProposalTerms", () => {
  it("shows the base once, unsigned, then each modifier signed, and the White Cell's figure", () => {
    render(
      <ProposalTerms
        proposal={{
          seq: 9,
          base: 55,
          terms: [
            { label: "base probability of Send a quiet envoy", points: 55 },
            { label: "Pyongyang already depends on us", points: 10 },
          ],
          strong: [],
          strong_pros: 0,
          strong_cons: 0,
          proposed: 65,
          probability: 60,
          reason: "the envoy is junior",
        }}
      />,
    );
    const rows = screen.getAllByRole("row").map((r) => r.textContent);
    expect(rows).toEqual([
      "base probability of Send a quiet envoy55",
      "Pyongyang already depends on us+10",
      "Proposed65%",
      "Set by the White Cell (the envoy is junior)60%",
    ]);
  });
});
