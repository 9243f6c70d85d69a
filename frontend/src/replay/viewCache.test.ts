import { describe, expect, it, vi } from "vitest";
import type { StateBody } from "../server/types";
import { view } from "../test/fixtures";
import { ViewCache } from "./viewCache";

describe("ViewCache", () => {
  const body = (seq: number, role: string): StateBody => ({ seq, role, view: view({ seq, role }) });

  it("fetches each (seq, role) once, sharing a request in flight", async () => {
    const fetcher = vi.fn(async (seq: number, role: string) => body(seq, role));
    const cache = new ViewCache(fetcher);
    const [a, b] = await Promise.all([cache.get(5, "beijing"), cache.get(5, "beijing")]);
    expect(a).toBe(b);
    await cache.get(5, "control");
    expect(fetcher).toHaveBeenCalledTimes(2);
    expect(cache.peek(5, "beijing")).toBe(a);
    expect(cache.peek(6, "beijing")).toBeUndefined();
  });
  it("forgets a failure so that the next call asks again", async () => {
    let fail = true;
    const cache = new ViewCache(async (seq, role) => {
      if (fail) throw new Error("offline");
      return body(seq, role);
    });
    await expect(cache.get(3, "moscow")).rejects.toThrow("offline");
    fail = false;
    expect((await cache.get(3, "moscow")).seq).toBe(3);
  });
  it("drops the least recently used views beyond its limit", async () => {
    const cache = new ViewCache(async (seq, role) => body(seq, role), 2);
    await cache.get(1, "control");
    await cache.get(2, "control");
    await cache.get(1, "control"); // used again: now the newest
    await cache.get(3, "control");
    expect(cache.size).toBe(2);
    expect(cache.peek(2, "control")).toBeUndefined();
    expect(cache.peek(1, "control")).toBeDefined();
  });
});
