/** Conversations grouped into rooms, with a way to start or continue one. */

import { memo, useEffect, useId, useMemo, useState } from "react";
import type { Send } from "../server/commands.gen";
import type { View } from "../server/types";
import { ErrorNote, useAction } from "./actions";
import { clockTime, phaseLabel, roomKey as roomKeyOf, rooms, roomTitle, seatName, seatNames } from "./format";
import { SeatTag } from "./seats";

/** One message: memoised, so that a new message renders its own row only (a change frame keeps
 *  the others, and the seats, as they were). */
const MessageRow = memo(function MessageRow({
  message: m,
  mine,
  seats,
}: {
  message: View["messages"][number];
  mine: boolean;
  seats: View["seats"];
}) {
  return (
    <li className={mine ? "message mine" : "message"} data-message={m.id}>
      <p className="message-meta">
        <strong>{seatName({ seats }, m.from)}</strong>
        {m.author ? ` (${m.author})` : ""} · T{m.turn} {phaseLabel(m.phase)} · {clockTime(m.at)}
      </p>
      <p className="message-text">{m.text}</p>
    </li>
  );
});

/** Conversations grouped into rooms, and a way to start or continue one. */
export function Messages({
  view,
  me,
  send,
  lastSeen,
  onSeen,
  onDrafted,
}: {
  view: View;
  me: string;
  send: Send;
  lastSeen?: number;
  onSeen?: (seq: number) => void;
  /** Given: a team's message may also be saved as a draft for its teammates (any phase). */
  onDrafted?: () => void;
}) {
  const list = useMemo(() => rooms(view.messages), [view.messages]);
  const [roomKey, setRoomKey] = useState<string | null>(list[0]?.key ?? null);
  const [composing, setComposing] = useState(list.length === 0);
  const [recipients, setRecipients] = useState<string[]>([]);
  const [text, setText] = useState("");
  const action = useAction();
  const textId = useId();
  const others = view.seats.map((s) => s.role).filter((r) => r !== me);
  const room = composing ? null : list.find((r) => r.key === roomKey) ?? list[0] ?? null;
  const newest = view.messages.reduce((m, x) => Math.max(m, x.seq), 0);

  useEffect(() => {
    if (onSeen && newest > (lastSeen ?? 0)) onSeen(newest);
  }, [newest, lastSeen, onSeen]);

  const closedReason = !view.game.messaging_open
    ? view.game.status === "running"
      ? `Messaging is closed in the ${phaseLabel(view.game.phase)} phase.`
      : view.game.status === "setup"
        ? "Messaging opens when the game starts."
        : "The game is over."
    : null;

  const draftable = !!onDrafted && view.game.status !== "ended";
  const to = composing ? recipients : room ? room.members.filter((m) => m !== me && m !== "control") : [];

  return (
    <div className="messages" data-testid="messages">
      <nav className="rooms" aria-label="Conversations">
        <button type="button" className={composing ? "room current" : "room"} onClick={() => setComposing(true)} aria-pressed={composing}>
          + New conversation
        </button>
        {list.map((r) => {
          const unread = r.messages.filter((m) => m.seq > (lastSeen ?? Infinity) && m.from !== me).length;
          return (
            <button
              key={r.key}
              type="button"
              className={!composing && room?.key === r.key ? "room current" : "room"}
              aria-pressed={!composing && room?.key === r.key}
              onClick={() => {
                setComposing(false);
                setRoomKey(r.key);
              }}
            >
              {roomTitle(view, r, me)}
              <span className="room-count">{r.messages.length}</span>
              {unread > 0 && <span className="badge">{unread} new</span>}
            </button>
          );
        })}
      </nav>
      <div className="thread">
        {composing && list.length === 0 && <p className="muted">No messages yet.</p>}
        {composing ? (
          <fieldset className="recipients">
            <legend>Send to</legend>
            {others.map((role) => (
              <label key={role} className="check">
                <input
                  type="checkbox"
                  checked={recipients.includes(role)}
                  onChange={(e) =>
                    setRecipients((current) => (e.target.checked ? [...current, role] : current.filter((r) => r !== role)))
                  }
                />
                {seatName(view, role)}
              </label>
            ))}
            <p className="hint">Only the seats you choose (and the White Cell) will see the conversation.</p>
          </fieldset>
        ) : room ? (
          <>
            <h3 className="thread-title">
              {room.members.map((m) => (
                <SeatTag key={m} view={view} role={m} />
              ))}
            </h3>
            <ol className="thread-messages" aria-live="polite">
              {room.messages.map((m) => (
                <MessageRow key={m.id} message={m} mine={m.from === me} seats={view.seats} />
              ))}
            </ol>
          </>
        ) : (
          <p className="muted">No messages yet.</p>
        )}
        <form
          className="compose"
          onSubmit={async (event) => {
            event.preventDefault();
            if (!text.trim() || to.length === 0) return;
            const done = await action.run(() => send({ type: "send_message", to, text: text.trim() }));
            if (done) {
              setText("");
              if (composing) {
                setComposing(false);
                setRoomKey(roomKeyOf({ from: me, to }));
                setRecipients([]);
              }
            }
          }}
        >
          <label htmlFor={textId}>
            {to.length ? `Message to ${seatNames(view, to)}` : "Message"}
          </label>
          <textarea id={textId} rows={3} value={text} onChange={(e) => setText(e.target.value)} maxLength={4000} disabled={!!closedReason && !draftable} />
          {closedReason && <p className="hint">{closedReason}</p>}
          {!closedReason && !composing && room && to.length === 0 && (
            <p className="hint">Messages from the White Cell cannot be answered here; start a new conversation instead.</p>
          )}
          <ErrorNote error={action.error} />
          <button type="submit" className="primary" disabled={action.busy || !!closedReason || !text.trim() || to.length === 0}>
            {action.busy ? "Sending…" : "Send"}
          </button>
          {draftable && (
            <button
              type="button"
              disabled={action.busy || !text.trim() || to.length === 0}
              onClick={async () => {
                const done = await action.run(() => send({ type: "draft_message", to, text: text.trim() }));
                if (done) {
                  setText("");
                  onDrafted?.();
                }
              }}
            >
              Save as draft
            </button>
          )}
        </form>
      </div>
    </div>
  );
}
