import { memo, useMemo } from "react";
import { plainIds } from "../server/errors";
import type { View } from "../server/types";
import { BotMark } from "../bots/SeatBot";
import { clockTime, phaseLabel, seatName } from "./format";

/** The role's timeline, newest first, the newest ``limit`` entries when given. Rows are
 *  memoised: a change frame keeps unchanged entries (and the moves and seats) as they were, so
 *  a new entry renders one row, not the whole timeline. */
export function TimelineList({ view, limit }: { view: View; limit?: number }) {
  const items = useMemo(() => {
    const newestFirst = [...view.timeline].reverse();
    return limit ? newestFirst.slice(0, limit) : newestFirst;
  }, [view.timeline, limit]);
  if (items.length === 0) return <p className="muted">Nothing has happened yet.</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {items.map((entry) => (
        <TimelineRow key={entry.seq} entry={entry} moves={view.moves} seats={view.seats} />
      ))}
    </ol>
  );
}

const TimelineRow = memo(function TimelineRow({
  entry,
  moves,
  seats,
}: {
  entry: View["timeline"][number];
  moves: View["moves"];
  seats: View["seats"];
}) {
  return (
    <li className={`timeline-entry type-${entry.type}`}>
      <span className="timeline-when">
        {entry.turn ? `T${entry.turn}` : "—"} {entry.phase ? phaseLabel(entry.phase) : ""}
        <span className="timeline-time"> {clockTime(entry.at)}</span>
      </span>
      <span className="timeline-text">{plainIds(entry.text, moves, (seat) => seatName({ seats }, seat))}</span>
      {entry.actor.name && entry.actor.role !== "control" && <span className="timeline-actor"> — {entry.actor.name}</span>}
      <BotMark actor={entry.actor} />
    </li>
  );
});
