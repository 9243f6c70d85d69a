/** The projector screen: the public state of the game in large type. */

import { useEffect, useId, useState } from "react";
import {
  ConnectionBadge,
  Countdown,
  ErrorNote,
  IndicatorList,
  Loading,
  PhaseSteps,
  Problem,
  SeatTag,
  TimelineList,
  useAction,
} from "../components";
import { moveTitle, phaseHint, phaseLabel, seatNames } from "../format";
import { useGame } from "../game";
import { AdjudicationSummary, Narratives, ScoreTable } from "../parts";
import { RegionMap } from "../RegionMap";
import type { View } from "../types";

function Results({ view }: { view: View }) {
  const turn = view.game.turn;
  const adjudications = view.adjudications.filter((a) => a.turn === turn);
  const announced = view.moves.filter((m) => m.turn === turn && m.status === "announced");
  if (announced.length === 0) {
    return <p className="muted">Moves are announced when the orders close.</p>;
  }
  return (
    <ul className="plenary-moves" data-testid="plenary-results">
      {announced.map((move) => {
        const adjudication = adjudications.find((a) => a.moves.includes(move.id) && !a.voided);
        return (
          <li key={move.id} className="plenary-move" data-move-id={move.id}>
            <p className="plenary-move-head">
              <SeatTag view={view} role={move.seat} /> <span className="muted">·</span>{" "}
              {move.action === undefined ? (
                <span className="muted">a secret move</span>
              ) : (
                <strong>{moveTitle(move)}</strong>
              )}
              {move.targets && move.targets.length > 0 && <span className="muted"> → {seatNames(view, move.targets)}</span>}
            </p>
            {adjudication && <AdjudicationSummary view={view} adjudication={adjudication} moveId={move.id} />}
          </li>
        );
      })}
    </ul>
  );
}

/** Observers (analysts on the observer link) may leave notes for the White Cell. */
function NoteForm({ send }: { send: (c: Record<string, unknown>) => Promise<unknown> }) {
  const [text, setText] = useState("");
  const [sent, setSent] = useState(0);
  const action = useAction();
  const id = useId();
  return (
    <details className="plenary-wide plenary-note">
      <summary>Analyst note for the White Cell</summary>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!text.trim()) return;
          if (await action.run(() => send({ type: "add_note", text: text.trim() }))) {
            setText("");
            setSent((n) => n + 1);
          }
        }}
      >
        <label htmlFor={id}>Note (only the White Cell reads it during the game)</label>
        <textarea id={id} rows={2} value={text} onChange={(e) => setText(e.target.value)} maxLength={4000} />
        <ErrorNote error={action.error} />
        <button type="submit" disabled={action.busy || !text.trim()}>
          Add note
        </button>
        <span role="status" className="hint">
          {sent ? ` ${sent} note${sent > 1 ? "s" : ""} sent.` : ""}
        </span>
      </form>
    </details>
  );
}

export function Plenary({ gameId, token }: { gameId: string; token: string | null }) {
  const live = useGame(gameId, token, token ? null : "observer");
  const view = live.view;
  useEffect(() => {
    if (view) document.title = `${view.game.title} · Plenary · Wargame`;
  }, [view]);

  if (!view) {
    if (live.loadError || live.status.kind === "denied") {
      return (
        <Problem title="Cannot open the plenary screen">
          {token ? (
            <p>{live.status.kind === "denied" ? live.status.message : live.loadError}</p>
          ) : (
            <p>
              This screen opens with the observer link, or in the browser where the game's facilitator is{" "}
              <a href={`/login/?next=${encodeURIComponent(window.location.pathname)}`}>logged in</a>.
            </p>
          )}
        </Problem>
      );
    }
    return <Loading />;
  }
  const game = view.game;
  return (
    <div className="app plenary">
      <header className="plenary-bar">
        <div>
          <h1>{game.title}</h1>
          <p className="scenario-line">{view.scenario.title}</p>
        </div>
        <div className="plenary-clock">
          {game.status === "running" ? (
            <>
              <p className="plenary-turn">
                Turn {game.turn} of {game.turns}
                {game.turn_label ? ` · ${game.turn_label}` : ""}
              </p>
              <p className="plenary-phase" data-testid="plenary-phase">
                {phaseLabel(game.phase)}
              </p>
            </>
          ) : (
            <p className="plenary-phase" data-testid="plenary-phase">
              {game.status === "setup" ? "Starting soon" : "Game over"}
            </p>
          )}
          <Countdown deadline={game.deadline} large />
        </div>
        <ConnectionBadge status={live.status} />
      </header>
      <PhaseSteps game={game} />
      {game.paused && (
        <p className="banner banner-paused" role="status">
          Paused by the White Cell
        </p>
      )}
      {game.status === "running" && <p className="plenary-hint">{phaseHint(game.phase)}</p>}
      <main className="plenary-grid">
        {game.status === "ended" && view.scores && (
          <section className="plenary-wide" aria-labelledby="plenary-scores">
            <h2 id="plenary-scores">Final scores</h2>
            <ScoreTable view={view} />
          </section>
        )}
        <div className="plenary-col">
          <section className="plenary-map" aria-label="Map">
            <RegionMap view={view} large />
          </section>
          <section aria-labelledby="plenary-sow">
            <h2 id="plenary-sow">State of the world</h2>
            <Narratives view={view} turn={game.turn || undefined} />
          </section>
        </div>
        <div className="plenary-col">
          <section aria-labelledby="plenary-ind">
            <h2 id="plenary-ind">Indicators</h2>
            <IndicatorList view={view} large />
          </section>
        </div>
        <div className="plenary-col">
          <section aria-labelledby="plenary-res">
            <h2 id="plenary-res">Turn {game.turn || 1}: moves and results</h2>
            <Results view={view} />
          </section>
          <section aria-labelledby="plenary-latest">
            <h2 id="plenary-latest">Latest</h2>
            <TimelineList view={view} limit={6} />
          </section>
        </div>
        {token && view.role === "observer" && <NoteForm send={live.send} />}
      </main>
    </div>
  );
}
