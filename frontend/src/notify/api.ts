/** The notifications endpoints (`/api/games/{id}/notifications/`): a member's own choices, and
 * the White Cell's settings for the game (text or not, lead times, each seat's webhook). */

import { Api, errorFrom } from "../server/api";

export const KINDS = ["phase", "deadline", "message", "inject", "results"] as const;
export type Kind = (typeof KINDS)[number];

export const KIND_LABELS: Record<Kind, string> = {
  phase: "A phase in which my team acts opens",
  deadline: "A deadline is near",
  message: "A message reaches my team",
  inject: "An inject reaches my team",
  results: "Results are published",
};

export interface Preferences {
  email: string;
  email_on: boolean;
  browser_on: boolean;
  kinds: Kind[];
  /** The game's reminder times before a deadline, in minutes (read only). */
  lead_minutes: number[];
}

export interface GameSettings {
  include_text: boolean;
  lead_minutes: number[];
  webhooks: Record<string, string>;
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
  return (await response.json()) as T;
}

const base = (gameId: string) => `/api/games/${encodeURIComponent(gameId)}/notifications/`;

export const notifications = {
  mine: (api: Api, gameId: string) => call<Preferences>(api, "GET", `${base(gameId)}me/`),
  saveMine: (api: Api, gameId: string, prefs: Omit<Preferences, "lead_minutes">) =>
    call<Preferences>(api, "PUT", `${base(gameId)}me/`, prefs),
  game: (api: Api, gameId: string) => call<GameSettings>(api, "GET", base(gameId)),
  saveGame: (api: Api, gameId: string, settings: GameSettings) => call<GameSettings>(api, "PUT", base(gameId), settings),
};
