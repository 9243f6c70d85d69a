/** The lobby's launcher of the comparison: tick two or more games of one scenario. */

import { useState } from "react";
import type { GameSummary } from "../server/types";
import { compareLink } from "./api";
import { familyOrder } from "./tree";

export function CompareGames({ games }: { games: GameSummary[] }) {
  const [chosen, setChosen] = useState<string[]>([]);
  const playable = familyOrder(games.filter((g) => g.status !== "setup"));
  if (playable.length < 2) return null;
  const picked = playable.filter((r) => chosen.includes(r.game.id)).map((r) => r.game);
  const scenarios = new Set(picked.map((g) => g.scenario));
  const ready = picked.length >= 2 && scenarios.size === 1;
  return (
    <details className="compare-games" data-testid="compare-games">
      <summary>Compare games</summary>
      <fieldset>
        <legend>Games to compare (of one scenario)</legend>
        {playable.map(({ game, depth }) => (
          <label key={game.id} style={{ display: "block", marginInlineStart: `${depth * 1.25}rem` }}>
            <input
              type="checkbox"
              checked={chosen.includes(game.id)}
              onChange={(e) => setChosen((list) => (e.target.checked ? [...list, game.id] : list.filter((id) => id !== game.id)))}
            />{" "}
            {game.title} <span className="muted small">({game.scenario})</span>
          </label>
        ))}
      </fieldset>
      {scenarios.size > 1 && <p className="error-note">Only games of one scenario can be compared.</p>}
      {ready ? (
        <a className="button" href={compareLink(picked.map((g) => g.id), "control")}>
          Compare {picked.length} games
        </a>
      ) : (
        <p className="hint">Tick two or more games of one scenario.</p>
      )}
    </details>
  );
}
