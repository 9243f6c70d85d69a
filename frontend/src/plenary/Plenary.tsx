/**
 * The projector screen: the public state of the game, one screen with no scrolling, in type
 * that reads from the back of a room. What it shows follows the phase: the state of the world
 * and the injects while the teams talk and write orders; the results (revealed one at a time
 * when the White Cell steers it) during adjudication; the final scores at the end. The public
 * indicators stay on the right.
 */

import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import type { Send } from "../server/commands.gen";
import { useGame } from "../server/live";
import type { Adjudication, Move, View } from "../server/types";
import { ConnectionBadge, Countdown, PhaseSteps } from "../ui/GameBar";
import { ErrorNote, useAction } from "../ui/actions";
import { moveTitle, phaseLabel, seatNames, signed, turnChange } from "../ui/format";
import { Loading, Paragraphs, Problem } from "../ui/layout";
import { OutcomeTag } from "../ui/moves";
import { SeatTag } from "../ui/seats";
import { useReveal, visibleCount } from "./reveal";

/**
 * A box whose text shrinks until it fits. At 1000 px of height and more it stops at 24 px
 * (readable from the back of a room); what still does not fit is cut off and marked.
 */
function FitBox({ children, className, testId }: { children: ReactNode; className?: string; testId?: string }) {
  const outer = useRef<HTMLDivElement>(null);
  const inner = useRef<HTMLDivElement>(null);
  const [overflow, setOverflow] = useState(false);
  const [size, setSize] = useState(0);
  useEffect(() => {
    const resize = () => setSize((n) => n + 1);
    window.addEventListener("resize", resize);
    return () => window.removeEventListener("resize", resize);
  }, []);
  useLayoutEffect(() => {
    const box = outer.current;
    const content = inner.current;
    if (!box || !content) return;
    const fits = () => content.scrollHeight <= box.clientHeight + 1;
    content.style.setProperty("--fit", "1");
    const base = parseFloat(getComputedStyle(content).fontSize) || 16;
    const min = window.innerHeight >= 1000 ? Math.min(1, 24 / base) : 0.6;
    let best = 1;
    if (!fits()) {
      let lo = min;
      let hi = 1;
      best = min;
      for (let i = 0; i < 8; i++) {
        const mid = (lo + hi) / 2;
        content.style.setProperty("--fit", String(mid));
        if (fits()) {
          best = mid;
          lo = mid;
        } else hi = mid;
      }
    }
    content.style.setProperty("--fit", String(best));
    const over = !fits();
    if (over !== overflow) setOverflow(over);
  });
  return (
    <div ref={outer} className={`fit-box ${className ?? ""}`} data-testid={testId} data-overflow={overflow ? "true" : "false"} data-size={size}>
      <div ref={inner} className="fit-content">
        {children}
      </div>
      {overflow && <p className="fit-more">More on the team consoles</p>}
    </div>
  );
}

/** The moves of this turn with their results, in the order the White Cell adjudicated them. */
function Results({ view, gameId }: { view: View; gameId: string }) {
  const [reveal] = useReveal(gameId);
  const turn = view.game.turn;
  const announced = view.moves.filter((m) => m.turn === turn && m.status === "announced");
  const standing = view.adjudications.filter((a) => a.turn === turn && !a.voided).sort((a, b) => a.seq - b.seq);
  const resultOf = (m: Move): Adjudication | undefined => standing.find((a) => a.moves.includes(m.id));
  const order = (m: Move) => {
    const a = resultOf(m);
    return a ? standing.indexOf(a) : standing.length + announced.indexOf(m);
  };
  const moves = [...announced].sort((a, b) => order(a) - order(b));
  const shownResults = visibleCount(reveal, turn, standing.length);
  const revealed = new Set(standing.slice(0, shownResults).map((a) => a.id));
  if (announced.length === 0) return <p className="pj-quiet">The moves are announced when the orders close.</p>;
  const waiting = standing.length - shownResults;
  return (
    <>
      <h2 className="pj-heading">Moves and results</h2>
      <ul className="pj-results" data-testid="plenary-results" data-shown={shownResults}>
        {moves.map((move) => {
          const result = resultOf(move);
          const shown = result && revealed.has(result.id);
          const entry = shown ? result.entries.find((e) => e.move_id === move.id) : undefined;
          return (
            <li key={move.id} data-move-id={move.id} className={shown ? "pj-result shown" : "pj-result"} data-result={shown ? entry?.outcome ?? "" : "pending"}>
              <p className="pj-result-head">
                <SeatTag view={view} role={move.seat} />:{" "}
                {move.action === undefined ? <span className="pj-secret">a secret move</span> : <strong>{moveTitle(move)}</strong>}
                {move.targets && move.targets.length > 0 && <span className="pj-target"> → {seatNames(view, move.targets)}</span>}{" "}
                {shown ? <OutcomeTag outcome={entry?.outcome} /> : <span className="tag tag-pending">result to come</span>}
              </p>
              {shown && result.narrative && <p className="pj-narrative">{result.narrative}</p>}
            </li>
          );
        })}
      </ul>
      {waiting > 0 && reveal.mode === "step" && <p className="pj-quiet">The White Cell will reveal the next result.</p>}
    </>
  );
}

function Story({ view }: { view: View }) {
  const turn = view.game.turn;
  const narratives = view.narratives.filter((n) => n.turn === turn);
  const current = narratives[narratives.length - 1];
  const injects = view.injects.filter((i) => i.turn === turn).reverse();
  return (
    <>
      <section aria-labelledby="pj-sow">
        <h2 className="pj-heading" id="pj-sow">
          State of the world{view.game.turn_label ? `: ${view.game.turn_label}` : ""}
        </h2>
        {current ? <Paragraphs text={current.text} /> : <p className="pj-quiet">The White Cell has not yet published this turn's state of the world.</p>}
      </section>
      {injects.length > 0 && (
        <section aria-labelledby="pj-injects" className="pj-injects">
          <h2 className="pj-heading" id="pj-injects">
            News this turn
          </h2>
          {injects.map((inject) => (
            <article key={inject.id + inject.seq} className="pj-inject" data-inject={inject.id}>
              {inject.title && <h3>{inject.title}</h3>}
              <p>{inject.text}</p>
            </article>
          ))}
        </section>
      )}
    </>
  );
}

function Orders({ view }: { view: View }) {
  const locked = view.seats.filter((s) => s.locked);
  return (
    <p className="pj-locks" data-testid="plenary-locks">
      Orders locked:{" "}
      {view.seats.map((s) => (
        <span key={s.role} className={s.locked ? "pj-lock done" : "pj-lock"}>
          <SeatTag view={view} role={s.role} /> {s.locked ? "locked" : "writing"}
        </span>
      ))}
      <span className="visually-hidden">
        {locked.length} of {view.seats.length}
      </span>
    </p>
  );
}

function Scores({ view }: { view: View }) {
  if (!view.scores) return <p className="pj-quiet">The game is over.</p>;
  return (
    <>
      <h2 className="pj-heading">Final scores</h2>
      <table className="pj-scores" data-testid="scores">
        <tbody>
          {Object.entries(view.scores)
            .sort((a, b) => b[1].points - a[1].points)
            .map(([seat, score]) => (
              <tr key={seat}>
                <th scope="row">
                  <SeatTag view={view} role={seat} />
                </th>
                <td>
                  {score.points} of {score.max} points
                </td>
                <td className="pj-objectives">
                  {score.objectives.filter((o) => o.met).length} of {score.objectives.length} objectives met
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </>
  );
}

function Indicators({ view }: { view: View }) {
  const turn = view.game.turn;
  return (
    <>
      <h2 className="pj-heading">Indicators</h2>
      <table className="pj-indicators" data-testid="plenary-indicators">
        <tbody>
          {view.indicators.map((ind) => {
            const change = turnChange(ind, turn);
            return (
              <tr key={ind.id}>
                <th scope="row">{ind.name}</th>
                <td className="num pj-value">{ind.value}</td>
                <td className={`num pj-change${change > 0 ? " up" : change < 0 ? " down" : ""}`}>
                  {change === 0 ? "" : (
                    <>
                      <span aria-hidden="true">{change > 0 ? "▲" : "▼"}</span> {signed(change)}
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

/** Observers (analysts on the observer link) may leave notes for the White Cell. */
function NoteForm({ send }: { send: Send }) {
  const [text, setText] = useState("");
  const [sent, setSent] = useState(0);
  const action = useAction();
  const id = useId();
  return (
    <details className="pj-note">
      <summary>Note for the White Cell</summary>
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
  const live = useGame(gameId, token, token ? null : "observer", "", "Plenary screen");
  const view = live.view;
  useEffect(() => {
    if (view) document.title = `${view.game.title} · Plenary · Wargame`;
  }, [view]);
  useEffect(() => {
    document.documentElement.classList.add("projector-page");
    return () => document.documentElement.classList.remove("projector-page");
  }, []);

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
  const phase = game.status === "running" ? game.phase : null;
  let story: ReactNode;
  if (game.status === "setup") {
    story = (
      <>
        <h2 className="pj-heading">{view.scenario.title}</h2>
        <Paragraphs text={view.scenario.summary} />
      </>
    );
  } else if (game.status === "ended") {
    story = <Scores view={view} />;
  } else if (phase === "adjudication" || phase === "results") {
    story = <Results view={view} gameId={gameId} />;
  } else {
    story = (
      <>
        {phase === "orders" && <Orders view={view} />}
        <Story view={view} />
      </>
    );
  }
  return (
    <div className="projector" data-phase={game.status === "running" ? phase ?? "" : game.status}>
      <header className="pj-bar">
        <div className="pj-title">
          <h1>{game.title}</h1>
          <p className="pj-turn">
            {game.status === "running" ? (
              <>
                Turn {game.turn} of {game.turns}
                {game.turn_label ? ` · ${game.turn_label}` : ""}
              </>
            ) : (
              view.scenario.title
            )}
          </p>
        </div>
        <p className="pj-phase" data-testid="plenary-phase">
          {game.status === "running" ? phaseLabel(game.phase) : game.status === "setup" ? "Starting soon" : "Game over"}
        </p>
        <div className="pj-clock">
          <Countdown game={game} large />
        </div>
      </header>
      {game.paused && (
        <p className="pj-paused" role="status">
          Paused by the White Cell
        </p>
      )}
      <main className="pj-main">
        <FitBox className="pj-story" testId="plenary-story">
          {story}
        </FitBox>
        <FitBox className="pj-side" testId="plenary-side">
          <Indicators view={view} />
        </FitBox>
      </main>
      <footer className="pj-foot">
        <PhaseSteps game={game} />
        <ConnectionBadge status={live.status} />
        {token && view.role === "observer" && <NoteForm send={live.send} />}
      </footer>
    </div>
  );
}
