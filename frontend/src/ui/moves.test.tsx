import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { move, view } from "../test/fixtures";
import { MoveCard, ProposalTerms } from "./moves";

afterEach(cleanup);

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
