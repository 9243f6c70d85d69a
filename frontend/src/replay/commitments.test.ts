import { describe, expect, it, vi } from "vitest";
import type { StoredEvent } from "../server/types";
import { allEvents, canonicalJson, commitmentContent, commitmentOf, publishedCommitments, revealsFrom, verifyReveal } from "./commitments";
import { sha256Fallback, sha256Hex, toHex } from "./sha256";

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
