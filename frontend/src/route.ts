/** Which page to show, from the path; the seat's or observer's token from the URL fragment. */

export type Route =
  | { page: "lobby" }
  | { page: "control"; gameId: string }
  | { page: "play"; gameId: string; token: string | null }
  | { page: "plenary"; gameId: string; token: string | null }
  | { page: "replay"; gameId: string; token: string | null }
  | { page: "adjudicate"; gameId: string; token: string | null }
  | { page: "compare" }
  | { page: "unknown" };

export function tokenFromHash(hash: string): string | null {
  const text = hash.startsWith("#") ? hash.slice(1) : hash;
  const token = new URLSearchParams(text).get("token");
  return token && token.trim() ? token.trim() : null;
}

export function parseRoute(pathname: string, hash: string): Route {
  if (pathname === "/" || pathname === "") return { page: "lobby" };
  if (/^\/compare\/?$/.test(pathname)) return { page: "compare" };
  const match = /^\/(control|play|plenary|replay|adjudicate)\/([^/]+)\/?$/.exec(pathname);
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
    case "adjudicate":
      return { page: "adjudicate", gameId, token };
    default:
      return { page: "replay", gameId, token };
  }
}

export interface AddressLike {
  pathname: string;
  search: string;
  hash: string;
}

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * The route of the page, with the join token taken out of the address bar.
 *
 * A join link carries its token in the fragment. Once read, the token is kept in this tab's
 * sessionStorage and the fragment is removed with history.replaceState, so the token is neither
 * on screen (over a shoulder, on a projector, in a screenshot) nor in the browser's history;
 * a reload of the tab finds it in sessionStorage.
 */
export function takeRoute(
  address: AddressLike,
  history: { replaceState(data: unknown, unused: string, url: string): void; state?: unknown },
  storage: StorageLike | null,
): Route {
  const route = parseRoute(address.pathname, address.hash);
  if (route.page !== "play" && route.page !== "plenary" && route.page !== "replay" && route.page !== "adjudicate") return route;
  const key = `wargame.token.${route.page}.${route.gameId}`;
  if (route.token) {
    try {
      storage?.setItem(key, route.token);
    } catch {
      /* storage refused (private mode quota): the token still works for this page view */
    }
    history.replaceState(history.state ?? null, "", `${address.pathname}${address.search}`);
    return route;
  }
  let stored: string | null = null;
  try {
    stored = storage?.getItem(key) ?? null;
  } catch {
    stored = null;
  }
  return stored ? { ...route, token: stored } : route;
}

/** Links between the facilitator's pages (same origin; tokens never go into these). */
export const links = {
  lobby: () => "/",
  control: (id: string) => `/control/${encodeURIComponent(id)}/`,
  plenary: (id: string) => `/plenary/${encodeURIComponent(id)}/`,
  replay: (id: string) => `/replay/${encodeURIComponent(id)}/`,
};

/**
 * The observer's link opens the projector page rather than a team console. The server now
 * issues it that way; this stays for links issued before (and is a no-op on the new ones).
 */
export function plenaryLink(joinUrl: string): string {
  return joinUrl.replace(/\/play\/([^/]+)\//, "/plenary/$1/");
}
