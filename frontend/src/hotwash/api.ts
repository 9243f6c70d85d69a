/** The adjudicators' endpoints: the White Cell's named adjudicators and their own links
 * (`/api/games/{id}/adjudicators/`), the blind estimates (`estimates/`), the calibration. */

import { Api, errorFrom } from "../server/api";
import type { EstimateRound } from "../server/types";

export interface AdjudicatorRow {
  id: string;
  name: string;
  link_issued_at: string | null;
}

export interface AdjudicatorLink {
  id: string;
  name: string;
  token: string;
  join_url: string;
}

export interface BoardMove {
  id: string;
  seat: string;
  team: string;
  turn: number;
  what: string;
  outcome: string | null;
  proposed: number | null;
}

/** What one adjudicator sees: moves waiting, own estimates, the spread once all answered. */
export interface Board {
  game: { id: string; title: string; turn: number };
  phase: string | null;
  me: { id: string; name: string } | null;
  adjudicators: { id: string; name: string; active: boolean }[];
  waiting: BoardMove[];
  estimated: BoardMove[];
  moves: Record<string, EstimateRound>;
}

export interface Calibration {
  adjudicators: { adjudicator: string; name: string; estimates: number; scored: number; brier: number | null }[];
  disagreements: {
    move_id: string;
    seat: string | null;
    turn: number | null;
    action_name: string | null;
    outcome: string | null;
    range: number;
    estimates: { name: string; probability: number }[];
  }[];
}

async function call<T>(api: Api, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: api.headers(method !== "GET"),
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
    cache: "no-store",
  });
  if (!response.ok) throw await errorFrom(response);
  return (response.status === 204 ? null : await response.json()) as T;
}

const game = (gameId: string) => `/api/games/${encodeURIComponent(gameId)}/`;

export const adjudicators = {
  list: (api: Api, gameId: string) => call<AdjudicatorRow[]>(api, "GET", `${game(gameId)}adjudicators/`),
  add: (api: Api, gameId: string, name: string) => call<AdjudicatorLink>(api, "POST", `${game(gameId)}adjudicators/`, { name }),
  newLink: (api: Api, gameId: string, id: string) =>
    call<AdjudicatorLink>(api, "POST", `${game(gameId)}adjudicators/${encodeURIComponent(id)}/link/`),
  remove: (api: Api, gameId: string, id: string) => call<null>(api, "DELETE", `${game(gameId)}adjudicators/${encodeURIComponent(id)}/`),
  board: (api: Api, gameId: string) => call<Board>(api, "GET", `${game(gameId)}estimates/`),
  estimate: (api: Api, gameId: string, body: { move_id: string; probability: number; reason?: string; adjudicator?: string }) =>
    call<Board>(api, "POST", `${game(gameId)}estimates/`, body),
  calibration: (api: Api, gameId: string) => call<Calibration>(api, "GET", `${game(gameId)}calibration/`),
};
