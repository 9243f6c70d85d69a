/** The chair's timeline up to the position, each entry a step to its seq. */

import type { View } from "../server/types";
import { phaseLabel, seatName } from "../ui/format";
import { Section } from "../ui/layout";

export function ReplayTimeline({ view, seq, onJump }: { view: View; seq: number; onJump: (seq: number) => void }) {
  const items = [...view.timeline].reverse();
  return (
    <>
      {items.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <ol className="timeline replay-timeline" data-testid="replay-timeline">
          {items.map((entry) => (
            <li key={entry.seq} className={`timeline-entry type-${entry.type}${entry.seq === seq ? " current" : ""}`}>
              <span className="timeline-when">
                <button type="button" className="link-button" onClick={() => onJump(entry.seq)} aria-label={`Go to seq ${entry.seq}`}>
                  seq {entry.seq}
                </button>{" "}
                {entry.turn ? `T${entry.turn}` : "—"} {entry.phase ? phaseLabel(entry.phase) : ""}
              </span>
              <span className="timeline-text">{entry.text}</span>
              {entry.actor.name && <span className="timeline-actor"> — {entry.actor.name}</span>}
            </li>
          ))}
        </ol>
      )}
      {view.notes.length > 0 && (
        <Section title="Analysts' notes" id="replay-notes">
          <ul className="notes">
            {view.notes.map((n) => (
              <li key={n.id}>
                <span className="muted small">
                  seq {n.seq} · T{n.turn} · {seatName(view, n.role)}
                  {n.author ? ` (${n.author})` : ""}
                </span>{" "}
                {n.text}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </>
  );
}
