/** A bot in a seat: the White Cell's choice of doctrine per seat ("Put a bot in this seat" /
 * "Take the bot out"), and the notes that say a seat is played by a bot. */

import { useId, useState } from "react";
import type { Send } from "../server/commands.gen";
import type { Actor, SeatInfo } from "../server/types";
import { ErrorNote, useAction } from "../ui/actions";
import "./bots.css";

function doctrineName(seat: SeatInfo, id: string): string {
  return seat.doctrines?.find((d) => d.id === id)?.name ?? id;
}

/** The control console's cell for one seat: who plays it, and the bot controls. */
export function SeatBotCell({ seat, send }: { seat: SeatInfo; send: Send }) {
  const doctrines = seat.doctrines ?? [];
  const [choice, setChoice] = useState(seat.bot ?? doctrines[0]?.id ?? "");
  const action = useAction();
  const id = useId();
  if (doctrines.length === 0 && !seat.bot) return <span className="muted">no doctrines</span>;
  return (
    <div className="seat-bot" data-testid={`seat-bot-${seat.role}`}>
      {seat.bot ? (
        <p>
          <strong className="bot-tag">Bot</strong> playing {doctrineName(seat, seat.bot)}
        </p>
      ) : (
        <p className="muted">the team</p>
      )}
      {doctrines.length > 0 && !seat.bot && (
        <>
          <label htmlFor={id}>Doctrine</label>
          <select id={id} value={choice} onChange={(e) => setChoice(e.target.value)}>
            {doctrines.map((d) => (
              <option key={d.id} value={d.id} title={d.summary}>
                {d.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={action.busy || !choice}
            onClick={() => void action.run(() => send({ type: "assign_bot", seat: seat.role, doctrine: choice }))}
          >
            Put a bot in this seat
          </button>
        </>
      )}
      {seat.bot && (
        <button type="button" disabled={action.busy} onClick={() => void action.run(() => send({ type: "remove_bot", seat: seat.role }))}>
          Take the bot out
        </button>
      )}
      <ErrorNote error={action.error} />
    </div>
  );
}

/** The team console's note when a bot plays its seat. */
export function BotPlaysSeat({ seat }: { seat: SeatInfo }) {
  if (!seat.bot) return null;
  return (
    <p className="bot-note" role="status" data-testid="bot-plays-seat">
      A bot plays this seat ({doctrineName(seat, seat.bot)}): it sends the team's orders and arguments until the White Cell takes it out.
    </p>
  );
}

/** The mark a timeline entry carries when a bot acted. */
export function BotMark({ actor }: { actor: Actor }) {
  return actor.bot ? <span className="bot-tag" data-testid="bot-actor"> (bot)</span> : null;
}
