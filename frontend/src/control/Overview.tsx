/** The overview tab: notes and timing, every seat at the table with its lock and moves, new
 * links, what is pending, a state of the world, analysts' notes, the map and the indicators. */

import { useId, useState } from "react";
import { ClockPanel } from "./ClockPanel";
import { plenaryLink } from "../route";
import type { Send } from "../server/commands.gen";
import type { Presence, SeatLink, View } from "../server/types";
import { ConfirmButton, ErrorNote, useAction } from "../ui/actions";
import { clockTime, moveTitle, phaseLabel, seatName, seatNames } from "../ui/format";
import { IndicatorList } from "../ui/indicators";
import { Section } from "../ui/layout";
import { RegionMap } from "../ui/map/RegionMap";
import { SeatTag } from "../ui/seats";
import { CopyField, QrCode } from "../ui/sharing";
import { SeatBotCell } from "../bots/SeatBot";
import { Facilitation } from "./RunSheet";

/** Who is at each seat's browsers now (from the server's presence frames). */
export function PresenceCell({ presence, role }: { presence: Presence | null; role: string }) {
  if (!presence) return <span className="muted">…</span>;
  const entry = presence.roles[role];
  if (!entry || entry.connected === 0) return <span className="muted">nobody</span>;
  const names = entry.names.filter(Boolean);
  return (
    <span data-testid={`presence-${role}`}>
      <strong>{entry.connected}</strong> {entry.connected === 1 ? "browser" : "browsers"}
      {names.length > 0 ? `: ${names.join(", ")}` : ""}
    </span>
  );
}

export function SeatLinkRow({ gameId, role, view, api }: { gameId: string; role: string; view: View; api: { newSeatToken: (id: string, role: string) => Promise<SeatLink> } }) {
  const [link, setLink] = useState<SeatLink | null>(null);
  const action = useAction();
  const url = link ? (role === "observer" ? plenaryLink(link.join_url) : link.join_url) : "";
  return (
    <div className="seat-link">
      <ConfirmButton
        confirmText={`New link for ${seatName(view, role)}: the old one stops working`}
        onConfirm={() =>
          void action.run(async () => {
            setLink(await api.newSeatToken(gameId, role));
          })
        }
      >
        New link…
      </ConfirmButton>
      <ErrorNote error={action.error} />
      {link && (
        <div className="new-link">
          <QrCode text={url} label={`QR code of the new link for ${seatName(view, role)}`} size={120} />
          <CopyField label={`New link for ${seatName(view, role)} (shown once)`} value={url} testId={`new-link-${role}`} />
        </div>
      )}
    </div>
  );
}

export function Overview({ view, send, gameId, api, presence }: { view: View; send: Send; gameId: string; api: { newSeatToken: (id: string, role: string) => Promise<SeatLink> }; presence: Presence | null }) {
  const game = view.game;
  const narrative = useAction();
  const note = useAction();
  const [text, setText] = useState("");
  const [noteText, setNoteText] = useState("");
  const ids = { narrative: useId(), note: useId() };
  const pending = view.pending;
  return (
    <div className="overview">
      <div className="overview-main">
      <Facilitation view={view} />
      <Section title="Seats" id="seats-title">
        <div className="table-wrap">
          <table className="seats-table" data-testid="seats">
            <thead>
              <tr>
                <th scope="col">Seat</th>
                <th scope="col">At the table</th>
                <th scope="col">Orders</th>
                <th scope="col">Moves this turn</th>
                <th scope="col">Join link</th>
                <th scope="col">Played by</th>
              </tr>
            </thead>
            <tbody>
              {view.seats.map((seat) => {
                const moves = view.moves.filter((m) => m.seat === seat.role && m.turn === game.turn && m.status !== "withdrawn");
                return (
                  <tr key={seat.role} data-seat={seat.role}>
                    <th scope="row">
                      <SeatTag view={view} role={seat.role} />
                    </th>
                    <td>
                      <PresenceCell presence={presence} role={seat.role} />
                    </td>
                    <td>{game.status !== "running" ? "—" : seat.locked ? <strong className="locked-note">locked</strong> : "open"}</td>
                    <td>
                      {moves.length === 0
                        ? "none"
                        : moves.map((m) => `${moveTitle(m)} (${m.visibility}, ${m.status === "submitted" ? "sealed" : m.outcome ?? "announced"})`).join("; ")}
                    </td>
                    <td>
                      <SeatLinkRow gameId={gameId} role={seat.role} view={view} api={api} />
                    </td>
                    <td>
                      <SeatBotCell seat={seat} send={send} />
                    </td>
                  </tr>
                );
              })}
              <tr data-seat="observer">
                <th scope="row">
                  <SeatTag view={view} role="observer" />
                </th>
                <td>
                  <PresenceCell presence={presence} role="observer" />
                </td>
                <td>—</td>
                <td>—</td>
                <td>
                  <SeatLinkRow gameId={gameId} role="observer" view={view} api={api} />
                </td>
                <td>—</td>
              </tr>
            </tbody>
          </table>
        </div>
        {pending && game.status === "running" && (
          <p className="muted">
            {pending.unlocked.length ? `Not locked: ${seatNames(view, pending.unlocked)}. ` : "Every seat has locked. "}
            {pending.unadjudicated.length ? `Awaiting adjudication: ${pending.unadjudicated.length} ${pending.unadjudicated.length === 1 ? "move" : "moves"}.` : ""}
          </p>
        )}
      </Section>
      <ClockPanel view={view} send={send} />
      <Section title="State of the world" id="narrative-form-title">
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (!text.trim()) return;
            if (await narrative.run(() => send({ type: "publish_narrative", text: text.trim() }))) setText("");
          }}
        >
          <div className="field">
            <label htmlFor={ids.narrative}>Publish a narrative for turn {game.turn || 1} (everyone sees it)</label>
            <textarea id={ids.narrative} rows={3} value={text} onChange={(e) => setText(e.target.value)} maxLength={4000} />
          </div>
          <ErrorNote error={narrative.error} />
          <button type="submit" disabled={narrative.busy || !text.trim() || game.status !== "running"}>
            Publish
          </button>
        </form>
      </Section>
      <Section title="Analyst notes" id="notes-title">
        {view.notes.length === 0 ? (
          <p className="muted">No notes yet.</p>
        ) : (
          <ul className="notes">
            {[...view.notes].reverse().map((n) => (
              <li key={n.id}>
                <span className="muted">
                  {seatName(view, n.role)}
                  {n.author ? ` (${n.author})` : ""} · T{n.turn} {phaseLabel(n.phase)} · {clockTime(n.at)}
                </span>{" "}
                {n.text}
              </li>
            ))}
          </ul>
        )}
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (!noteText.trim()) return;
            if (await note.run(() => send({ type: "add_note", text: noteText.trim() }))) setNoteText("");
          }}
        >
          <div className="field">
            <label htmlFor={ids.note}>Add a note (White Cell only)</label>
            <textarea id={ids.note} rows={2} value={noteText} onChange={(e) => setNoteText(e.target.value)} maxLength={4000} />
          </div>
          <ErrorNote error={note.error} />
          <button type="submit" disabled={note.busy || !noteText.trim()}>
            Add note
          </button>
        </form>
      </Section>
      </div>
      <div className="overview-side">
        <Section title="Map" id="control-map">
          <RegionMap view={view} />
        </Section>
        <Section title="Indicators" id="control-indicators">
          <IndicatorList view={view} compact />
        </Section>
      </div>
    </div>
  );
}
