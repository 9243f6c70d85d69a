/** What a team's page tells its member in the browser: the same happenings the server tells by
 * email, worked out from two successive views of the seat (what the socket pushed), so the page
 * needs nothing the view does not already hold. */

import type { View } from "../server/types";
import type { Kind } from "./api";

export interface Happening {
  kind: Kind;
  /** Unique per happening: a tag, so the browser shows one notification for it. */
  tag: string;
  title: string;
}

const TEAM_PHASES = new Set(["diplomacy", "orders", "adjudication"]);

/** The happenings between ``before`` (the view the page showed) and ``after`` (the new one). */
export function happenings(before: View | null, after: View): Happening[] {
  if (!before || before.seq >= after.seq || !after.seat) return [];
  const seat = after.seat;
  const found: Happening[] = [];
  const game = after.game;
  if (game.phase && (game.phase !== before.game.phase || game.turn !== before.game.turn)) {
    if (game.phase === "results") {
      found.push({ kind: "results", tag: `results:${game.turn}`, title: `The results of turn ${game.turn} were published` });
    } else if (TEAM_PHASES.has(game.phase)) {
      found.push({ kind: "phase", tag: `phase:${game.turn}:${game.phase}`, title: `The ${game.phase} phase of turn ${game.turn} opened` });
    }
  }
  for (const message of after.messages) {
    if (message.seq > before.seq && message.from !== seat && message.to.includes(seat)) {
      found.push({ kind: "message", tag: `message:${message.id}`, title: "A message reached your team" });
    }
  }
  for (const inject of after.injects) {
    if (inject.seq > before.seq) found.push({ kind: "inject", tag: `inject:${inject.id}`, title: "An inject reached your team" });
  }
  return found;
}

/** When to remind of the view's deadline: ``[instant in ms, lead in minutes]`` still ahead. */
export function reminders(view: View, leads: number[], now: number): [number, number, string][] {
  const deadline = view.game.deadline;
  if (!deadline || typeof deadline === "string" || !deadline.at || view.game.paused) return [];
  const at = Date.parse(deadline.at);
  if (Number.isNaN(at)) return [];
  return leads.map((lead): [number, number, string] => [at - lead * 60_000, lead, `deadline:${deadline.id}:${lead}`]).filter(([when]) => when > now);
}

export function leadText(lead: number): string {
  if (lead % 60 === 0) return lead === 60 ? "1 hour" : `${lead / 60} hours`;
  return lead === 1 ? "1 minute" : `${lead} minutes`;
}
