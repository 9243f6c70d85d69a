import { describe, expect, it, vi } from "vitest";
import type { StateBody, StoredEvent, TimelineEntry } from "../server/types";
import { move, view } from "../test/fixtures";
import { allEvents, canChooseChair, canonicalJson, causeText, type ChartFrame, clampSeq, commitmentContent, commitmentOf, fraction, perspectives, phaseStarts, positionAt, publishedCommitments, readParams, revealsFrom, step, stepPath, stops, turnMarkers, turnStep, valueAt, verifyReveal, ViewCache, writeParams, xOf, yOf } from "./replay";
import { sha256Fallback, sha256Hex, toHex } from "./sha256";

function entry(seq: number, type: string, turn: number, phase: TimelineEntry["phase"] = null): TimelineEntry {
  return { seq, at: "2026-01-01T10:00:00Z", turn, phase, type, actor: { role: "control", name: null }, text: `${type} ${seq}` };
}

// A finished two-turn game as control's timeline shows it.
const TIMELINE: TimelineEntry[] = [
  entry(1, "game_created", 0),
  entry(2, "game_started", 1, "briefing"),
  entry(3, "inject_issued", 1, "briefing"),
  entry(4, "phase_advanced", 1, "orders"),
  entry(5, "move_submitted", 1, "orders"),
  entry(6, "phase_advanced", 1, "adjudication"),
  entry(7, "move_adjudicated", 1, "adjudication"),
  entry(9, "phase_advanced", 2, "briefing"),
  entry(10, "phase_advanced", 2, "orders"),
  entry(19, "game_ended", 2, "orders"),
  entry(20, "record_opened", 2, "orders"),
];

describe("chairs", () => {
  it("lists control, every seat and the observer", () => {
    expect(perspectives(view())).toEqual(["control", "beijing", "moscow", "pyongyang", "washington", "observer"]);
  });
  it("lets control choose always and the others only once the record is open", () => {
    const closed = view();
    const open = view({ game: { ...view().game, record_open: true } });
    expect(canChooseChair("control", closed)).toBe(true);
    expect(canChooseChair("beijing", closed)).toBe(false);
    expect(canChooseChair("observer", closed)).toBe(false);
    expect(canChooseChair("beijing", open)).toBe(true);
  });
});

describe("turn markers and steps", () => {
  it("marks where each turn began, the end and the opening of the record", () => {
    const marks = turnMarkers(TIMELINE, 20, ["Month 1", "Month 2"]);
    expect(marks.map((m) => [m.kind, m.seq, m.label])).toEqual([
      ["turn", 2, "T1"],
      ["turn", 9, "T2"],
      ["end", 19, "End"],
      ["open", 20, "Open"],
    ]);
    expect(marks[1].title).toBe("Turn 2 · Month 2");
    expect(marks[0].at).toBeCloseTo(1 / 19);
    expect(marks[3].at).toBe(1);
  });
  it("drops a label that would touch its neighbour to a second row", () => {
    const marks = turnMarkers(TIMELINE, 20);
    expect(marks.map((m) => m.row)).toEqual([0, 0, 0, 1]);
  });
  it("knows the turn and phase at any seq", () => {
    const starts = phaseStarts(TIMELINE);
    expect(starts.map((s) => s.seq)).toEqual([2, 4, 6, 9, 10]);
    expect(positionAt(starts, 1)).toBeNull();
    expect(positionAt(starts, 5)).toEqual({ seq: 4, turn: 1, phase: "orders" });
    expect(positionAt(starts, 15)).toEqual({ seq: 10, turn: 2, phase: "orders" });
  });
  it("steps from event to event the chair saw, and stays put at the ends", () => {
    const list = stops(TIMELINE.filter((e) => e.seq !== 5), 20);
    expect(list).toEqual([1, 2, 3, 4, 6, 7, 9, 10, 19, 20]);
    expect(step(list, 4, 1)).toBe(6);
    expect(step(list, 6, -1)).toBe(4);
    expect(step(list, 8, -1)).toBe(7);
    expect(step(list, 20, 1)).toBe(20);
    expect(step(list, 1, -1)).toBe(1);
  });
  it("jumps by turn: back to this turn's start first, then to the one before", () => {
    const marks = turnMarkers(TIMELINE, 20);
    expect(turnStep(marks, 5, 1, 20)).toBe(9);
    expect(turnStep(marks, 12, -1, 20)).toBe(9);
    expect(turnStep(marks, 9, -1, 20)).toBe(2);
    expect(turnStep(marks, 2, -1, 20)).toBe(1);
  });
  it("keeps a seq inside the game", () => {
    expect(clampSeq(0, 20)).toBe(1);
    expect(clampSeq(99, 20)).toBe(20);
    expect(clampSeq(7.4, 20)).toBe(7);
    expect(clampSeq(NaN, 20)).toBe(20);
  });
});

describe("the address", () => {
  it("reads and writes ?at= and ?as= and keeps other parameters", () => {
    expect(readParams("?at=34&as=beijing")).toEqual({ at: 34, as: "beijing" });
    expect(readParams("?at=-3&as=<script>")).toEqual({ at: null, as: null });
    expect(writeParams("?x=1", { at: 5, as: "control" })).toBe("?x=1&at=5&as=control");
    expect(writeParams("?at=5", { at: null, as: null })).toBe("");
  });
});

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

describe("charts", () => {
  const frame: ChartFrame = { width: 240, height: 120, left: 20, right: 20, top: 10, bottom: 10, firstSeq: 1, lastSeq: 21, min: 0, max: 100 };

  it("scales seqs across the width and values up the height", () => {
    expect(xOf(frame, 1)).toBe(20);
    expect(xOf(frame, 21)).toBe(220);
    expect(xOf(frame, 11)).toBe(120);
    expect(yOf(frame, 100)).toBe(10);
    expect(yOf(frame, 0)).toBe(110);
    expect(yOf(frame, 25)).toBe(85);
    expect(yOf(frame, 150)).toBe(10); // clamped to the range
    expect(fraction(5, 5, 5)).toBe(0);
  });
  it("draws a step line that holds each value until the next change", () => {
    const points = [
      { seq: 1, value: 50 },
      { seq: 6, value: 75 },
      { seq: 16, value: 25 },
    ];
    expect(stepPath(frame, points, 1, 21)).toBe("M20,60 H70 V35 H170 V85 H220");
    // Up to the scrubber only: later changes are left out.
    expect(stepPath(frame, points, 1, 11)).toBe("M20,60 H70 V35 H120");
    // From the scrubber on, carrying in the value that stands there.
    expect(stepPath(frame, points, 11, 21)).toBe("M120,35 H170 V85 H220");
    expect(stepPath(frame, [], 1, 21)).toBe("");
    expect(valueAt(points, 5)).toBe(50);
    expect(valueAt(points, 16)).toBe(25);
    expect(valueAt(points.slice(1), 2)).toBeNull();
  });
  it("names a cause with only what the chair knew then", () => {
    const stub = move({ id: "m3", seat: "pyongyang", visibility: "secret", action: undefined, action_name: undefined });
    const seat = view({ moves: [stub] });
    const cause = { kind: "adjudication", move_id: "m3", adjudication_id: "adj2" };
    expect(causeText(cause, seat)).toBe("Result of move m3, adjudication adj2");
    const known = view({ moves: [move({ id: "m3", action_name: "Mobilise reserve units quietly" })] });
    expect(causeText(cause, known)).toContain("Mobilise reserve units quietly");
    expect(causeText({ kind: "adjustment", reason: "Border incident" })).toBe("White Cell adjustment: Border incident");
    expect(causeText({ kind: "undisclosed" })).toMatch(/not told/);
  });
});

// ---- commitments -----------------------------------------------------------------------------

// Computed with the engine: wargame.engine.rules.commitment(CONTENT, SALT), i.e.
// sha256(json.dumps({"move": CONTENT, "salt": SALT}, sort_keys=True, separators=(",", ":"),
// ensure_ascii=False).encode()). Quotes, a backslash, a control character, non-ASCII text and an
// emoji exercise the escaping rules.
const CONTENT = {
  move_id: "m7",
  seat: "pyongyang",
  turn: 2,
  action: "free",
  argument: {
    action: 'Send "envoys" to Jilin — quietly',
    result: "Ümlaut & 日本\n\ttab 😀",
    reasons: ["a\\b", "ctrl\u0001 </script>"],
  },
  targets: ["beijing", "moscow"],
};
const SALT = "0123456789abcdef0123456789abcdef";
const CANONICAL =
  '{"move":{"action":"free","argument":{"action":"Send \\"envoys\\" to Jilin — quietly","reasons":["a\\\\b","ctrl\\u0001 </script>"],' +
  '"result":"Ümlaut & 日本\\n\\ttab 😀"},"move_id":"m7","seat":"pyongyang","targets":["beijing","moscow"],"turn":2},' +
  '"salt":"0123456789abcdef0123456789abcdef"}';
const COMMITMENT = "3db91defd202acad0fcec0282efa0c8aa3282a685dd11537908a9ffa672a504d";

function revealEvent(seq: number, overrides: Record<string, unknown> = {}): StoredEvent {
  return {
    seq,
    type: "move_revealed",
    actor: { role: "control", name: null },
    at: "2026-01-01T11:00:00Z",
    data: { ...CONTENT, action_name: "free argument", visibility: "secret", commitment: COMMITMENT, salt: SALT, outcome: "success", reason: "revealed at the end of the game", ...overrides },
  };
}

describe("canonical JSON", () => {
  it("writes the engine's bytes: sorted keys, no spaces, characters as themselves", () => {
    expect(canonicalJson({ move: CONTENT, salt: SALT })).toBe(CANONICAL);
    expect(canonicalJson({ b: [1, true, null], a: "x" })).toBe('{"a":"x","b":[1,true,null]}');
    expect(canonicalJson({ "é": 1, z: 2, "😀": 3, "\uffff": 4 })).toBe('{"z":2,"é":1,"\uffff":4,"😀":3}');
  });
});

describe("sha256", () => {
  it("matches the standard vectors without Web Crypto", () => {
    const enc = new TextEncoder();
    expect(toHex(sha256Fallback(enc.encode("")))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(toHex(sha256Fallback(enc.encode("abc")))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(toHex(sha256Fallback(enc.encode("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });
  it("agrees with Web Crypto at every length around the block edges", async () => {
    expect(globalThis.crypto?.subtle).toBeDefined();
    for (let n = 0; n < 200; n += 7) {
      const data = new Uint8Array(n).map((_, i) => (i * 31 + n) & 255);
      const subtle = toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", data)));
      expect(toHex(sha256Fallback(data))).toBe(subtle);
      expect(await sha256Hex(data)).toBe(subtle);
    }
  });
});

describe("commitment check", () => {
  it("recomputes the engine's commitment from the revealed move and its salt", async () => {
    expect(await commitmentOf(commitmentContent(CONTENT as never), SALT)).toBe(COMMITMENT);
  });
  it("verifies a reveal against the commitment published when the orders closed", async () => {
    const reveals = revealsFrom([revealEvent(31)]);
    const reveal = reveals.get("m7")!;
    expect(reveal.seq).toBe(31);
    const check = await verifyReveal(reveal, COMMITMENT);
    expect(check).toEqual({ verified: true, computed: COMMITMENT, expected: COMMITMENT });
  });
  it("says so when anything differs: the content, the salt or the published commitment", async () => {
    const changed = revealsFrom([revealEvent(31, { targets: ["beijing"] })]).get("m7")!;
    expect((await verifyReveal(changed, COMMITMENT)).verified).toBe(false);
    const salted = revealsFrom([revealEvent(31, { salt: "f" + SALT.slice(1) })]).get("m7")!;
    expect((await verifyReveal(salted, COMMITMENT)).verified).toBe(false);
    const reveal = revealsFrom([revealEvent(31)]).get("m7")!;
    expect((await verifyReveal(reveal, "0".repeat(64))).verified).toBe(false);
  });
  it("finds the commitments published at the close of orders", () => {
    const closed: StoredEvent = {
      seq: 15,
      type: "orders_closed",
      actor: { role: "control", name: null },
      at: "2026-01-01T10:30:00Z",
      data: { turn: 2, secret_moves: [{ move_id: "m7", seat: "pyongyang", commitment: COMMITMENT }], public_moves: [] },
    };
    expect(publishedCommitments([closed]).get("m7")).toEqual({ seq: 15, commitment: COMMITMENT });
  });
});

describe("allEvents", () => {
  it("reads page after page until the server says there is no more", async () => {
    const pages: Record<number, { events: StoredEvent[]; next_after: number | null }> = {
      0: { events: [revealEvent(3)], next_after: 1000 },
      1000: { events: [revealEvent(1200)], next_after: null },
    };
    const read = vi.fn(async (after: number) => pages[after]);
    const events = await allEvents(read);
    expect(events.map((e) => e.seq)).toEqual([3, 1200]);
    expect(read).toHaveBeenCalledTimes(2);
  });
});
