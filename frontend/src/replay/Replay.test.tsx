// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { View } from "../server/types";
import { move, view } from "../test/fixtures";
import { Replay } from "./Replay";

/** A server for one seat's token: answers /state/ (refusing other chairs unless the record is open) and /events/. */
function serve(recordOpen: boolean) {
  const calls: string[] = [];
  const base = view({
    seq: 30,
    game: { ...view().game, status: "ended", record_open: recordOpen },
    moves: [move({ id: "m1", seat: "pyongyang", visibility: "secret", commitment: "ab".repeat(32), action: undefined, action_name: undefined, targets: undefined })],
  });
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), "http://test");
    calls.push(url.pathname + url.search);
    const json = (body: unknown, status = 200) =>
      new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
    if (url.pathname.endsWith("/events/")) return json({ events: [], seq: 30, next_after: null });
    const as = url.searchParams.get("as");
    if (as && as !== "beijing" && !recordOpen) return json({ error: { code: "forbidden", message: "no" } }, 403);
    const at = Number(url.searchParams.get("at") ?? 30);
    const role = as ?? "beijing";
    const seen: View = { ...base, seq: at, role, seat: role === "control" || role === "observer" ? null : role };
    return json({ seq: at, role, view: seen });
  });
  vi.stubGlobal("fetch", fetch);
  return calls;
}

beforeEach(() => {
  window.history.replaceState(null, "", "/replay/g1/#token=seat_b");
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** A server for the facilitator's token: control's view of a game with this status. */
function serveControl(status: "running" | "ended") {
  const seen = view({ seq: 12, role: "control", seat: null, game: { ...view().game, status } });
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), "http://test");
      const body = url.pathname.endsWith("/events/") ? { events: [], seq: 12, next_after: null } : { seq: 12, role: "control", view: seen };
      return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
    }),
  );
}

describe("Replay page", () => {
  it.each([
    ["running", 0],
    ["ended", 1],
  ] as const)("offers the facilitator the event log only once the game has ended (%s)", async (status, offered) => {
    window.history.replaceState(null, "", "/replay/g1/#token=fac_x");
    serveControl(status);
    render(<Replay gameId="g1" token="fac_x" />);
    const exports = await screen.findByTestId("exports");
    expect(exports.textContent).toContain("Indicators (CSV)");
    expect(screen.queryAllByRole("button", { name: "Event log (JSON Lines)" })).toHaveLength(offered);
    expect(exports.textContent?.includes("once the game has ended")).toBe(status === "running");
  });

  it("keeps a seat in its own chair until the record is open", async () => {
    const calls = serve(false);
    render(<Replay gameId="g1" token="seat_b" />);
    expect(await screen.findByTestId("own-chair")).toBeTruthy();
    expect(screen.queryByRole("group", { name: "Seen from" })).toBeNull();
    await waitFor(() => expect(screen.getByTestId("replay-main").getAttribute("data-shown")).toBe("30|beijing"));
    expect(calls.some((c) => /as=(?!beijing)/.test(c))).toBe(false);
    // A sealed secret move of another seat is only a commitment.
    expect(screen.getByText(/made a secret move/)).toBeTruthy();
    expect(screen.getByTestId("commitment-m1").textContent).toMatch(/sealed/);
    // The token's caller gets the exports as downloads (buttons), and not the facilitator's log.
    expect(screen.getByRole("button", { name: "Indicators (CSV)" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Event log (JSON Lines)" })).toBeNull();
  });

  it("offers every chair once the record is open and fetches each (seq, chair) once", async () => {
    const calls = serve(true);
    render(<Replay gameId="g1" token="seat_b" />);
    const group = await screen.findByRole("group", { name: "Seen from" });
    expect(group.querySelectorAll("input[type=radio]").length).toBe(6);
    fireEvent.click(screen.getByLabelText("Pyongyang"));
    await waitFor(() => expect(screen.getByTestId("replay-main").getAttribute("data-shown")).toBe("30|pyongyang"));
    fireEvent.click(screen.getByLabelText("Beijing"));
    fireEvent.click(screen.getByLabelText("Pyongyang"));
    await waitFor(() => expect(screen.getByTestId("replay-main").getAttribute("data-shown")).toBe("30|pyongyang"));
    expect(calls.filter((c) => c.includes("at=30&as=pyongyang")).length).toBe(1);
    expect(window.location.search).toBe("?at=30&as=pyongyang");
    expect(window.location.hash).toBe("#token=seat_b");
  });
});
