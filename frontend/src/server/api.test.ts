import { describe, expect, it } from "vitest";
import { Api, ApiError, cookie, errorFrom, errorText } from "./api";

describe("API errors", () => {
  const response = (status: number, body: unknown) =>
    new Response(typeof body === "string" ? body : JSON.stringify(body), { status });

  it("keeps the server's code and message", async () => {
    const error = await errorFrom(response(422, { error: { code: "wrong_phase", message: "only in the orders phase" } }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.code).toBe("wrong_phase");
    expect(errorText(error)).toBe("Only in the orders phase.");
  });
  it("says something readable when the body is not the usual one", async () => {
    expect((await errorFrom(response(429, "<html>"))).message).toMatch(/Too many requests/);
    expect((await errorFrom(response(502, ""))).message).toMatch(/502/);
  });
  it("calls a failed fetch a connection problem", () => {
    expect(errorText(new TypeError("Failed to fetch"))).toMatch(/cannot be reached/);
  });
  it("reads cookies", () => {
    expect(cookie("csrftoken", "a=1; csrftoken=xyz%3D; b=2")).toBe("xyz=");
    expect(cookie("missing", "a=1")).toBeNull();
  });
});

describe("Api", () => {
  it("sends the seat's token, JSON and an idempotency key with a command", async () => {
    const calls: [string, RequestInit][] = [];
    const api = new Api({
      token: "seat_abc",
      fetch: async (url, init) => {
        calls.push([String(url), init as RequestInit]);
        return new Response(JSON.stringify({ seq: 4, events: [] }), { status: 201 });
      },
    });
    await api.command("g1", { type: "lock_orders" }, "key-1");
    const [url, init] = calls[0];
    const headers = init.headers as Record<string, string>;
    expect(url).toBe("/api/games/g1/commands/");
    expect(init.method).toBe("POST");
    expect(headers.Authorization).toBe("Bearer seat_abc");
    expect(headers["Idempotency-Key"]).toBe("key-1");
    expect(headers["X-CSRFToken"]).toBeUndefined();
    expect(JSON.parse(init.body as string)).toEqual({ type: "lock_orders" });
  });
  it("asks control's view as another role when told to", async () => {
    const urls: string[] = [];
    const api = new Api({
      as: "observer",
      fetch: async (url) => {
        urls.push(String(url));
        return new Response(JSON.stringify({ seq: 1, role: "observer", view: {} }), { status: 200 });
      },
    });
    await api.state("g1");
    await api.events("g1", 5);
    expect(urls).toEqual(["/api/games/g1/state/?as=observer", "/api/games/g1/events/?after=5&as=observer"]);
  });
  it("throws the API's rejection", async () => {
    const api = new Api({
      fetch: async () =>
        new Response(JSON.stringify({ error: { code: "orders_open", message: "not every seat has locked" } }), { status: 422 }),
    });
    await expect(api.command("g1", { type: "advance_phase" })).rejects.toMatchObject({ status: 422, code: "orders_open" });
  });
});
