/** Pieces of the game pages shared by the team console, the White Cell and the plenary screen. */

import { memo, useEffect, useId, useMemo, useState, type ReactNode } from "react";
import { ConfirmButton, ErrorNote, SeatTag, useAction } from "./components";
import { audienceText, clockTime, moveTitle, phaseLabel, roomKey as roomKeyOf, rooms, roomTitle, seatName, seatNames, signed, statusText } from "./format";
import { moveLabel } from "./format";
import type { Adjudication, Detection, Move, Proposal, View } from "./types";
import type { Send } from "./commands.gen";

export function Paragraphs({ text }: { text: string }) {
  const parts = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <>
      {parts.map((p, i) => (
        <p key={i}>{p}</p>
      ))}
    </>
  );
}

export function OutcomeTag({ outcome }: { outcome: string | null | undefined }) {
  if (!outcome) return <span className="tag tag-pending">pending</span>;
  return <span className={`tag tag-${outcome}`}>{outcome === "success" ? "success" : "failure"}</span>;
}

export function adjudicationOf(view: View, move: Move): Adjudication | undefined {
  if (!move.adjudication_id) return undefined;
  return view.adjudications.find((a) => a.id === move.adjudication_id);
}

/** After the end: open the whole record to every role (the replay's other chairs, full reports). */
export function OpenRecordButton({ open, onOpen, className }: { open: boolean; onOpen: () => Promise<unknown>; className?: string }) {
  const action = useAction();
  if (open) return <span className="muted small">Record open to everyone</span>;
  return (
    <span className="open-record">
      <ConfirmButton
        className={className}
        confirmText="Open it: every role sees everything"
        disabled={action.busy}
        onConfirm={() =>
          void action.run(async () => {
            try {
              await onOpen();
            } catch (error) {
              if ((error as { code?: string }).code !== "already_open") throw error; // opened meanwhile
            }
          })
        }
      >
        Open the record to everyone…
      </ConfirmButton>
      <ErrorNote error={action.error} />
    </span>
  );
}

/** The engine's proposed probability, term by term (the first is the base), and the one set. */
export function ProposalTerms({ proposal }: { proposal: Proposal }) {
  return (
    <table className="terms">
      <tbody>
        {proposal.terms.map((term, i) => (
          <tr key={i}>
            <td>{term.label}</td>
            <td className="num">{i === 0 ? term.points : signed(term.points)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Proposed</th>
          <td className="num">
            <strong data-testid="proposed">{proposal.proposed}%</strong>
          </td>
        </tr>
        {proposal.probability !== proposal.proposed && (
          <tr>
            <th scope="row">Set by the White Cell{proposal.reason ? ` (${proposal.reason})` : ""}</th>
            <td className="num">
              <strong>{proposal.probability}%</strong>
            </td>
          </tr>
        )}
      </tfoot>
    </table>
  );
}

/** The detection rolls of secret moves: who could have seen them, the chance, the draw. */
export function DetectionTable({ view, rows, withMove = false, testId, small = false }: { view: View; rows: Detection[]; withMove?: boolean; testId: string; small?: boolean }) {
  if (rows.length === 0) return null;
  return (
    <table className={small ? "detection small" : "detection"} data-testid={testId}>
      <caption>Detection rolls</caption>
      <thead>
        <tr>
          {withMove && <th scope="col">Move</th>}
          <th scope="col">Seat</th>
          <th scope="col" className="num">
            Chance
          </th>
          <th scope="col" className="num">
            Draw
          </th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d, i) => (
          <tr key={i}>
            {withMove && <td>{d.move_id}</td>}
            <td>{seatName(view, d.seat)}</td>
            <td className="num">{d.chance}%</td>
            <td className="num">{d.draw}</td>
            <td>{d.detected ? <strong>detected</strong> : "not detected"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What happened at one adjudication: probability, the draws, the outcome and the narrative. */
export function AdjudicationSummary({ view, adjudication, moveId }: { view: View; adjudication: Adjudication; moveId?: string }) {
  const entries = moveId ? adjudication.entries.filter((e) => e.move_id === moveId) : adjudication.entries;
  return (
    <div className={`adjudication${adjudication.voided ? " voided" : ""}`} data-testid={`adjudication-${adjudication.id}`}>
      {entries.map((entry) => (
        <p key={entry.move_id} className="adjudication-line">
          {adjudication.method === "roll" ? (
            <>
              Chance {entry.probability}%, {adjudication.opposed ? "opposed roll" : "roll"}{" "}
              {entry.draws.join(", ")}
              {" → "}
            </>
          ) : (
            <>Decided by the White Cell{entry.probability != null ? ` (chance was ${entry.probability}%)` : ""} → </>
          )}
          <OutcomeTag outcome={entry.outcome} />
          {entry.proposed !== undefined && entry.proposed !== entry.probability && (
            <span className="muted">
              {" "}
              (proposed {entry.proposed}%{entry.override_reason ? `; ${entry.override_reason}` : ""})
            </span>
          )}
        </p>
      ))}
      {adjudication.narrative && <p className="narrative">{adjudication.narrative}</p>}
      {(adjudication.narrative_history?.length ?? 0) > 1 && (
        <details className="narrative-history small" data-testid="narrative-history">
          <summary>Narrative amended: every version</summary>
          <ol>
            {adjudication.narrative_history!.map((h, i) => (
              <li key={i}>
                {h.text || <em>(no narrative)</em>} <span className="muted">({h.by ?? "White Cell"})</span>
              </li>
            ))}
          </ol>
        </details>
      )}
      {adjudication.reason && adjudication.method === "decide" && <p className="muted">Reason: {adjudication.reason}</p>}
      {adjudication.changes.length > 0 && (
        <p className="changes">
          {adjudication.changes
            .map((c) => `${view.indicators.find((i) => i.id === c.indicator)?.name ?? c.indicator} ${c.before} → ${c.after}`)
            .join("; ")}
        </p>
      )}
      {adjudication.voided && (
        <p className="void-note">Voided by the White Cell: {adjudication.void_reason}</p>
      )}
    </div>
  );
}

/** One move as the current role may see it. */
export function MoveCard({
  view,
  move,
  children,
}: {
  view: View;
  move: Move;
  children?: ReactNode;
}) {
  const stub = move.action === undefined;
  const adjudication = adjudicationOf(view, move);
  return (
    <article className={`move move-${move.status}${stub ? " move-stub" : ""}`} data-move-id={move.id} data-testid={`move-${move.id}`}>
      <header className="move-head">
        <SeatTag view={view} role={move.seat} />
        <span className="move-id">{moveLabel(move)}</span>
        {move.visibility === "secret" && <span className="tag tag-secret">{move.revealed ? "secret, revealed" : "secret"}</span>}
        <span className="move-status">{statusText(move)}</span>
        {!stub && move.outcome && <OutcomeTag outcome={move.outcome} />}
      </header>
      {stub ? (
        <p className="muted">
          {seatName(view, move.seat)} made a secret move. Its content is sealed: it can be checked in the replay once revealed.
          {move.detected && <strong className="detected-note"> Your intelligence has detected it: see Intelligence.</strong>}
        </p>
      ) : (
        <>
          <h3 className="move-title">{moveTitle(move)}</h3>
          {move.action !== "free" && move.action_name && <p className="move-kind">Catalog action</p>}
          {move.action === "free" && <p className="move-kind">Free argument</p>}
          {move.targets && move.targets.length > 0 && (
            <p className="move-targets">
              Target{move.targets.length > 1 ? "s" : ""}: {seatNames(view, move.targets)}
            </p>
          )}
          {move.argument && (
            <dl className="argument">
              <dt>Intended result</dt>
              <dd>{move.argument.result}</dd>
              {move.argument.reasons.length > 0 && (
                <>
                  <dt>Reasons</dt>
                  <dd>
                    <ol>
                      {move.argument.reasons.map((r, i) => (
                        <li key={i}>{r}</li>
                      ))}
                    </ol>
                  </dd>
                </>
              )}
            </dl>
          )}
          {move.rationale !== undefined && (
            <div className="rationale">
              <span className="rationale-label">Rationale</span> {move.rationale}
            </div>
          )}
          {move.arguments && move.arguments.length > 0 && (
            <ul className="arguments" aria-label="Arguments from other seats">
              {move.arguments.map((a) => (
                <li key={a.id} className={`argument-${a.stance}`}>
                  <span className={`tag tag-${a.stance}`}>{a.stance}</span> <SeatTag view={view} role={a.seat} /> {a.text}
                  {a.strong && <span className="tag tag-strong">strong</span>}
                </li>
              ))}
            </ul>
          )}
          {adjudication && <AdjudicationSummary view={view} adjudication={adjudication} moveId={move.id} />}
          {move.commitment && move.revealed && <p className="muted small">Revealed: the replay checks it against the seal published when the orders closed.</p>}
        </>
      )}
      {children}
    </article>
  );
}

export function Narratives({ view, turn }: { view: View; turn?: number }) {
  const list = [...view.narratives].filter((n) => turn === undefined || n.turn === turn).reverse();
  if (list.length === 0) return <p className="muted">No state of the world has been published for this turn yet.</p>;
  return (
    <>
      {list.map((n) => (
        <div key={n.seq} className="narrative-block">
          <p className="narrative-meta">
            Turn {n.turn}
            {view.game.turn_labels[n.turn - 1] ? ` · ${view.game.turn_labels[n.turn - 1]}` : ""}
          </p>
          <Paragraphs text={n.text} />
        </div>
      ))}
    </>
  );
}

export function InjectList({ view, showAudience = false }: { view: View; showAudience?: boolean }) {
  const list = [...view.injects].reverse();
  if (list.length === 0) return <p className="muted">No injects yet.</p>;
  return (
    <ul className="injects">
      {list.map((inject) => (
        <li key={inject.id + inject.seq} className="inject" data-inject={inject.id}>
          <p className="inject-meta">
            Turn {inject.turn} · {inject.scripted ? "scripted" : "ad hoc"}
            {showAudience || inject.audience !== "all" ? ` · to ${audienceText(view, inject.audience)}` : ""}
          </p>
          {inject.title && <h3>{inject.title}</h3>}
          <p>{inject.text}</p>
        </li>
      ))}
    </ul>
  );
}

export function ScoreTable({ view }: { view: View }) {
  if (!view.scores) return null;
  return (
    <div className="scores" data-testid="scores">
      {Object.entries(view.scores).map(([seat, score]) => (
        <div key={seat} className="score">
          <h3>
            <SeatTag view={view} role={seat} /> {score.points} of {score.max} points
          </h3>
          <ul>
            {score.objectives.map((o) => (
              <li key={o.id} className={o.met ? "met" : "unmet"}>
                <span aria-hidden="true">{o.met ? "✔" : "✘"}</span> {o.text}{" "}
                <span className="visually-hidden">{o.met ? "met" : "not met"}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

// ---- messages --------------------------------------------------------------------------------

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
}: {
  view: View;
  me: string;
  send: Send;
  lastSeen?: number;
  onSeen?: (seq: number) => void;
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
          <textarea id={textId} rows={3} value={text} onChange={(e) => setText(e.target.value)} maxLength={4000} disabled={!!closedReason} />
          {closedReason && <p className="hint">{closedReason}</p>}
          {!closedReason && !composing && room && to.length === 0 && (
            <p className="hint">Messages from the White Cell cannot be answered here; start a new conversation instead.</p>
          )}
          <ErrorNote error={action.error} />
          <button type="submit" className="primary" disabled={action.busy || !!closedReason || !text.trim() || to.length === 0}>
            {action.busy ? "Sending…" : "Send"}
          </button>
        </form>
      </div>
    </div>
  );
}
