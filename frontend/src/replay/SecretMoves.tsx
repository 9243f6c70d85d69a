/** Secret moves and their commitments: sealed until revealed, then checked against the hash published when they were made. */

import type { Move, View } from "../server/types";
import { moveTitle, seatName, seatNames } from "../ui/format";
import { SeatTag } from "../ui/seats";
import type { CommitmentCheck, Reveal } from "./commitments";
import { chairPossessive } from "./position";

export function CheckBadge({ check }: { check: CommitmentCheck | undefined }) {
  if (!check) return <span className="tag">checking…</span>;
  return check.verified ? <span className="tag tag-verified">verified</span> : <span className="tag tag-mismatch">does not match</span>;
}

export function CommitmentLine({ view, move, reveal, check }: { view: View; move: Move; reveal: Reveal | undefined; check: CommitmentCheck | undefined }) {
  if (move.visibility !== "secret" || !move.commitment) return null;
  const shown = reveal && reveal.seq <= view.seq;
  return (
    <p className="commitment-line small" data-testid={`commitment-${move.id}`}>
      {shown ? (
        <>
          Commitment check (revealed at seq {reveal.seq}): <CheckBadge check={check} />
        </>
      ) : move.revealed ? (
        <span className="muted">Commitment check: reading the reveal…</span>
      ) : (
        <span className="muted">Commitment sealed at this point: the salt is not public yet.</span>
      )}
    </p>
  );
}

export function SecretMoves({
  view,
  reveals,
  published,
  checks,
}: {
  view: View;
  reveals: Map<string, Reveal>;
  published: Map<string, { seq: number; commitment: string }>;
  checks: Map<string, CommitmentCheck>;
}) {
  const secret = view.moves.filter((m) => m.visibility === "secret");
  return (
    <>
      <p className="hint">
        A secret move is sealed with a commitment, published when the orders close:{" "}
        <code className="nowrap">sha256(canonical_json({"{"}"move": …, "salt": …{"}"}))</code>. When the move is revealed, this page
        recomputes the hash in your browser from the revealed move and its salt.
      </p>
      {secret.length === 0 && <p className="muted">No secret moves {seatName(view, view.role)} knew of at this point.</p>}
      <ul className="secret-moves">
        {secret.map((move) => {
          const reveal = reveals.get(move.id);
          const shown = reveal && reveal.seq <= view.seq ? reveal : undefined;
          const pub = published.get(move.id);
          const check = checks.get(move.id);
          return (
            <li key={move.id} className="secret-move" data-testid={`secret-${move.id}`}>
              <p className="move-head">
                <SeatTag view={view} role={move.seat} /> <span className="move-id">{move.id}</span> <span className="muted">turn {move.turn}</span>
                {shown ? <CheckBadge check={check} /> : <span className="tag tag-secret">sealed</span>}
              </p>
              <dl className="facts">
                <dt>Commitment</dt>
                <dd>
                  <code className="hash">{move.commitment}</code>
                  {pub && <span className="muted small"> published at seq {pub.seq}</span>}
                </dd>
                {move.detected_by && (
                  <>
                    <dt>Detected by</dt>
                    <dd>{move.detected_by.length ? seatNames(view, move.detected_by) : "nobody"}</dd>
                  </>
                )}
                {move.detected !== undefined && (
                  <>
                    <dt>{chairPossessive(view, view.role)} intelligence</dt>
                    <dd>{move.detected ? "detected it" : "has not detected it"}</dd>
                  </>
                )}
                {shown ? (
                  <>
                    <dt>Revealed</dt>
                    <dd>
                      at seq {shown.seq}
                      {shown.reason ? ` (${shown.reason})` : ""}: <strong>{moveTitle(shown)}</strong>
                      {shown.targets.length ? ` → ${seatNames(view, shown.targets)}` : ""}
                    </dd>
                    <dt>Salt</dt>
                    <dd>
                      <code className="hash">{shown.salt}</code>
                    </dd>
                    <dt>Recomputed</dt>
                    <dd>
                      <code className="hash">{check?.computed ?? "…"}</code>{" "}
                      <span data-testid={`check-${move.id}`}>
                        <CheckBadge check={check} />
                      </span>
                    </dd>
                  </>
                ) : (
                  <>
                    <dt>Status</dt>
                    <dd>Not revealed at this point: the content and the salt are not public yet.</dd>
                  </>
                )}
              </dl>
            </li>
          );
        })}
      </ul>
    </>
  );
}
