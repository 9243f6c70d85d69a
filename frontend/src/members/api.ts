/** The members endpoints (`/api/games/{id}/members/`): a team's named people and their links. */

import { Api, errorFrom } from "../server/api";

export interface MemberRow {
  id: string;
  seat: string;
  name: string;
  lead: boolean;
  link_issued_at: string | null;
  last_seen_seq: number | null;
}

export interface MemberLink {
  id: string;
  seat: string;
  name: string;
  token: string;
  join_url: string;
}

export interface Me {
  role: string;
  member: { id: string; name: string; lead: boolean } | null;
  last_seen_seq: number | null;
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

const base = (gameId: string) => `/api/games/${encodeURIComponent(gameId)}/members/`;

export const members = {
  list: (api: Api, gameId: string) => call<MemberRow[]>(api, "GET", base(gameId)) as Promise<MemberRow[]>,
  add: (api: Api, gameId: string, seat: string, name: string) =>
    call<MemberLink>(api, "POST", base(gameId), { seat, name }) as Promise<MemberLink>,
  newLink: (api: Api, gameId: string, member: string) =>
    call<MemberLink>(api, "POST", `${base(gameId)}${encodeURIComponent(member)}/link/`) as Promise<MemberLink>,
  revokeLink: (api: Api, gameId: string, member: string) =>
    call<null>(api, "DELETE", `${base(gameId)}${encodeURIComponent(member)}/link/`),
  remove: (api: Api, gameId: string, member: string) => call<null>(api, "DELETE", `${base(gameId)}${encodeURIComponent(member)}/`),
  me: (api: Api, gameId: string) => call<Me>(api, "GET", `${base(gameId)}me/`) as Promise<Me>,
};
