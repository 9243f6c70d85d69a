/** Which page to show, from the path; the seat's or observer's token from the URL fragment. */

export type Route =
  | { page: "lobby" }
  | { page: "control"; gameId: string }
  | { page: "play"; gameId: string; token: string | null }
  | { page: "plenary"; gameId: string; token: string | null }
  | { page: "replay"; gameId: string; token: string | null }
  | { page: "unknown" };

export function tokenFromHash(hash: string): string | null {
  const text = hash.startsWith("#") ? hash.slice(1) : hash;
  const token = new URLSearchParams(text).get("token");
  return token && token.trim() ? token.trim() : null;
}

export function parseRoute(pathname: string, hash: string): Route {
  if (pathname === "/" || pathname === "") return { page: "lobby" };
  const match = /^\/(control|play|plenary|replay)\/([^/]+)\/?$/.exec(pathname);
  if (!match) return { page: "unknown" };
  const gameId = decodeURIComponent(match[2]);
  const token = tokenFromHash(hash);
  switch (match[1]) {
    case "control":
      return { page: "control", gameId };
    case "play":
      return { page: "play", gameId, token };
    case "plenary":
      return { page: "plenary", gameId, token };
    default:
      return { page: "replay", gameId, token };
  }
}

/** Links between the facilitator's pages (same origin; tokens never go into these). */
export const links = {
  lobby: () => "/",
  control: (id: string) => `/control/${encodeURIComponent(id)}/`,
  plenary: (id: string) => `/plenary/${encodeURIComponent(id)}/`,
  replay: (id: string) => `/replay/${encodeURIComponent(id)}/`,
};
