/** The family tree of games: branches under their parents, in the order they were made. */
import "./branches.css";

import type { GameSummary } from "../server/types";

export interface TreeRow<G extends GameSummary = GameSummary> {
  game: G;
  /** 0 for a game with no parent in the list; 1 for its branches, 2 for theirs… */
  depth: number;
  /** The parent's title when the parent is in the list. */
  parentTitle: string | null;
}

/**
 * Games ordered as a tree: each root (a game whose parent is not in the list) in the list's own
 * order, followed by its branches, depth first, oldest branch first.
 */
export function familyOrder<G extends GameSummary>(games: G[]): TreeRow<G>[] {
  const byId = new Map(games.map((g) => [g.id, g]));
  const children = new Map<string, G[]>();
  for (const game of games) {
    const parent = game.parent_id && byId.has(game.parent_id) ? game.parent_id : null;
    if (parent) children.set(parent, [...(children.get(parent) ?? []), game]);
  }
  for (const list of children.values()) list.sort((a, b) => (a.created_at ?? "").localeCompare(b.created_at ?? ""));
  const rows: TreeRow<G>[] = [];
  const seen = new Set<string>();
  const visit = (game: G, depth: number, parentTitle: string | null) => {
    if (seen.has(game.id)) return;
    seen.add(game.id);
    rows.push({ game, depth, parentTitle });
    for (const child of children.get(game.id) ?? []) visit(child, depth + 1, game.title);
  };
  for (const game of games) if (!(game.parent_id && byId.has(game.parent_id))) visit(game, 0, null);
  for (const game of games) visit(game, 0, null); // a cycle cannot happen, but nothing is lost
  return rows;
}
