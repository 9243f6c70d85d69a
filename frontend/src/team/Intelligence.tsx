/** The intelligence tab: the seat's intelligence reports. */

import type { View } from "../server/types";
import { moveTitle, seatNames } from "../ui/format";
import { Section } from "../ui/layout";
import { SeatTag } from "../ui/seats";

export function Intelligence({ view }: { view: View }) {
  const reports = [...view.intelligence].reverse();
  return (
    <Section title="Intelligence reports" id="intel-title" className="private">
      <p className="private-note">Only your team sees these reports.</p>
      {reports.length === 0 ? (
        <p className="muted">
          No reports. When your services detect another seat's secret move during adjudication, the report appears here.
        </p>
      ) : (
        <ul className="intel-list" data-testid="intelligence">
          {reports.map((r) => (
            <li key={r.seq} className="intel" data-move={r.move_id}>
              <p className="intel-head">
                <span className="tag tag-intel">Intelligence report</span> Turn {r.turn}
              </p>
              <p>
                <SeatTag view={view} role={r.about} /> is carrying out <strong>{moveTitle(r)}</strong>
                {r.targets.length > 0 ? `, aimed at ${seatNames(view, r.targets)}` : ""}.
              </p>
              {r.argument && <p className="muted">Intended result: {r.argument.result}</p>}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
