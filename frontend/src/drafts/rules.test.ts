import { describe, expect, it } from "vitest";
import type { TeamDraft } from "../server/types";
import { view as makeView } from "../test/fixtures";
import { approveBlock, draftTitle, hasApproved, isAuthor, submitBlock } from "./rules";

function draft(overrides: Partial<TeamDraft> = {}): TeamDraft {
  return {
    id: "dr-1",
    seat: "beijing",
    kind: "move",
    status: "open",
    author: { member: "mb-bo", name: "Bo" },
    turn: 1,
    phase: "orders",
    for_turn: 1,
    revision: 1,
    content: { action: "beijing.trade_squeeze", action_name: "Trade squeeze", rationale: "r", targets: [] },
    revisions: [],
    comments: [],
    approvals: [{ member: "mb-ada", name: "Ada", seq: 9 }],
    created_seq: 8,
    closed_seq: null,
    result: null,
    stale: false,
    blocked: null,
    ...overrides,
  };
}

const ada = { member: "mb-ada", lead: true };
const bo = { member: "mb-bo", lead: false };
const shared = { member: null, lead: false };

function leadOnly() {
  const view = makeView({ draft_policy: { beijing: "lead" } });
  view.seats[0] = { ...view.seats[0], members: [{ id: "mb-ada", name: "Ada", lead: true }] };
  return view;
}

describe("submitBlock", () => {
  it("lets any member submit by default", () => {
    expect(submitBlock(makeView(), draft(), bo)).toBeNull();
  });
  it("names the lead when only the lead submits", () => {
    const view = leadOnly();
    expect(submitBlock(view, draft(), bo)).toBe("Your team chose that only its lead submits: Ada.");
    expect(submitBlock(view, draft(), ada)).toBeNull();
    expect(submitBlock(view, draft(), shared)).toBeNull();
  });
  it("says the engine's reason as a sentence", () => {
    const blocked = draft({ blocked: "a move can be submitted only in the orders phase" });
    expect(submitBlock(makeView(), blocked, ada)).toBe("A move can be submitted only in the orders phase.");
  });
  it("refuses closed drafts, a paused game and an unknown self", () => {
    expect(submitBlock(makeView(), draft({ status: "withdrawn" }), ada)).toBe("This draft was withdrawn.");
    const paused = makeView();
    paused.game = { ...paused.game, paused: true };
    expect(submitBlock(paused, draft(), ada)).toBe("The game is paused.");
    expect(submitBlock(makeView(), draft(), undefined)).toMatch(/Finding out/);
  });
});

describe("approvals", () => {
  it("the author may not approve, a teammate may", () => {
    expect(approveBlock(draft(), bo)).toMatch(/teammate/);
    expect(approveBlock(draft(), ada)).toBeNull();
    expect(isAuthor(draft(), bo)).toBe(true);
    expect(hasApproved(draft(), ada)).toBe(true);
    expect(hasApproved(draft(), shared)).toBe(false);
  });
});

describe("draftTitle", () => {
  it("names a move's action and a message's recipients", () => {
    const view = makeView();
    expect(draftTitle(view, draft())).toBe("Move: Trade squeeze");
    expect(draftTitle(view, draft({ kind: "message", content: { to: ["moscow", "washington"], text: "x" } }))).toBe(
      "Message to Moscow, Washington",
    );
  });
});
