/** The analysts endpoints (`/api/games/{id}/analysts/`): analysts, their grants and their links. */

import { Api, errorFrom } from "../server/api";

export type Grant = "public" | "all";

export interface AnalystRow {
  id: string;
  name: string;
  grant: Grant;
  link_issued_at: string | null;
}

export interface AnalystLink {
  id: string;
  name: string;
  grant: Grant;
  token: string;
  join_url: string;
}

async function call<T>(api: Api, method: string, path: string, body?: unknown): Promise<T | null> {
  const response = await fetch(path, {
    method,
    headers: api.headers(method !== "GET"),
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
    cache: "no-store",
  });
  if (!response.ok) throw await errorFrom(response);
  return response.status === 204 ? null : ((await response.json()) as T);
}

const base = (gameId: string) => `/api/games/${encodeURIComponent(gameId)}/analysts/`;
const one = (gameId: string, id: string) => `${base(gameId)}${encodeURIComponent(id)}/`;

export const analysts = {
  list: (api: Api, gameId: string) => call<AnalystRow[]>(api, "GET", base(gameId)) as Promise<AnalystRow[]>,
  add: (api: Api, gameId: string, name: string, grant: Grant) =>
    call<AnalystLink>(api, "POST", base(gameId), { name, grant }) as Promise<AnalystLink>,
  grant: (api: Api, gameId: string, id: string, grant: Grant) => call<AnalystRow>(api, "PATCH", one(gameId, id), { grant }),
  newLink: (api: Api, gameId: string, id: string) => call<AnalystLink>(api, "POST", `${one(gameId, id)}link/`) as Promise<AnalystLink>,
  revokeLink: (api: Api, gameId: string, id: string) => call<null>(api, "DELETE", `${one(gameId, id)}link/`),
  remove: (api: Api, gameId: string, id: string) => call<null>(api, "DELETE", one(gameId, id)),
};

export const GRANT_TEXT: Record<Grant, string> = {
  public: "the public record (what the observer sees)",
  all: "everything (sits in the White Cell)",
};
