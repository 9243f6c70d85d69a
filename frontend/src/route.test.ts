import { describe, expect, it } from "vitest";
import { parseRoute, plenaryLink, takeRoute, tokenFromHash } from "./route";

function fakes(pathname: string, hash: string, search = "") {
  const stored = new Map<string, string>();
  const replaced: string[] = [];
  const storage = { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v) };
  const history = { state: null, replaceState: (_d: unknown, _u: string, url: string) => void replaced.push(url) };
  return { address: { pathname, search, hash }, stored, replaced, storage, history };
}

describe("takeRoute", () => {
  it("reads the join token, keeps it for the tab and takes it out of the address bar", () => {
    const f = fakes("/play/g1/", "#token=seat_abc");
    const route = takeRoute(f.address, f.history, f.storage);
    expect(route).toEqual({ page: "play", gameId: "g1", token: "seat_abc" });
    expect(f.replaced).toEqual(["/play/g1/"]);
    expect(f.stored.get("wargame.token.play.g1")).toBe("seat_abc");
  });

  it("finds the token again on reload, when the address no longer has it", () => {
    const f = fakes("/plenary/g1/", "#token=obs_x");
    takeRoute(f.address, f.history, f.storage);
    const reloaded = takeRoute({ pathname: "/plenary/g1/", search: "", hash: "" }, f.history, f.storage);
    expect(reloaded).toEqual({ page: "plenary", gameId: "g1", token: "obs_x" });
    expect(f.replaced).toHaveLength(1);
  });

  it("keeps the query of a replay link and leaves other games and pages alone", () => {
    const f = fakes("/replay/g1/", "#token=seat_r", "?at=5&as=moscow");
    takeRoute(f.address, f.history, f.storage);
    expect(f.replaced).toEqual(["/replay/g1/?at=5&as=moscow"]);
    expect(takeRoute({ pathname: "/play/g2/", search: "", hash: "" }, f.history, f.storage)).toEqual(parseRoute("/play/g2/", ""));
    expect(takeRoute({ pathname: "/", search: "", hash: "" }, f.history, f.storage)).toEqual({ page: "lobby" });
  });

  it("works without storage", () => {
    const f = fakes("/play/g1/", "#token=seat_abc");
    expect(takeRoute(f.address, f.history, null)).toEqual({ page: "play", gameId: "g1", token: "seat_abc" });
  });
});

describe("routes", () => {
  it("reads the pages and the token in the fragment", () => {
    expect(parseRoute("/", "")).toEqual({ page: "lobby" });
    expect(parseRoute("/control/abc/", "")).toEqual({ page: "control", gameId: "abc" });
    expect(parseRoute("/play/abc/", "#token=seat_x")).toEqual({ page: "play", gameId: "abc", token: "seat_x" });
    expect(parseRoute("/plenary/abc", "")).toEqual({ page: "plenary", gameId: "abc", token: null });
    expect(parseRoute("/replay/abc/", "#token=obs_y")).toMatchObject({ page: "replay", token: "obs_y" });
    expect(parseRoute("/adjudicate/abc/", "#token=member_z")).toMatchObject({ page: "adjudicate", gameId: "abc", token: "member_z" });
    expect(parseRoute("/elsewhere/", "")).toEqual({ page: "unknown" });
  });
  it("ignores an empty token", () => {
    expect(tokenFromHash("#token=")).toBeNull();
    expect(tokenFromHash("")).toBeNull();
    expect(tokenFromHash("#other=1&token=seat_z")).toBe("seat_z");
  });
  it("sends the observer's link to the plenary screen", () => {
    expect(plenaryLink("http://h/play/g1/#token=obs_1")).toBe("http://h/plenary/g1/#token=obs_1");
  });
});
