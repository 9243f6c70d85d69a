// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Api } from "../server/api";
import { Observations, freeTags, planTags, type StudyRecord } from "./Observations";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const study: StudyRecord = {
  seq: 9,
  me: { id: "an-1", name: "Ada", grant: "public" },
  collection_plan: [
    { id: "q1", question: "Does Beijing use its strength?", indicators: [], decisions: ["beijing"], tags: ["initiative", "restraint"], questionnaire: [] },
    { id: "q2", question: "Who wedges whom?", indicators: [], decisions: [], tags: ["wedge", "initiative"], questionnaire: [] },
  ],
  analysts: [],
  observations: [
    { id: "ob-1", seq: 5, at: "", turn: 1, phase: "orders", role: "analyst", analyst: "an-1", author: "Ada", text: "Beijing waits", tags: ["restraint"], about_seq: 4 },
    { id: "ob-2", seq: 7, at: "", turn: 1, phase: "orders", role: "analyst", analyst: "an-2", author: "Bo", text: "A wedge", tags: ["wedge"], about_seq: null },
  ],
};

describe("Observations", () => {
  it("splits free tags and joins the plan's tags once each", () => {
    expect(freeTags(" a, b ,,a, c d")).toEqual(["a", "b", "c d"]);
    expect(planTags(study.collection_plan)).toEqual(["initiative", "restraint", "wedge"]);
  });

  it("filters by tag, jumps to the event an observation is about, and sends a tagged one", async () => {
    const sent: unknown[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
        sent.push(JSON.parse(String(init?.body)));
        return new Response(JSON.stringify({ seq: 10, events: [] }), { status: 201, headers: { "Content-Type": "application/json" } });
      }),
    );
    const onJump = vi.fn();
    const onAdded = vi.fn(async () => {});
    render(<Observations api={new Api({ token: "analyst_x" })} gameId="g1" study={study} seq={8} onAdded={onAdded} onJump={onJump} />);
    expect(screen.getByTestId("observation-list").textContent).toContain("A wedge");
    fireEvent.change(screen.getByLabelText("Show"), { target: { value: "restraint" } });
    expect(screen.getByTestId("observation-list").textContent).not.toContain("A wedge");
    fireEvent.click(screen.getByRole("button", { name: "about seq 4" }));
    expect(onJump).toHaveBeenCalledWith(4);

    fireEvent.change(screen.getByLabelText("Observation by Ada"), { target: { value: "Moscow moves first" } });
    fireEvent.click(screen.getByLabelText("initiative"));
    fireEvent.change(screen.getByLabelText(/Other tags/), { target: { value: "surprise, initiative" } });
    fireEvent.click(screen.getByRole("button", { name: "Add observation" }));
    await waitFor(() => expect(onAdded).toHaveBeenCalled());
    expect(sent[0]).toMatchObject({ type: "add_observation", text: "Moscow moves first", tags: ["initiative", "surprise"], seq: 8 });
  });
});
