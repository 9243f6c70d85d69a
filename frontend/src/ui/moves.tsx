/** Moves as a role sees them: the card, the engine's proposal, adjudication results, detection rolls. */

import type { ReactNode } from "react";
import type { Adjudication, Detection, Move, Proposal, View } from "../server/types";
import { moveLabel, moveTitle, seatName, seatNames, signed, statusText } from "./format";
import { SeatTag } from "./seats";

export function OutcomeTag({ outcome }: { outcome: string | null | undefined }) {
  if (!outcome) return <span className="tag tag-pending">pending</span>;
  return <span className={`tag tag-${outcome}`}>{outcome === "success" ? "success" : "failure"}</span>;
}

export function adjudicationOf(view: View, move: Move): Adjudication | undefined {
  if (!move.adjudication_id) return undefined;
  return view.adjudications.find((a) => a.id === move.adjudication_id);
}

/** The engine's proposed probability, term by term (the first is the base), and the one set. */
export function ProposalTerms({ proposal }: { proposal: Proposal }) {
  return (
    <table className="terms">
      <tbody>
        {proposal.terms.map((term, i) => (
          <tr key={i}>
            <td>{term.label}</td>
            <td className="num">{i === 0 ? term.points : signed(term.points)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Proposed</th>
          <td className="num">
            <strong data-testid="proposed">{proposal.proposed}%</strong>
          </td>
        </tr>
        {proposal.probability !== proposal.proposed && (
          <tr>
            <th scope="row">Set by the White Cell{proposal.reason ? ` (${proposal.reason})` : ""}</th>
            <td className="num">
              <strong>{proposal.probability}%</strong>
            </td>
          </tr>
        )}
      </tfoot>
    </table>
  );
}

/** The detection rolls of secret moves: who could have seen them, the chance, the draw. */
export function DetectionTable({ view, rows, withMove = false, testId, small = false }: { view: View; rows: Detection[]; withMove?: boolean; testId: string; small?: boolean }) {
  if (rows.length === 0) return null;
  return (
    <table className={small ? "detection small" : "detection"} data-testid={testId}>
      <caption>Detection rolls</caption>
      <thead>
        <tr>
          {withMove && <th scope="col">Move</th>}
          <th scope="col">Seat</th>
          <th scope="col" className="num">
            Chance
          </th>
          <th scope="col" className="num">
            Draw
          </th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d, i) => (
          <tr key={i}>
            {withMove && <td>{d.move_id}</td>}
            <td>{seatName(view, d.seat)}</td>
            <td className="num">{d.chance}%</td>
            <td className="num">{d.draw}</td>
            <td>{d.detected ? <strong>detected</strong> : "not detected"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What happened at one adjudication: probability, the draws, the outcome and the narrative. */
export function AdjudicationSummary({ view, adjudication, moveId }: { view: View; adjudication: Adjudication; moveId?: string }) {
  const entries = moveId ? adjudication.entries.filter((e) => e.move_id === moveId) : adjudication.entries;
  return (
    <div className={`adjudication${adjudication.voided ? " voided" : ""}`} data-testid={`adjudication-${adjudication.id}`}>
      {entries.map((entry) => (
        <p key={entry.move_id} className="adjudication-line">
          {adjudication.method === "roll" ? (
            <>
              Chance {entry.probability}%, {adjudication.opposed ? "opposed roll" : "roll"}{" "}
              {entry.draws.join(", ")}
              {" → "}
            </>
          ) : (
            <>Decided by the White Cell{entry.probability != null ? ` (chance was ${entry.probability}%)` : ""} → </>
          )}
          <OutcomeTag outcome={entry.outcome} />
          {entry.proposed !== undefined && entry.proposed !== entry.probability && (
            <span className="muted">
              {" "}
              (proposed {entry.proposed}%{entry.override_reason ? `; ${entry.override_reason}` : ""})
            </span>
          )}
        </p>
      ))}
      {adjudication.narrative && <p className="narrative">{adjudication.narrative}</p>}
      {(adjudication.narrative_history?.length ?? 0) > 1 && (
        <details className="narrative-history small" data-testid="narrative-history">
          <summary>Narrative amended: every version</summary>
          <ol>
            {adjudication.narrative_history!.map((h, i) => (
              <li key={i}>
                {h.text || <em>(no narrative)</em>} <span className="muted">({h.by ?? "White Cell"})</span>
              </li>
            ))}
          </ol>
        </details>
      )}
      {adjudication.reason && adjudication.method === "decide" && <p className="muted">Reason: {adjudication.reason}</p>}
      {adjudication.changes.length > 0 && (
        <p className="changes">
          {adjudication.changes
            .map((c) => `${view.indicators.find((i) => i.id === c.indicator)?.name ?? c.indicator} ${c.before} → ${c.after}`)
            .join("; ")}
        </p>
      )}
      {adjudication.voided && (
        <p className="void-note">Voided by the White Cell: {adjudication.void_reason}</p>
      )}
    </div>
  );
}

/** One move as the current role may see it. */
export function MoveCard({
  view,
  move,
  children,
}: {
  view: View;
  move: Move;
  children?: ReactNode;
}) {
  const stub = move.action === undefined;
  const adjudication = adjudicationOf(view, move);
  return (
    <article className={`move move-${move.status}${stub ? " move-stub" : ""}`} data-move-id={move.id} data-testid={`move-${move.id}`}>
      <header className="move-head">
        <SeatTag view={view} role={move.seat} />
        <span className="move-id">{moveLabel(move)}</span>
        {move.visibility === "secret" && <span className="tag tag-secret">{move.revealed ? "secret, revealed" : "secret"}</span>}
        <span className="move-status">{statusText(move)}</span>
        {!stub && move.outcome && <OutcomeTag outcome={move.outcome} />}
      </header>
      {stub ? (
        <p className="muted">
          {seatName(view, move.seat)} made a secret move. Its content is sealed: it can be checked in the replay once revealed.
          {move.detected && <strong className="detected-note"> Your intelligence has detected it: see Intelligence.</strong>}
        </p>
      ) : (
        <>
          <h3 className="move-title">{moveTitle(move)}</h3>
          {move.action !== "free" && move.action_name && <p className="move-kind">Catalog action</p>}
          {move.action === "free" && <p className="move-kind">Free argument</p>}
          {move.targets && move.targets.length > 0 && (
            <p className="move-targets">
              Target{move.targets.length > 1 ? "s" : ""}: {seatNames(view, move.targets)}
            </p>
          )}
          {move.argument && (
            <dl className="argument">
              <dt>Intended result</dt>
              <dd>{move.argument.result}</dd>
              {move.argument.reasons.length > 0 && (
                <>
                  <dt>Reasons</dt>
                  <dd>
                    <ol>
                      {move.argument.reasons.map((r, i) => (
                        <li key={i}>{r}</li>
                      ))}
                    </ol>
                  </dd>
                </>
              )}
            </dl>
          )}
          {move.rationale !== undefined && (
            <div className="rationale">
              <span className="rationale-label">Rationale</span> {move.rationale}
            </div>
          )}
          {move.arguments && move.arguments.length > 0 && (
            <ul className="arguments" aria-label="Arguments from other seats">
              {move.arguments.map((a) => (
                <li key={a.id} className={`argument-${a.stance}`}>
                  <span className={`tag tag-${a.stance}`}>{a.stance}</span> <SeatTag view={view} role={a.seat} /> {a.text}
                  {a.strong && <span className="tag tag-strong">strong</span>}
                </li>
              ))}
            </ul>
          )}
          {adjudication && <AdjudicationSummary view={view} adjudication={adjudication} moveId={move.id} />}
          {move.commitment && move.revealed && <p className="muted small">Revealed: the replay checks it against the seal published when the orders closed.</p>}
        </>
      )}
      {children}
    </article>
  );
}
