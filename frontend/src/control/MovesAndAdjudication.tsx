/** The moves & adjudication tab: the turn's moves, roll all remaining, the plenary's reveal,
 * the keyboard shortcuts, and the panel of the chosen move. */

import { useEffect, useRef, useState } from "react";
import { type Reveal, SHOW_ALL, startStepping, stepOne, useReveal, visibleCount } from "../plenary/reveal";
import type { Send } from "../server/commands.gen";
import { plainIds } from "../server/errors";
import type { Move, View } from "../server/types";
import { ErrorNote, useAction } from "../ui/actions";
import { moveLabel, moveTitle, seatName, statusText } from "../ui/format";
import { OutcomeTag } from "../ui/moves";
import { SeatTag } from "../ui/seats";
import { adjudicable, AdjudicationPanel, nextOpen, openMoves } from "./AdjudicationPanel";

/** The plenary screen's results: all as they come, or one at a time when the White Cell says. */
export function PlenaryReveal({ view, reveal, setReveal }: { view: View; reveal: Reveal; setReveal: (next: Reveal) => void }) {
  const turn = view.game.turn;
  const known = view.adjudications.filter((a) => a.turn === turn && !a.voided).length;
  const shown = visibleCount(reveal, turn, known);
  return (
    <div className="plenary-reveal" data-testid="plenary-reveal">
      <p className="small">
        <strong>Plenary screen:</strong>{" "}
        {reveal.mode === "all" ? "shows each result as soon as it is known." : `shows ${shown} of ${known} results of this turn.`}
      </p>
      <div className="button-row">
        {reveal.mode === "all" ? (
          <button type="button" onClick={() => setReveal(startStepping(turn))}>
            Reveal one at a time
          </button>
        ) : (
          <>
            <button type="button" className="primary" onClick={() => setReveal(stepOne(reveal, turn, known))} disabled={shown >= known} data-testid="reveal-next">
              Show the next result
            </button>
            <button type="button" onClick={() => setReveal(SHOW_ALL)}>
              Show all
            </button>
          </>
        )}
      </div>
    </div>
  );
}

const SHORTCUTS: [string, string][] = [
  ["R", "roll the chosen move at the proposed odds"],
  ["N", "next move to adjudicate"],
  ["J / K", "next / previous move in the list"],
  ["E", "write the narrative of the chosen result"],
  ["A", "roll all remaining (asks to confirm)"],
  ["P", "plenary: show the next result (once \"Reveal one at a time\" is on)"],
];

export function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

export function RollRemaining({ view, send, asking, setAsking }: { view: View; send: Send; asking: boolean; setAsking: (v: boolean) => void }) {
  const action = useAction();
  const remaining = view.pending?.rollable ?? [];
  if (remaining.length === 0) return null;
  return (
    <div className="roll-remaining">
      {asking ? (
        <span className="confirm">
          <button
            type="button"
            className="danger"
            autoFocus
            disabled={action.busy}
            data-testid="roll-remaining-confirm"
            onClick={() => {
              setAsking(false);
              void action.run(() => send({ type: "roll_remaining" }));
            }}
          >
            Roll {remaining.length} {remaining.length === 1 ? "move" : "moves"} now
          </button>
          <button type="button" className="quiet" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button type="button" onClick={() => setAsking(true)} disabled={action.busy} data-testid="roll-remaining">
          Roll all remaining at their proposed odds ({remaining.length})…
        </button>
      )}
      <ErrorNote error={action.error} />
    </div>
  );
}

export function Adjudicate({ view, send, gameId }: { view: View; send: Send; gameId: string }) {
  const [showAll, setShowAll] = useState(false);
  const turnMoves = view.moves.filter((m) => (showAll || m.turn === view.game.turn) && (showAll || m.status !== "withdrawn"));
  const [selected, setSelected] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [reveal, setReveal] = useReveal(gameId);
  const detail = useRef<HTMLDivElement>(null);
  const keys = { roll: useRef<(() => void) | null>(null), narrative: useRef<(() => void) | null>(null) };
  const firstOpen = openMoves(view)[0];
  const current = view.moves.find((m) => m.id === selected) ?? firstOpen ?? turnMoves[0] ?? null;
  const next = nextOpen(view, current?.id ?? null);
  // Stay on the chosen move once it has its result: the narrative is written there.
  useEffect(() => {
    if (!selected && current) setSelected(current.id);
  }, [selected, current]);
  const opposedWith = (m: Move) => {
    const a = view.adjudications.find((x) => x.id === m.adjudication_id);
    return a?.opposed ? a.moves.filter((id) => id !== m.id) : [];
  };
  const pick = (id: string) => {
    setSelected(id);
    // On a narrow screen the panel sits below the list: bring it into view.
    if (window.innerWidth < 760) window.requestAnimationFrame(() => detail.current?.scrollIntoView({ block: "start" }));
  };
  const state = useRef({ current, next, turnMoves, reveal, view });
  state.current = { current, next, turnMoves, reveal, view };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      const { current, next, turnMoves, reveal, view } = state.current;
      const key = event.key.toLowerCase();
      const index = current ? turnMoves.findIndex((m) => m.id === current.id) : -1;
      if (key === "r" && keys.roll.current) keys.roll.current();
      else if (key === "n" && next) setSelected(next.id);
      else if (key === "j" && turnMoves.length) setSelected(turnMoves[Math.min(turnMoves.length - 1, index + 1)].id);
      else if (key === "k" && turnMoves.length) setSelected(turnMoves[Math.max(0, index - 1)].id);
      else if (key === "e" && keys.narrative.current) keys.narrative.current();
      else if (key === "a" && view.pending?.rollable.length) setAsking(true);
      else if (key === "p" && reveal.mode === "step") {
        const known = view.adjudications.filter((a) => a.turn === view.game.turn && !a.voided).length;
        setReveal(stepOne(reveal, view.game.turn, known));
      } else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const adjudicating = view.game.status === "running" && (view.game.phase === "adjudication" || view.game.phase === "results");
  return (
    <div className="adjudicate-layout">
      <nav className="move-index" aria-label="Moves">
        <h2>Moves{showAll ? "" : ` of turn ${view.game.turn}`}</h2>
        {adjudicating && (
          <p className="small" data-testid="adjudication-count">
            {view.pending?.unadjudicated.length ? `${view.pending.unadjudicated.length} still to adjudicate.` : "Every move has a result."}
          </p>
        )}
        <RollRemaining view={view} send={send} asking={asking} setAsking={setAsking} />
        <label className="check small">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> Show every turn
        </label>
        {turnMoves.length === 0 && <p className="muted">No moves yet.</p>}
        <ul>
          {turnMoves.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                className={current?.id === m.id ? "move-pick current" : "move-pick"}
                aria-pressed={current?.id === m.id}
                onClick={() => pick(m.id)}
                data-testid={`pick-${m.id}`}
              >
                <span className="move-pick-title">
                  <SeatTag view={view} role={m.seat} /> {moveLabel(m)}
                  {m.visibility === "secret" && <span className="tag tag-secret">secret</span>}
                </span>
                <span className="move-pick-name">{moveTitle(m)}</span>
                <span className="move-pick-status">
                  {m.outcome ? <OutcomeTag outcome={m.outcome} /> : statusText(m)}
                  {m.proposal && !m.adjudication_id ? ` · ${m.proposal.probability}%` : ""}
                  {opposedWith(m).length > 0 && ` · opposed to ${opposedWith(m).map((id) => plainIds(id, view.moves, (seat) => seatName(view, seat))).join(", ")}`}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {adjudicating && <PlenaryReveal view={view} reveal={reveal} setReveal={setReveal} />}
        <details className="shortcuts" data-testid="shortcuts">
          <summary>Keyboard shortcuts</summary>
          <dl>
            {SHORTCUTS.map(([k, text]) => (
              <div key={k}>
                <dt>
                  <kbd>{k}</kbd>
                </dt>
                <dd>{text}</dd>
              </div>
            ))}
          </dl>
        </details>
      </nav>
      <div className="move-detail" ref={detail}>
        {adjudicating && (
          <div className="next-row">
            <button type="button" className={current && !adjudicable(view, current) && next ? "primary" : ""} onClick={() => next && pick(next.id)} disabled={!next || next.id === current?.id} data-testid="next-move">
              Next move to adjudicate{next && next.id !== current?.id ? `: ${seatName(view, next.seat)}, ${moveTitle(next)}` : ""}
            </button>
          </div>
        )}
        {current ? <AdjudicationPanel key={current.id} view={view} move={current} send={send} keys={keys} /> : <p className="muted">Select a move.</p>}
      </div>
    </div>
  );
}
