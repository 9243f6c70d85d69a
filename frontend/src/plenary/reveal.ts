/**
 * Results revealed on the plenary screen one at a time, steered by the White Cell.
 *
 * The plenary screen and the White Cell console share one browser on the facilitator's laptop
 * (the plenary is a second window on the projector), so the White Cell's choice is kept in the
 * browser's local storage and the plenary follows it through the `storage` event. Without a
 * choice (an observer link on another machine) every result shows as soon as it is known.
 */

import { useEffect, useState } from "react";

export interface Reveal {
  /** "all": each result as soon as it is known; "step": only the first ``shown`` of this turn. */
  mode: "all" | "step";
  turn: number;
  shown: number;
}

export const SHOW_ALL: Reveal = { mode: "all", turn: 0, shown: 0 };

export function revealKey(gameId: string): string {
  return `wargame.plenary.${gameId}`;
}

export function parseReveal(text: string | null): Reveal {
  if (!text) return SHOW_ALL;
  try {
    const value = JSON.parse(text) as Partial<Reveal>;
    if (value.mode !== "step") return SHOW_ALL;
    return { mode: "step", turn: Number(value.turn) || 0, shown: Math.max(0, Number(value.shown) || 0) };
  } catch {
    return SHOW_ALL;
  }
}

/** How many of this turn's ``known`` results the plenary shows. A new turn starts at none. */
export function visibleCount(reveal: Reveal, turn: number, known: number): number {
  if (reveal.mode === "all") return known;
  if (reveal.turn !== turn) return 0;
  return Math.min(known, reveal.shown);
}

export function stepOne(reveal: Reveal, turn: number, known: number): Reveal {
  const shown = reveal.mode === "step" && reveal.turn === turn ? reveal.shown : 0;
  return { mode: "step", turn, shown: Math.min(known, shown + 1) };
}

export function startStepping(turn: number): Reveal {
  return { mode: "step", turn, shown: 0 };
}

function read(gameId: string): Reveal {
  try {
    return parseReveal(localStorage.getItem(revealKey(gameId)));
  } catch {
    return SHOW_ALL;
  }
}

/** The reveal state of a game, shared by every tab of this browser. */
export function useReveal(gameId: string): [Reveal, (next: Reveal) => void] {
  const [reveal, setReveal] = useState<Reveal>(() => read(gameId));
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === revealKey(gameId)) setReveal(parseReveal(event.newValue));
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, [gameId]);
  const update = (next: Reveal) => {
    setReveal(next);
    try {
      localStorage.setItem(revealKey(gameId), JSON.stringify(next));
    } catch {
      /* private mode: this tab only */
    }
  };
  return [reveal, update];
}
