/** What the chair had read: the run-sheet's record (the White Cell's), messages, intelligence, objectives. */

import { useMemo } from "react";
import type { View } from "../server/types";
import { ScoreTable } from "../ui/briefing";
import { clockTime, moveTitle, phaseLabel, plural, rooms, seatName, seatNames } from "../ui/format";
import { Section } from "../ui/layout";
import { SeatTag } from "../ui/seats";

/** The White Cell's chair: what the run-sheet did to the scripted items, and who edited them. */
export function RunSheetRecord({ view }: { view: View }) {
  const touched = view.run_sheet!.filter(
    (i) => i.edited_by || i.status === "skipped" || i.status === "held" || i.title !== i.scripted.title || i.text !== i.scripted.text,
  );
  return (
    <Section title="Run-sheet: held, edited and skipped" id="runsheet-record-title">
      {touched.length === 0 ? (
        <p className="muted">Every scripted item so far went out as written.</p>
      ) : (
        <ul className="runsheet-record" data-testid="runsheet-record">
          {touched.map((item) => (
            <li key={item.id} data-item={item.id}>
              <p className="runsheet-meta">
                <span className={`tag tag-status-${item.status}`}>{item.status}</span> Turn {item.turn} · {item.kind === "inject" ? "inject" : "state of the world"}
                {item.edited_by ? ` · edited by ${item.edited_by}` : ""}
              </p>
              {item.title && <h3>{item.title}</h3>}
              <p>{item.text}</p>
              {(item.title !== item.scripted.title || item.text !== item.scripted.text) && (
                <div className="scripted-text">
                  <p className="small muted">As scripted:</p>
                  {item.scripted.title && <h4>{item.scripted.title}</h4>}
                  <p>{item.scripted.text}</p>
                </div>
              )}
              {item.skip_reason && <p className="small">Skipped: {item.skip_reason}</p>}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function ReadMessages({ view }: { view: View }) {
  const list = useMemo(() => rooms(view.messages), [view.messages]);
  if (list.length === 0) {
    return (
      <p className="muted">
        No messages {seatName(view, view.role)} could read at this point
        {view.role === "observer" ? " (observers see no messages while the game runs)" : ""}.
      </p>
    );
  }
  return (
    <div className="replay-rooms" data-testid="replay-messages">
      {list.map((room) => (
        <section key={room.key} className="replay-room" aria-label={`Conversation of ${room.members.map((m) => seatName(view, m)).join(", ")}`}>
          <h3 className="thread-title">
            {room.members.map((m) => (
              <SeatTag key={m} view={view} role={m} />
            ))}
          </h3>
          <ol className="thread-messages">
            {room.messages.map((m) => (
              <li key={m.id} className="message" data-message={m.id}>
                <p className="message-meta">
                  <strong>{seatName(view, m.from)}</strong>
                  {m.author ? ` (${m.author})` : ""} to {m.to.map((t) => seatName(view, t)).join(", ")} · seq {m.seq} · T{m.turn}{" "}
                  {phaseLabel(m.phase)} · {clockTime(m.at)}
                </p>
                <p className="message-text">{m.text}</p>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

export function Intelligence({ view }: { view: View }) {
  if (view.intelligence.length === 0) return <p className="muted">No intelligence reports {seatName(view, view.role)} could read at this point.</p>;
  return (
    <ul className="intel-list">
      {view.intelligence.map((r) => (
        <li key={r.seq} className="intel" data-testid="intel-report">
          <p className="intel-head">
            <span className="tag tag-intel">report</span> Seq {r.seq} · turn {r.turn} · for <SeatTag view={view} role={r.seat} />
          </p>
          <p>
            {seatName(view, r.about)} is carrying out <strong>{moveTitle(r)}</strong> (move {r.move_id})
            {r.targets.length ? `, aimed at ${seatNames(view, r.targets)}` : ""}.
          </p>
        </li>
      ))}
    </ul>
  );
}

export function Objectives({ view }: { view: View }) {
  const seats = Object.entries(view.objectives).filter(([, list]) => list.length > 0);
  return (
    <>
      {view.scores ? (
        <Section title="Final scores" id="replay-scores">
          <ScoreTable view={view} />
        </Section>
      ) : (
        <p className="muted">The game had not ended at this point: no scores yet.</p>
      )}
      <Section title="Objectives" id="replay-objectives">
        {seats.length === 0 && <p className="muted">No objectives visible to {seatName(view, view.role)} at this point.</p>}
        {seats.map(([seat, list]) => (
          <div key={seat} className="objective-group">
            <h3>
              <SeatTag view={view} role={seat} />
            </h3>
            <ul className="objectives">
              {list.map((o) => (
                <li key={o.id}>
                  {o.text} <span className="muted">({plural(o.points, "point")}{o.condition ? `; ${o.condition}` : ""})</span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </Section>
    </>
  );
}
