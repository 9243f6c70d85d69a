import { describe, expect, it } from "vitest";
import { Api, ApiError, cookie, errorFrom, errorText } from "./api";
import { accept } from "./game";
import { commandFromDraft, draftFromMove, draftProblems, emptyDraft } from "./pages/OrdersForm";
import { plenaryLink } from "./pages/Lobby";
import { parseRoute, tokenFromHash } from "./route";
import { move, view } from "./test/fixtures";

describe("accept", () => {
  it("takes the first view and every newer one", () => {
    const a = view({ seq: 3 });
    const b = view({ seq: 5 });
    let shown = accept({ seq: 0, view: null }, 3, a);
    expect(shown).toEqual({ seq: 3, view: a });
    shown = accept(shown, 5, b);
    expect(shown.view).toBe(b);
  });
  it("never rolls back to an older view", () => {
    const newer = { seq: 9, view: view({ seq: 9 }) };
    expect(accept(newer, 8, view({ seq: 8 }))).toBe(newer);
  });
});

describe("routes", () => {
  it("reads the pages and the token in the fragment", () => {
    expect(parseRoute("/", "")).toEqual({ page: "lobby" });
    expect(parseRoute("/control/abc/", "")).toEqual({ page: "control", gameId: "abc" });
    expect(parseRoute("/play/abc/", "#token=seat_x")).toEqual({ page: "play", gameId: "abc", token: "seat_x" });
    expect(parseRoute("/plenary/abc", "")).toEqual({ page: "plenary", gameId: "abc", token: null });
    expect(parseRoute("/replay/abc/", "#token=obs_y")).toMatchObject({ page: "replay", token: "obs_y" });
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

describe("the orders form's command", () => {
  it("builds a catalog move", () => {
    const command = commandFromDraft({
      ...emptyDraft,
      action: "beijing.trade_squeeze",
      targets: ["pyongyang"],
      rationale: "  Remind them who pays.  ",
    });
    expect(command).toEqual({
      type: "submit_move",
      action: "beijing.trade_squeeze",
      targets: ["pyongyang"],
      visibility: "public",
      rationale: "Remind them who pays.",
    });
  });
  it("builds a free argument with its reasons, dropping empty ones, and an edit", () => {
    const command = commandFromDraft(
      {
        ...emptyDraft,
        action: "free",
        visibility: "secret",
        rationale: "why",
        freeAction: "Open a channel",
        freeResult: "Talks",
        reasons: ["one", " ", "three"],
      },
      "m4",
    );
    expect(command.argument).toEqual({ action: "Open a channel", result: "Talks", reasons: ["one", "three"] });
    expect(command.move_id).toBe("m4");
    expect(command.visibility).toBe("secret");
  });
  it("asks for what is missing, the rationale above all", () => {
    expect(draftProblems(emptyDraft)).toEqual([
      "Choose a move.",
      "Write your rationale: why your team makes this move.",
    ]);
    expect(draftProblems({ ...emptyDraft, action: "free", rationale: "r" })).toHaveLength(2);
    expect(draftProblems({ ...emptyDraft, action: "x.y", rationale: "r" })).toEqual([]);
  });
  it("loads a submitted move for editing", () => {
    const draft = draftFromMove(
      move({
        action: "free",
        argument: { action: "a", result: "r", reasons: ["x"] },
        rationale: "because",
        visibility: "secret",
      }),
    );
    expect(draft.reasons).toEqual(["x", "", ""]);
    expect(draft.rationale).toBe("because");
    expect(draft.visibility).toBe("secret");
  });
});
