import { describe, expect, it } from "vitest";
import { digest } from "./changes";
import { backoffDelay, type Clock, CommandNotAnswered, type ConnectionStatus, GameSocket, type SocketLike, socketUrl } from "./socket";
import type { View } from "./types";

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  closed: number | null = null;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason?: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close(code = 1000) {
    this.closed = code;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: unknown) {
    this.onmessage?.({ data: typeof message === "string" ? message : JSON.stringify(message) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

class FakeClock implements Clock {
  time = 0;
  timers = new Map<number, { at: number; fn: () => void }>();
  next = 1;
  now() {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number) {
    const id = this.next++;
    this.timers.set(id, { at: this.time + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown) {
    this.timers.delete(handle as number);
  }
  advance(ms: number) {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
    }
    this.time = end;
  }
}

function harness() {
  const sockets: FakeSocket[] = [];
  const states: [number, View][] = [];
  const statuses: ConnectionStatus[] = [];
  const clock = new FakeClock();
  const socket = new GameSocket({
    url: "ws://host/ws/games/g/?token=t",
    onState: (seq, view) => states.push([seq, view]),
    onStatus: (status) => statuses.push(status),
    create: (url) => {
      const fake = new FakeSocket(url);
      sockets.push(fake);
      return fake;
    },
    clock,
    random: () => 0.5,
    silenceMs: 75_000,
    baseDelayMs: 500,
    maxDelayMs: 8_000,
  });
  return { socket, sockets, states, statuses, clock, last: () => sockets[sockets.length - 1] };
}

const view = (seq: number) => ({ seq }) as unknown as View;

describe("backoffDelay", () => {
  it("doubles up to the ceiling, never below half of it", () => {
    expect(backoffDelay(0, 500, 8000, () => 0)).toBe(250);
    expect(backoffDelay(0, 500, 8000, () => 1)).toBe(500);
    expect(backoffDelay(3, 500, 8000, () => 1)).toBe(4000);
    expect(backoffDelay(10, 500, 8000, () => 1)).toBe(8000);
    expect(backoffDelay(50, 500, 8000, () => 0)).toBe(4000);
  });
});

describe("socketUrl", () => {
  it("builds ws and wss addresses with the token and the role to watch as", () => {
    expect(socketUrl({ protocol: "http:", host: "h:8000" }, "g1", "seat_x")).toBe("ws://h:8000/ws/games/g1/?token=seat_x");
    expect(socketUrl({ protocol: "https:", host: "h" }, "g1", null, "observer")).toBe("wss://h/ws/games/g1/?as=observer");
    expect(socketUrl({ protocol: "https:", host: "h" }, "g1")).toBe("wss://h/ws/games/g1/");
  });
});

describe("GameSocket", () => {
  it("shows each newer view and ignores older or broken frames", () => {
    const h = harness();
    h.socket.start();
    h.last().open();
    h.last().receive({ type: "state", seq: 3, view: view(3) });
    h.last().receive({ type: "state", seq: 2, view: view(2) });
    h.last().receive({ type: "heartbeat" });
    h.last().receive("not json");
    h.last().receive({ type: "state", seq: 5, view: view(5) });
    expect(h.states.map(([seq]) => seq)).toEqual([3, 5]);
    expect(h.socket.lastSeq).toBe(5);
    expect(h.statuses.map((s) => s.kind)).toEqual(["connecting", "live"]);
  });

  it("resumes when a heartbeat names a seq newer than the view it holds", () => {
    const h = harness();
    h.socket.start();
    h.last().open();
    h.last().receive({ type: "state", seq: 4, view: view(4) });
    h.last().receive({ type: "heartbeat", seq: 4 });
    expect(h.last().sent).toEqual([]);
    h.last().receive({ type: "heartbeat", seq: 6 });
    expect(h.last().sent.map((s) => JSON.parse(s))).toEqual([{ type: "resume", last_seq: 4 }]);
    h.last().receive({ type: "state", seq: 6, view: view(6) });
    h.last().receive({ type: "heartbeat", seq: 6 });
    expect(h.last().sent).toHaveLength(1);
    expect(h.states.map(([seq]) => seq)).toEqual([4, 6]);
  });

  it("reconnects with back-off after a drop and asks for the changes since its seq", () => {
    const h = harness();
    h.socket.start();
    h.last().open();
    h.last().receive({ type: "state", seq: 7, view: view(7) });
    h.last().drop(1006);
    expect(h.socket.status).toMatchObject({ kind: "reconnecting", attempt: 1, retryAt: 375 });
    h.clock.advance(374);
    expect(h.sockets).toHaveLength(1);
    h.clock.advance(1);
    expect(h.sockets).toHaveLength(2);
    h.last().drop(1006); // the server is still down
    expect(h.socket.status).toMatchObject({ kind: "reconnecting", attempt: 2 });
    h.clock.advance(750);
    expect(h.sockets).toHaveLength(3);
    h.last().open();
    expect(h.last().url).toBe("ws://host/ws/games/g/?token=t&since=7");
    expect(h.last().sent).toEqual([]);
    expect(h.socket.status.kind).toBe("live");
    // After a good connection the back-off starts again from the beginning.
    h.last().drop(1001);
    expect(h.socket.status).toMatchObject({ kind: "reconnecting", attempt: 1 });
  });

  it("does not ask for changes before it has seen any view", () => {
    const h = harness();
    h.socket.start();
    h.last().open();
    h.last().receive({ type: "heartbeat", seq: 3 });
    h.last().drop(1006);
    h.clock.advance(1000);
    expect(h.last().url).toBe("ws://host/ws/games/g/?token=t");
    expect(h.sockets.flatMap((s) => s.sent)).toEqual([]);
  });

  it("gives up on a revoked link or another game's token", () => {
    for (const code of [4401, 4403, 4404, 4400, 4413]) {
      const h = harness();
      h.socket.start();
      h.last().drop(code);
      expect(h.socket.status.kind).toBe("denied");
      h.clock.advance(60_000);
      expect(h.sockets).toHaveLength(1);
      h.socket.reconnectNow();
      expect(h.sockets).toHaveLength(1);
    }
  });

  it("treats a long silence as a dead connection", () => {
    const h = harness();
    h.socket.start();
    h.last().open();
    h.clock.advance(30_000);
    h.last().receive({ type: "heartbeat" });
    h.clock.advance(74_999);
    expect(h.sockets).toHaveLength(1);
    h.clock.advance(1);
    expect(h.sockets[0].closed).not.toBeNull();
    expect(h.socket.status.kind).toBe("reconnecting");
  });

  it("waits while offline and tries at once when the network is back", () => {
    const h = harness();
    h.socket.start();
    h.last().open();
    h.last().receive({ type: "state", seq: 4, view: view(4) });
    h.socket.goOffline();
    expect(h.socket.status.kind).toBe("offline");
    expect(h.sockets[0].closed).not.toBeNull();
    h.clock.advance(120_000);
    expect(h.sockets).toHaveLength(1);
    h.socket.reconnectNow();
    expect(h.sockets).toHaveLength(2);
    expect(h.last().url).toBe("ws://host/ws/games/g/?token=t&since=4");
  });

  it("holds a newer view fetched over REST and goes on from it", () => {
    const h = harness();
    h.socket.start();
    h.socket.noteView(12, view(12));
    h.socket.noteView(3, view(3));
    expect(h.socket.view).toEqual(view(12));
    h.last().drop(1006);
    h.clock.advance(1000);
    expect(h.last().url).toBe("ws://host/ws/games/g/?token=t&since=12");
  });

  it("stops for good when the page goes away", () => {
    const h = harness();
    h.socket.start();
    h.last().open();
    h.socket.stop();
    expect(h.sockets[0].closed).toBe(1000);
    h.clock.advance(60_000);
    expect(h.sockets).toHaveLength(1);
  });

  describe("change frames", () => {
    const base = { seq: 4, game: { phase: "briefing" }, timeline: [{ id: "t1" }] };
    const next = { seq: 5, game: { phase: "briefing" }, timeline: [{ id: "t1" }, { id: "t2" }] };
    const ops = [
      ["s", ["seq"], 5],
      ["x", ["timeline"], 1, 0, [{ id: "t2" }]],
    ];
    const opened = () => {
      const h = harness();
      h.socket.start();
      h.last().open();
      h.last().receive({ type: "state", seq: 4, digest: digest(base), view: base });
      return h;
    };
    const sent = (h: ReturnType<typeof harness>) => h.last().sent.map((s) => JSON.parse(s));

    it("applies a change from the seq it holds, sharing what did not change", () => {
      const h = opened();
      h.last().receive({ type: "change", base: 4, seq: 5, digest: digest(next), ops });
      expect(h.states.map(([seq]) => seq)).toEqual([4, 5]);
      const [[, held], [, shown]] = h.states;
      expect(shown).toEqual(next);
      expect((shown as unknown as typeof base).game).toBe((held as unknown as typeof base).game);
      expect(h.socket.lastSeq).toBe(5);
      expect(sent(h)).toEqual([]);
      // The same change again (a resume crossing it) is passed over.
      h.last().receive({ type: "change", base: 4, seq: 5, digest: digest(next), ops });
      expect(h.states).toHaveLength(2);
    });

    it("resumes from the seq it holds on a gap, once until something arrives", () => {
      const h = opened();
      h.last().receive({ type: "change", base: 5, seq: 6, digest: "00000000", ops: [] });
      h.last().receive({ type: "change", base: 6, seq: 7, digest: "00000000", ops: [] });
      expect(sent(h)).toEqual([{ type: "resume", last_seq: 4 }]);
      expect(h.socket.lastSeq).toBe(4);
      h.last().receive({ type: "change", base: 4, seq: 5, digest: digest(next), ops });
      expect(h.socket.lastSeq).toBe(5);
    });

    it("asks for the whole view when the result's digest or the operations do not fit", () => {
      for (const bad of [
        { digest: "00000000", ops },
        { digest: digest(next), ops: [["s", ["nothing", "here"], 1]] },
        { ops },
      ]) {
        const h = opened();
        h.last().receive({ type: "change", base: 4, seq: 5, ...bad });
        expect(sent(h)).toEqual([{ type: "resume", last_seq: 0 }]);
        expect(h.socket.lastSeq).toBe(4);
        expect(h.socket.view).toEqual(base);
        h.last().receive({ type: "state", seq: 5, digest: digest(next), view: next });
        expect(h.socket.view).toEqual(next);
      }
    });
  });

  it("sends a command as a frame and resolves with the seq of its ack", async () => {
    const h = harness();
    h.socket.start();
    h.last().open();
    const sent = h.socket.command("k1", { type: "add_note", text: "hi" });
    expect(JSON.parse(h.last().sent[0])).toEqual({ type: "command", id: "k1", command: { type: "add_note", text: "hi" } });
    h.last().receive({ type: "ack", id: "other", seq: 99, replayed: false });
    h.last().receive({ type: "ack", id: "k1", seq: 7, replayed: true });
    await expect(sent).resolves.toEqual({ seq: 7, replayed: true });
  });

  it("rejects a refused command with the server's status, code and message", async () => {
    const h = harness();
    h.socket.start();
    h.last().open();
    const sent = h.socket.command("k2", { type: "lock_orders" });
    h.last().receive({ type: "error", id: "k2", status: 422, code: "wrong_phase", message: "not now" });
    await expect(sent).rejects.toMatchObject({ name: "ApiError", status: 422, code: "wrong_phase", message: "not now" });
  });

  it("gives up on a command whose socket is closed, drops or stays silent, so it can be sent again", async () => {
    const h = harness();
    h.socket.start();
    await expect(h.socket.command("k3", { type: "lock_orders" })).rejects.toBeInstanceOf(CommandNotAnswered);
    h.last().open();
    expect(h.socket.open).toBe(true);
    const dropped = h.socket.command("k4", { type: "add_note", text: "x" });
    h.last().drop();
    await expect(dropped).rejects.toBeInstanceOf(CommandNotAnswered);
    h.clock.advance(10_000);
    h.last().open();
    const silent = h.socket.command("k5", { type: "add_note", text: "x" }, 3_000);
    h.clock.advance(3_000);
    await expect(silent).rejects.toBeInstanceOf(CommandNotAnswered);
    // A late ack for a command given up on changes nothing.
    h.last().receive({ type: "ack", id: "k5", seq: 4, replayed: false });
  });
});
