/** The briefing tab: the state of the world, injects, the seat's private briefing and
 * objectives, every seat's public briefing, and the scores once the game has ended. */

import type { View } from "../server/types";
import { InjectList, Narratives, ScoreTable } from "../ui/briefing";
import { plural } from "../ui/format";
import { Paragraphs, Section } from "../ui/layout";
import { SeatTag } from "../ui/seats";

export function Briefing({ view }: { view: View }) {
  const seat = view.seats.find((s) => s.role === view.seat)!;
  const objectives = view.objectives[view.seat ?? ""] ?? [];
  return (
    <>
      {view.game.status === "ended" && view.scores && (
        <Section title="Final scores" id="scores-title">
          <ScoreTable view={view} />
        </Section>
      )}
      <Section title={`State of the world${view.game.turn_label ? `: ${view.game.turn_label}` : ""}`} id="narrative-title">
        <Narratives view={view} turn={view.game.turn || undefined} />
      </Section>
      <Section title="Injects" id="injects-title">
        <InjectList view={view} />
      </Section>
      <Section title="Your private briefing" id="private-title" className="private">
        <p className="private-note">Seen by your team and the White Cell only.</p>
        {seat.private_briefing ? <Paragraphs text={seat.private_briefing} /> : <p className="muted">None.</p>}
      </Section>
      <Section title="Your objectives" id="objectives-title" className="private">
        <p className="private-note">Scored at the end of the game. Other teams do not see them while the game runs.</p>
        {objectives.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <ul className="objectives">
            {objectives.map((o) => (
              <li key={o.id}>
                {o.text} <span className="muted">({plural(o.points, "point")})</span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Public briefings" id="public-title">
        <p className="muted">{view.scenario.summary}</p>
        {view.seats.map((s) => (
          <details key={s.role} open={s.role === view.seat}>
            <summary>
              <SeatTag view={view} role={s.role} />
            </summary>
            <Paragraphs text={s.briefing} />
          </details>
        ))}
      </Section>
    </>
  );
}
