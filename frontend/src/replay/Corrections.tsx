/** The corrections the chair could see: voided adjudications and the indicator adjustments and reverts. */

import type { View } from "../server/types";
import { seatName, signed } from "../ui/format";
import { Section } from "../ui/layout";
import { AdjudicationSummary } from "../ui/moves";

export function Corrections({ view, onJump }: { view: View; onJump: (seq: number) => void }) {
  const voided = view.adjudications.filter((a) => a.voided);
  const points = view.indicators.flatMap((i) =>
    i.history.filter((p) => p.cause.kind === "adjustment" || p.cause.kind === "void").map((p) => ({ indicator: i, point: p })),
  );
  points.sort((a, b) => a.point.seq - b.point.seq);
  if (voided.length === 0 && points.length === 0) return <p className="muted">No corrections {seatName(view, view.role)} could see at this point.</p>;
  return (
    <>
      {voided.length > 0 && (
        <Section title="Voided adjudications" id="voided-title">
          {voided.map((a) => (
            <div key={a.id} className="voided-entry">
              <p className="small">
                {a.id} (seq {a.seq}, moves {a.moves.join(", ")}) voided at{" "}
                {a.void_seq ? (
                  <button type="button" className="link-button" onClick={() => onJump(a.void_seq!)}>
                    seq {a.void_seq}
                  </button>
                ) : (
                  "?"
                )}
              </p>
              <AdjudicationSummary view={view} adjudication={a} />
            </div>
          ))}
        </Section>
      )}
      {points.length > 0 && (
        <Section title="Indicator adjustments and reversals" id="adjust-title">
          <div className="table-wrap">
            <table data-testid="corrections">
              <thead>
                <tr>
                  <th scope="col">Seq</th>
                  <th scope="col">Indicator</th>
                  <th scope="col" className="num">
                    Change
                  </th>
                  <th scope="col" className="num">
                    Value
                  </th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {points.map(({ indicator, point }) => (
                  <tr key={`${indicator.id}-${point.seq}`}>
                    <td>
                      <button type="button" className="link-button" onClick={() => onJump(point.seq)}>
                        {point.seq}
                      </button>
                    </td>
                    <td>{indicator.name}</td>
                    <td className="num">{signed(point.delta)}</td>
                    <td className="num">{point.value}</td>
                    <td>
                      {point.cause.kind === "adjustment"
                        ? `White Cell adjustment: ${point.cause.reason ?? ""}`
                        : `Reverted with ${point.cause.adjudication_id ?? "a voided adjudication"}${point.cause.reason ? `: ${point.cause.reason}` : ""}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Section>
      )}
    </>
  );
}
