/** The decision log: every move the chair saw, with the proposal, the draws, detection and the commitment check. */

import { useMemo } from "react";
import type { Move, View } from "../server/types";
import { moveTitle, seatName, seatNames } from "../ui/format";
import { AdjudicationSummary, DetectionTable, MoveCard, ProposalTerms } from "../ui/moves";
import { CommitmentLine } from "./SecretMoves";
import type { CommitmentCheck, Reveal } from "./commitments";

export function ProposalDetail({ move }: { move: Move }) {
  const p = move.proposal;
  if (!p) return null;
  return (
    <details className="proposal-detail">
      <summary>
        Engine's proposal {p.proposed}%{p.probability !== p.proposed ? `, set to ${p.probability}%` : ""}
      </summary>
      <ProposalTerms proposal={p} />
      {p.strong.length > 0 && <p className="small">Arguments accepted as strong: {p.strong.join(", ")}</p>}
    </details>
  );
}

export function DetectionRolls({ view, move }: { view: View; move: Move }) {
  const rolls = view.adjudications.flatMap((a) => (a.detection ?? []).filter((d) => d.move_id === move.id));
  return <DetectionTable view={view} rows={rolls} testId={`detection-${move.id}`} small />;
}

export function DecisionLog({
  view,
  reveals,
  checks,
}: {
  view: View;
  reveals: Map<string, Reveal>;
  checks: Map<string, CommitmentCheck>;
}) {
  const turns = useMemo(() => {
    const groups = new Map<number, Move[]>();
    for (const move of view.moves) groups.set(move.turn, [...(groups.get(move.turn) ?? []), move]);
    return [...groups.entries()].sort((a, b) => a[0] - b[0]);
  }, [view.moves]);
  if (turns.length === 0) return <p className="muted">No moves {seatName(view, view.role)} could see at this point.</p>;
  return (
    <div className="decision-log" data-testid="decision-log">
      {turns.map(([turn, moves]) => (
        <section key={turn} className="turn-group" aria-labelledby={`log-turn-${turn}`}>
          <h3 className="turn-heading" id={`log-turn-${turn}`}>
            Turn {turn}
            {view.game.turn_labels[turn - 1] ? ` · ${view.game.turn_labels[turn - 1]}` : ""}
          </h3>
          <div className="move-list">
            {moves.map((move) => {
              const intel = view.intelligence.filter((r) => r.move_id === move.id);
              const earlier = view.adjudications.filter((a) => a.moves.includes(move.id) && a.id !== move.adjudication_id);
              const current = view.adjudications.find((a) => a.id === move.adjudication_id);
              const partner = current?.opposed ? current.moves.find((m) => m !== move.id) : undefined;
              return (
                <MoveCard key={move.id} view={view} move={move}>
                  {partner && <p className="small">Opposed pair: resolved against move {partner}.</p>}
                  <ProposalDetail move={move} />
                  <DetectionRolls view={view} move={move} />
                  {earlier.map((a) => (
                    <div key={a.id} className="earlier">
                      <p className="small">
                        Earlier adjudication {a.id} (seq {a.seq}){a.voided ? `, voided at seq ${a.void_seq ?? "?"}` : ""}:
                      </p>
                      <AdjudicationSummary view={view} adjudication={a} moveId={move.id} />
                    </div>
                  ))}
                  {move.action === undefined &&
                    intel.map((r) => (
                      <div key={r.seq} className="intel small" data-testid={`intel-${move.id}`}>
                        <span className="tag tag-intel">intelligence</span> Seq {r.seq}: {seatName(view, r.seat)} learned that{" "}
                        {seatName(view, r.about)} is carrying out <strong>{moveTitle(r)}</strong>
                        {r.targets.length ? ` against ${seatNames(view, r.targets)}` : ""}.
                      </div>
                    ))}
                  <CommitmentLine view={view} move={move} reveal={reveals.get(move.id)} check={checks.get(move.id)} />
                </MoveCard>
              );
            })}
          </div>
        </section>
      ))}
    </div>
  );
}
