/** An adjudicator's page, opened by their own link: the moves waiting for adjudication, a
 * form for one's own estimate of each, and the spread once every adjudicator has answered.
 * The link opens nothing else of the game; the page asks the server again every few seconds. */

import { useCallback, useEffect, useId, useMemo, useState } from "react";
import { Api } from "../server/api";
import { ErrorNote, useAction } from "../ui/actions";
import { Loading, Problem, Section } from "../ui/layout";
import { adjudicators, type Board, type BoardMove } from "./api";
import { Spread } from "./Adjudicators";
import "./hotwash.css";

const REFRESH_MS = 4000;

function EstimateForm({ move, onSend }: { move: BoardMove; onSend: (probability: number, reason: string) => Promise<void> }) {
  const ids = { p: useId(), reason: useId() };
  const [probability, setProbability] = useState("");
  const [reason, setReason] = useState("");
  const action = useAction();
  const value = Number(probability);
  const valid = probability.trim() !== "" && Number.isInteger(value) && value >= 0 && value <= 100;
  return (
    <form
      className="estimate-form"
      onSubmit={(event) => {
        event.preventDefault();
        void action.run(() => onSend(value, reason.trim()));
      }}
    >
      <label htmlFor={ids.p}>Your estimate of success (0–100%)</label>
      <input id={ids.p} type="number" min={0} max={100} step={1} inputMode="numeric" value={probability} onChange={(e) => setProbability(e.target.value)} />
      <label htmlFor={ids.reason}>Why (optional)</label>
      <textarea id={ids.reason} rows={2} maxLength={4000} value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="submit" disabled={action.busy || !valid} data-testid={`estimate-submit-${move.id}`}>
        Give my estimate
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}

export function AdjudicatorPage({ gameId, token }: { gameId: string; token: string | null }) {
  const api = useMemo(() => new Api({ token }), [token]);
  const [board, setBoard] = useState<Board | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    try {
      setBoard(await adjudicators.board(api, gameId));
      setProblem(null);
    } catch (failure) {
      setProblem((failure as Error).message || "The estimates could not be loaded.");
    }
  }, [api, gameId]);
  useEffect(() => {
    if (!token) return;
    void refresh();
    const timer = window.setInterval(() => void refresh(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [refresh, token]);
  useEffect(() => {
    if (board) document.title = `Adjudicator · ${board.game.title} · Wargame`;
  }, [board]);

  if (!token) {
    return (
      <Problem title="This page needs an adjudicator's link">
        <p>Open the link the facilitator gave you. It ends with <code>#token=…</code>.</p>
      </Problem>
    );
  }
  if (!board) return problem ? <Problem title="Cannot open the estimates"><p>{problem}</p></Problem> : <Loading text="Loading the estimates…" />;
  const names = Object.fromEntries(board.adjudicators.filter((a) => a.active).map((a) => [a.id, a.name]));
  const moves = [...board.waiting, ...board.estimated];
  return (
    <div className="app adjudicator">
      <header className="game-bar">
        <h1>
          {board.game.title}: blind estimates
        </h1>
        <p className="muted">
          {board.me ? <>You are <strong data-testid="adjudicator-me">{board.me.name}</strong>, adjudicator. </> : null}
          Turn {board.game.turn}. Your estimate is yours alone until every adjudicator has answered.
        </p>
      </header>
      <main className="console-main">
        <ErrorNote error={problem} />
        <Section title="Moves to estimate" id="estimates-title">
          {moves.length === 0 && <p className="muted">No move is waiting for adjudication.</p>}
          <ol className="estimate-moves">
            {moves.map((move) => {
              const round = board.moves[move.id];
              const mine = round?.estimates.find((e) => e.adjudicator === board.me?.id);
              return (
                <li key={move.id} className="card" data-testid={`estimate-move-${move.id}`}>
                  <p>
                    <strong>{move.team}</strong>: {move.what}
                  </p>
                  {mine ? (
                    <p data-testid="own-estimate">Your estimate: {mine.probability}%</p>
                  ) : (
                    board.me && move.outcome === null && <EstimateForm move={move} onSend={async (probability, reason) => {
                      setBoard(await adjudicators.estimate(api, gameId, { move_id: move.id, probability, ...(reason ? { reason } : {}) }));
                    }} />
                  )}
                  {round && (
                    <p className="hint">
                      <Spread round={round} names={names} />
                    </p>
                  )}
                  {move.outcome && <p className="hint">Adjudicated: {move.outcome}</p>}
                </li>
              );
            })}
          </ol>
        </Section>
      </main>
    </div>
  );
}
