/** Secret moves' commitments: canonical JSON, the hash a reveal must match, the reveals and
 * commitments in the log, and the paging through every event the caller may read. */

import type { StoredEvent } from "../server/types";
import { sha256Hex } from "./sha256";

// ---- secret-move commitments -----------------------------------------------------------------

function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i].codePointAt(0) ?? 0) - (y[i].codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * The engine's canonical JSON (docs/engine.md): keys sorted, no spaces, non-ASCII characters as
 * themselves. JSON.stringify escapes strings the way Python's json module does with
 * ensure_ascii=False (\" \\ \b \f \n \r \t and \u00xx for other control characters).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("canonical JSON has no NaN or infinity");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const keys = Object.keys(value as object).sort(compareCodePoints);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  throw new Error(`canonical JSON cannot hold a ${typeof value}`);
}

export interface Reveal {
  seq: number;
  move_id: string;
  seat: string;
  turn: number;
  action: string;
  action_name: string;
  argument: unknown;
  targets: string[];
  commitment: string;
  salt: string;
  reason: string | null;
  by: string | null;
}

/** The part of a secret move its commitment binds (the rationale is not part of it). */
export function commitmentContent(move: Pick<Reveal, "move_id" | "seat" | "turn" | "action" | "argument" | "targets">) {
  return {
    move_id: move.move_id,
    seat: move.seat,
    turn: move.turn,
    action: move.action,
    argument: move.argument ?? null,
    targets: move.targets,
  };
}

/** sha256(canonical_json({"move": content, "salt": salt})) in hex. */
export async function commitmentOf(content: ReturnType<typeof commitmentContent>, salt: string): Promise<string> {
  return sha256Hex(new TextEncoder().encode(canonicalJson({ move: content, salt })));
}

/** The reveals in a list of events (``move_revealed``), by move id. */
export function revealsFrom(events: StoredEvent[]): Map<string, Reveal> {
  const found = new Map<string, Reveal>();
  for (const event of events) {
    if (event.type !== "move_revealed") continue;
    const d = event.data as Record<string, unknown>;
    found.set(String(d.move_id), {
      seq: event.seq,
      move_id: String(d.move_id),
      seat: String(d.seat),
      turn: Number(d.turn),
      action: String(d.action),
      action_name: String(d.action_name ?? d.action),
      argument: d.argument ?? null,
      targets: Array.isArray(d.targets) ? (d.targets as string[]) : [],
      commitment: String(d.commitment ?? ""),
      salt: String(d.salt ?? ""),
      reason: typeof d.reason === "string" ? d.reason : null,
      by: event.actor?.role ?? null,
    });
  }
  return found;
}

/** The commitments published when each turn's orders closed, by move id. */
export function publishedCommitments(events: StoredEvent[]): Map<string, { seq: number; commitment: string }> {
  const found = new Map<string, { seq: number; commitment: string }>();
  for (const event of events) {
    if (event.type !== "orders_closed") continue;
    const secret = (event.data as { secret_moves?: { move_id: string; commitment: string }[] }).secret_moves ?? [];
    for (const move of secret) found.set(move.move_id, { seq: event.seq, commitment: move.commitment });
  }
  return found;
}

export interface CommitmentCheck {
  verified: boolean;
  computed: string;
  /** The commitment the revealed move is checked against: the one published before the outcome. */
  expected: string;
}

/**
 * Recompute a revealed move's commitment from its content and salt, and compare it with the
 * commitment published when the orders closed (or, failing that, the one in the reveal).
 */
export async function verifyReveal(reveal: Reveal, published?: string | null): Promise<CommitmentCheck> {
  const computed = await commitmentOf(commitmentContent(reveal), reveal.salt);
  const expected = (published || reveal.commitment).toLowerCase();
  return { verified: computed === expected && (!published || reveal.commitment.toLowerCase() === expected), computed, expected };
}

/** Every event the caller may read, page by page (``/events/`` gives 1,000 seqs at a time). */
export async function allEvents(
  read: (after: number) => Promise<{ events: StoredEvent[]; next_after: number | null }>,
  maxPages = 200,
): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  let after = 0;
  for (let page = 0; page < maxPages; page++) {
    const body = await read(after);
    events.push(...body.events);
    if (body.next_after === null || body.next_after <= after) break;
    after = body.next_after;
  }
  return events;
}
