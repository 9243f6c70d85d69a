/**
 * Unread badges on the team console: every new inject, narrative and message since the team
 * last looked at the tab that shows it. "Seen" is the newest seq the tab showed, kept per game
 * in the browser.
 */

import type { View } from "../server/types";

export interface Seen {
  briefing: number;
  messages: number;
  moves: number;
}

export const NOTHING_SEEN: Seen = { briefing: 0, messages: 0, moves: 0 };

export interface Unread {
  injects: number;
  narratives: number;
  messages: number;
  results: number;
}

/** What arrived after ``seen`` (messages the seat sent itself do not count). */
export function unread(view: View, seen: Seen): Unread {
  const me = view.seat;
  return {
    injects: view.injects.filter((i) => i.seq > seen.briefing).length,
    narratives: view.narratives.filter((n) => n.seq > seen.briefing).length,
    messages: view.messages.filter((m) => m.seq > seen.messages && m.from !== me).length,
    results: view.adjudications.filter((a) => a.seq > seen.moves && !a.voided && a.entries.some((e) => e.seat === me)).length,
  };
}

/** The newest seq each tab shows, to mark it seen when the team opens it. */
export function newest(view: View): Seen {
  const max = (xs: { seq: number }[]) => xs.reduce((m, x) => Math.max(m, x.seq), 0);
  return {
    briefing: Math.max(max(view.injects), max(view.narratives)),
    messages: max(view.messages),
    moves: max(view.adjudications),
  };
}

/** Mark one tab seen up to what the view now shows; never moves backwards. */
export function markSeen(seen: Seen, view: View, tab: keyof Seen): Seen {
  const value = newest(view)[tab];
  return value > seen[tab] ? { ...seen, [tab]: value } : seen;
}

/** The badge text of the Briefing tab: "2 new" (injects and narratives together). */
export function briefingBadge(u: Unread): string | null {
  const n = u.injects + u.narratives;
  return n > 0 ? `${n} new` : null;
}

export function parseSeen(text: string | null): Seen {
  if (!text) return NOTHING_SEEN;
  try {
    const value = JSON.parse(text) as Partial<Seen>;
    return {
      briefing: Number(value.briefing) || 0,
      messages: Number(value.messages) || 0,
      moves: Number(value.moves) || 0,
    };
  } catch {
    return NOTHING_SEEN;
  }
}
