/** The REST calls of branches: start one, read a game's family tree. */

import type { Api } from "../server/api";
import type { CreatedGame, GameSummary } from "../server/types";

export interface Family {
  game: string;
  /** The oldest ancestor on this server. */
  root: string;
  /** The family's games the caller may read, oldest first. */
  games: GameSummary[];
}

/** ``POST /api/games/{id}/branches/``: a new game from the game's state at ``at``. */
export function createBranch(api: Api, gameId: string, at: number, title: string, keepDice: boolean): Promise<CreatedGame> {
  return api.request("POST", `/api/games/${encodeURIComponent(gameId)}/branches/`, { at, title, keep_dice: keepDice });
}

export function family(api: Api, gameId: string): Promise<Family> {
  return api.request("GET", `/api/games/${encodeURIComponent(gameId)}/family/`);
}

/** The comparison page of ``games`` from ``chair``'s seat. */
export function compareLink(games: string[], chair: string | null): string {
  const query = new URLSearchParams({ games: games.join(",") });
  if (chair) query.set("as", chair);
  return `/compare/?${query.toString()}`;
}
