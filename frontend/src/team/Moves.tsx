/** The moves tab: other seats' moves by turn (and arguing pro or con), then the seat's own. */

import { useId, useState } from "react";
import type { Send } from "../server/commands.gen";
import type { Move, View } from "../server/types";
import { ErrorNote, useAction } from "../ui/actions";
import { byTurn, moveTitle } from "../ui/format";
import { Section } from "../ui/layout";
import { MoveCard } from "../ui/moves";

export function ArgueForm({ move, send }: { move: Move; send: Send }) {
  const [stance, setStance] = useState<"pro" | "con">("pro");
  const [text, setText] = useState("");
  const action = useAction();
  const id = useId();
  return (
    <form
      className="argue"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!text.trim()) return;
        const done = await action.run(() => send({ type: "add_argument", move_id: move.id, stance, text: text.trim() }));
        if (done) setText("");
      }}
    >
      <fieldset>
        <legend>Argue on {moveTitle(move)}</legend>
        <label className="check">
          <input type="radio" name={`stance-${move.id}`} checked={stance === "pro"} onChange={() => setStance("pro")} /> Pro: why it would work
        </label>
        <label className="check">
          <input type="radio" name={`stance-${move.id}`} checked={stance === "con"} onChange={() => setStance("con")} /> Con: why it would fail
        </label>
      </fieldset>
      <label htmlFor={id}>Argument</label>
      <textarea id={id} rows={2} value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} />
      <ErrorNote error={action.error} />
      <button type="submit" disabled={action.busy || !text.trim()}>
        Add argument
      </button>
    </form>
  );
}

export function Moves({ view, send }: { view: View; send: Send }) {
  const game = view.game;
  const mine = view.moves.filter((m) => m.seat === view.seat && m.status !== "withdrawn");
  const others = view.moves.filter((m) => m.seat !== view.seat);
  const canArgue = (m: Move) =>
    game.status === "running" &&
    game.phase === "adjudication" &&
    m.turn === game.turn &&
    m.status === "announced" &&
    m.action !== undefined &&
    !m.adjudication_id &&
    (m.visibility === "public" || m.revealed);
  return (
    <>
      <Section title="Other seats' moves" id="others-title">
        {game.phase === "adjudication" && (
          <p className="hint">While the White Cell adjudicates, argue for (pro) or against (con) other seats' public moves.</p>
        )}
        {others.length === 0 ? (
          <p className="muted">Other seats' moves are announced when the orders close.</p>
        ) : (
          byTurn(others).map(([turn, moves]) => (
            <div key={turn} className="turn-group">
              <h3 className="turn-heading">Turn {turn}{game.turn_labels[turn - 1] ? ` · ${game.turn_labels[turn - 1]}` : ""}</h3>
              <div className="move-list">
                {moves.map((move) => (
                  <MoveCard key={move.id} view={view} move={move}>
                    {canArgue(move) && <ArgueForm move={move} send={send} />}
                  </MoveCard>
                ))}
              </div>
            </div>
          ))
        )}
      </Section>
      <Section title="Your moves" id="mine-title">
        {mine.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          byTurn(mine).map(([turn, moves]) => (
            <div key={turn} className="turn-group">
              <h3 className="turn-heading">Turn {turn}</h3>
              <div className="move-list">
                {moves.map((move) => (
                  <MoveCard key={move.id} view={view} move={move} />
                ))}
              </div>
            </div>
          ))
        )}
      </Section>
    </>
  );
}
