// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Api } from "../server/api";
import { view } from "../test/fixtures";
import { PlanEditor, fromDraft, toDraft } from "./PlanEditor";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const plan = [{ id: "q1", question: "Does Beijing use its strength?", indicators: ["escalation"], decisions: ["beijing"], tags: ["initiative"], questionnaire: [] }];

function serve() {
  const sent: unknown[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
      if (String(input).endsWith("/analysis/")) return json({ seq: 1, me: null, collection_plan: plan, analysts: [], observations: [] });
      sent.push(JSON.parse(String(init?.body)));
      return json({ seq: 2, events: [] }, 201);
    }),
  );
  return sent;
}

describe("PlanEditor", () => {
  it("turns a question into fields and back", () => {
    expect(fromDraft(toDraft(plan[0]))).toEqual(plan[0]);
  });

  it("edits the plan before the start and sends it whole", async () => {
    const sent = serve();
    render(<PlanEditor view={view({ game: { ...view().game, status: "setup" } })} gameId="g1" api={new Api({ token: "fac" })} />);
    const tags = await screen.findByLabelText("Observation tags (separated by commas)");
    fireEvent.change(tags, { target: { value: "initiative, restraint" } });
    fireEvent.click(screen.getByRole("button", { name: "Add a question" }));
    fireEvent.change(screen.getAllByLabelText("Question")[1], { target: { value: "Who wedges whom?" } });
    fireEvent.click(screen.getByRole("button", { name: "Save the plan" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Saved."));
    expect(sent[0]).toMatchObject({
      type: "set_collection_plan",
      questions: [
        { id: "q1", tags: ["initiative", "restraint"], decisions: ["beijing"] },
        { id: "q2", question: "Who wedges whom?", tags: [] },
      ],
    });
  });

  it("shows the plan read-only once the game has started", async () => {
    serve();
    render(<PlanEditor view={view({ game: { ...view().game, status: "running" } })} gameId="g1" api={new Api({ token: "fac" })} />);
    expect((await screen.findByTestId("plan")).textContent).toContain("Does Beijing use its strength?");
    expect(screen.queryByRole("button", { name: "Save the plan" })).toBeNull();
  });
});
