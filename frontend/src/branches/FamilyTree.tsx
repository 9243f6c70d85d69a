/** A game's family tree on its replay: its parent, its branches and where each one forks. */

import { useEffect, useState } from "react";
import { errorText, type Api } from "../server/api";
import { links } from "../route";
import type { GameSummary } from "../server/types";
import { compareLink, family, type Family } from "./api";
import { familyOrder } from "./tree";

export function FamilyTree({ api, gameId, chair }: { api: Api; gameId: string; chair: string | null }) {
  const [tree, setTree] = useState<Family | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    family(api, gameId).then(setTree, (failure) => setError(errorText(failure)));
  }, [api, gameId]);
  if (error) return <p className="muted small">The family tree cannot be shown: {error}</p>;
  if (!tree || !Array.isArray(tree.games) || tree.games.length < 2) return null;
  const rows = familyOrder(tree.games);
  return (
    <nav className="card family-tree" aria-label="Family tree of this game" data-testid="family-tree">
      <h2>Family tree</h2>
      <ul>
        {rows.map(({ game, depth, parentTitle }) => (
          <li key={game.id} style={{ marginInlineStart: `${depth * 1.25}rem` }} data-game={game.id}>
            {game.id === gameId ? (
              <strong aria-current="page">{game.title}</strong>
            ) : (
              <a href={links.replay(game.id)}>{game.title}</a>
            )}
            <ForkNote game={game} parentTitle={parentTitle} />
          </li>
        ))}
      </ul>
      <p>
        <a className="button" href={compareLink(rows.map((r) => r.game.id), chair)}>
          Compare these games
        </a>
      </p>
    </nav>
  );
}

export function ForkNote({ game, parentTitle }: { game: GameSummary; parentTitle: string | null }) {
  if (!game.parent_id) return null;
  return (
    <span className="muted small fork-note">
      {" "}
      · what-if from seq {game.fork_seq}
      {parentTitle ? ` of “${parentTitle}”` : ""}
    </span>
  );
}
