import { describe, expect, it } from "vitest";
import { familyOrder } from "./tree";
import type { GameSummary } from "../server/types";

function game(id: string, parent: string | null = null, created = id): GameSummary {
  return {
    id,
    title: id.toUpperCase(),
    scenario: "s",
    status: "running",
    seq: 1,
    turn: 1,
    phase: "orders",
    replay_open: false,
    parent_id: parent,
    fork_seq: parent ? 5 : null,
    created_at: created,
  };
}

describe("familyOrder", () => {
  it("puts branches under their parents, oldest first, depth first", () => {
    const rows = familyOrder([game("z"), game("b2", "a", "2"), game("a"), game("b1", "a", "1"), game("c", "b1")]);
    expect(rows.map((r) => [r.game.id, r.depth, r.parentTitle])).toEqual([
      ["z", 0, null],
      ["a", 0, null],
      ["b1", 1, "A"],
      ["c", 2, "B1"],
      ["b2", 1, "A"],
    ]);
  });

  it("shows a branch whose parent is not listed as a root", () => {
    const rows = familyOrder([game("b", "elsewhere")]);
    expect(rows).toEqual([{ game: expect.objectContaining({ id: "b" }), depth: 0, parentTitle: null }]);
  });
});
