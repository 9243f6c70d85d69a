/** What the world did: states of the world, injects, and the final scores. */

import type { View } from "../server/types";
import { audienceText } from "./format";
import { Paragraphs } from "./layout";
import { SeatTag } from "./seats";

export function Narratives({ view, turn }: { view: View; turn?: number }) {
  const list = [...view.narratives].filter((n) => turn === undefined || n.turn === turn).reverse();
  if (list.length === 0) return <p className="muted">No state of the world has been published for this turn yet.</p>;
  return (
    <>
      {list.map((n) => (
        <div key={n.seq} className="narrative-block">
          <p className="narrative-meta">
            Turn {n.turn}
            {view.game.turn_labels[n.turn - 1] ? ` · ${view.game.turn_labels[n.turn - 1]}` : ""}
          </p>
          <Paragraphs text={n.text} />
        </div>
      ))}
    </>
  );
}

export function InjectList({ view, showAudience = false }: { view: View; showAudience?: boolean }) {
  const list = [...view.injects].reverse();
  if (list.length === 0) return <p className="muted">No injects yet.</p>;
  return (
    <ul className="injects">
      {list.map((inject) => (
        <li key={inject.id + inject.seq} className="inject" data-inject={inject.id}>
          <p className="inject-meta">
            Turn {inject.turn} · {inject.scripted ? "scripted" : "ad hoc"}
            {showAudience || inject.audience !== "all" ? ` · to ${audienceText(view, inject.audience)}` : ""}
          </p>
          {inject.title && <h3>{inject.title}</h3>}
          <p>{inject.text}</p>
        </li>
      ))}
    </ul>
  );
}

export function ScoreTable({ view }: { view: View }) {
  if (!view.scores) return null;
  return (
    <div className="scores" data-testid="scores">
      {Object.entries(view.scores).map(([seat, score]) => (
        <div key={seat} className="score">
          <h3>
            <SeatTag view={view} role={seat} /> {score.points} of {score.max} points
          </h3>
          <ul>
            {score.objectives.map((o) => (
              <li key={o.id} className={o.met ? "met" : "unmet"}>
                <span aria-hidden="true">{o.met ? "✔" : "✘"}</span> {o.text}{" "}
                <span className="visually-hidden">{o.met ? "met" : "not met"}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
