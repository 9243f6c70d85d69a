/** "Since you were last here": what changed for a team after the last seq its pages showed. */

import type { TimelineEntry, View } from "../server/types";

/** The timeline entries after `lastSeen`, oldest first (none for a first visit: null). */
export function changesSince(view: View, lastSeen: number | null): TimelineEntry[] {
  if (lastSeen === null) return [];
  return view.timeline.filter((entry) => entry.seq > lastSeen).sort((a, b) => a.seq - b.seq);
}

/** The browser's own record for a seat's shared link (a member's is kept by the server). */
export function seenKey(gameId: string, role: string): string {
  return `wargame.last-here.${gameId}.${role}`;
}

export function readSeen(key: string): number | null {
  try {
    const text = localStorage.getItem(key);
    const value = text === null ? NaN : Number(text);
    return Number.isInteger(value) && value >= 0 ? value : null;
  } catch {
    return null;
  }
}

export function writeSeen(key: string, seq: number): void {
  try {
    const before = readSeen(key);
    if (before === null || seq > before) localStorage.setItem(key, String(seq));
  } catch {
    /* private mode: nothing is remembered */
  }
}
