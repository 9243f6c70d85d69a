/** The White Cell console: runs the clock, adjudicates, injects, adjusts, reveals. */

import { useEffect, useId, useMemo, useRef, useState } from "react";
import { type Reveal, SHOW_ALL, startStepping, stepOne, useReveal, visibleCount } from "../plenary/reveal";
import { links, plenaryLink } from "../route";
import { beep, clockState, deadlineOf, ON_EXPIRY_TEXT, serverClock, useServerNow } from "../server/clock";
import type { AdjustIndicatorCommand, IssueInjectCommand, Send } from "../server/commands.gen";
import { plainIds } from "../server/errors";
import { storedName, useGame } from "../server/live";
import type { Effect, Move, OnExpiry, Presence, SeatLink, View } from "../server/types";
import { GameBar } from "../ui/GameBar";
import { Messages } from "../ui/Messages";
import { OpenRecordButton } from "../ui/OpenRecordButton";
import { SiteBar } from "../ui/SiteBar";
import { TimelineList } from "../ui/TimelineList";
import { ConfirmButton, ErrorNote, useAction } from "../ui/actions";
import { InjectList } from "../ui/briefing";
import { clockTime, deadlineIn, moveLabel, moveTitle, phaseLabel, seatName, seatNames, statusText } from "../ui/format";
import { IndicatorList } from "../ui/indicators";
import { Loading, Problem, Section, TabPanel, Tabs, type TabSpec } from "../ui/layout";
import { RegionMap } from "../ui/map/RegionMap";
import { OutcomeTag } from "../ui/moves";
import { SeatTag } from "../ui/seats";
import { CopyField, QrCode } from "../ui/sharing";
import { adjudicable, AdjudicationPanel, EffectsEditor, nextOpen, openMoves } from "./Adjudication";
import { Facilitation, RunSheet } from "./RunSheet";

function Lifecycle({ view, send, gameId }: { view: View; send: Send; gameId: string }) {
  const game = view.game;
  const advance = useAction();
  const pause = useAction();
  const deadline = useAction();
  const end = useAction();
  const [minutes, setMinutes] = useState("15");
  const [onExpiry, setOnExpiry] = useState<OnExpiry>("alert");
  const current = deadlineOf(game);
  const [pauseReason, setPauseReason] = useState("");
  const ids = { minutes: useId(), pause: useId(), expiry: useId() };
  const upcoming = view.pending?.next_phase ?? null;
  const next = upcoming && (upcoming.turn === game.turn ? phaseLabel(upcoming.phase) : `turn ${upcoming.turn}: ${phaseLabel(upcoming.phase)}`);
  const forceable = advance.code === "orders_open" || advance.code === "moves_pending";

  if (game.status === "setup") {
    return (
      <div className="lifecycle">
        <button type="button" className="primary" onClick={() => void advance.run(() => send({ type: "start_game" }))} disabled={advance.busy}>
          Start the game
        </button>
        <ErrorNote error={advance.error} />
      </div>
    );
  }
  if (game.status === "ended") {
    return (
      <div className="lifecycle">
        <p className="muted">
          The game has ended. <a href={links.replay(gameId)}>Replay</a> ·{" "}
          <a href={`/api/games/${encodeURIComponent(gameId)}/report/`} target="_blank" rel="noreferrer">
            After-action report
          </a>
        </p>
        <OpenRecordButton open={game.record_open} onOpen={() => send({ type: "open_record" })} />
      </div>
    );
  }
  return (
    <div className="lifecycle">
      <div className="control-group">
        {next ? (
          <button type="button" className="primary" onClick={() => void advance.run(() => send({ type: "advance_phase" }))} disabled={advance.busy}>
            Advance to {next}
          </button>
        ) : (
          <span className="muted">Last phase of the last turn.</span>
        )}
        {forceable && (
          <ConfirmButton confirmText={advance.code === "orders_open" ? "Close the orders anyway" : "Move on anyway"} onConfirm={() => void advance.run(() => send({ type: "advance_phase", force: true }))}>
            Force…
          </ConfirmButton>
        )}
        <ConfirmButton className={next ? "" : "primary"} confirmText="End the game now" onConfirm={() => void end.run(() => send({ type: "end_game" }))}>
          End game…
        </ConfirmButton>
      </div>
      <div className="control-group">
        {game.paused ? (
          <button type="button" onClick={() => void pause.run(() => send({ type: "resume" }))} disabled={pause.busy}>
            Resume
          </button>
        ) : (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void pause.run(() => send({ type: "pause", reason: pauseReason.trim() }));
              setPauseReason("");
            }}
          >
            <label htmlFor={ids.pause} className="visually-hidden">
              Reason to pause
            </label>
            <input id={ids.pause} placeholder="Reason to pause (optional)" value={pauseReason} onChange={(e) => setPauseReason(e.target.value)} maxLength={500} />
            <button type="submit" disabled={pause.busy}>
              Pause
            </button>
          </form>
        )}
      </div>
      <form
        className="control-group deadline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const m = Number(minutes);
          if (!(m > 0)) return;
          const expiry = onExpiry === "lock_orders" && game.phase !== "orders" ? "alert" : onExpiry;
          void deadline.run(() => send({ type: "set_deadline", deadline: deadlineIn(m, new Date(serverClock.now())), on_expiry: expiry }));
        }}
      >
        <div className="inline-form">
          <label htmlFor={ids.minutes}>Deadline for this phase in</label>
          <input id={ids.minutes} type="number" min={0.1} step="any" max={10080} className="narrow" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
          <span>min</span>
        </div>
        <div className="inline-form">
          <label htmlFor={ids.expiry}>When time is up</label>
          <select id={ids.expiry} value={onExpiry} onChange={(e) => setOnExpiry(e.target.value as OnExpiry)}>
            {(["alert", "lock_orders", "advance"] as OnExpiry[]).map((choice) => (
              <option key={choice} value={choice} disabled={choice === "lock_orders" && game.phase !== "orders"}>
                {ON_EXPIRY_TEXT[choice]}
                {choice === "lock_orders" && game.phase !== "orders" ? " (orders phase only)" : ""}
              </option>
            ))}
          </select>
        </div>
        <div className="button-row">
          <button type="submit" disabled={deadline.busy}>
            {current ? "Set a new deadline" : "Set the deadline"}
          </button>
          {current && (
            <button type="button" className="quiet" onClick={() => void deadline.run(() => send({ type: "set_deadline", deadline: null }))}>
              Clear the deadline
            </button>
          )}
        </div>
        {current && <p className="hint">Now: {ON_EXPIRY_TEXT[current.on_expiry] ?? current.on_expiry} when time is up{game.paused ? "; the clock is stopped while the game is paused" : ""}.</p>}
      </form>
      <ErrorNote error={advance.error ?? end.error ?? pause.error ?? deadline.error} />
    </div>
  );
}

/**
 * At expiry the White Cell sees a banner and hears a beep, once per deadline. What the server
 * did (locked the orders, moved on) follows in the record; the banner says what was chosen.
 */
function DeadlineAlert({ view }: { view: View }) {
  const game = view.game;
  const now = useServerNow();
  const deadline = deadlineOf(game);
  const state = clockState(deadline, now, game.paused);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const beeped = useRef<string | null>(null);
  const expired = deadline && state.kind === "expired" && game.status === "running";
  useEffect(() => {
    if (expired && deadline && beeped.current !== deadline.id) {
      beeped.current = deadline.id;
      beep();
      const root = document.documentElement;
      root.dataset.alerts = String(Number(root.dataset.alerts ?? "0") + 1);
    }
  }, [expired, deadline]);
  if (!expired || !deadline || dismissed === deadline.id) return null;
  const did =
    deadline.on_expiry === "lock_orders"
      ? "The orders of every team that had not locked are being locked."
      : deadline.on_expiry === "advance"
        ? "The game is moving on to the next phase."
        : "Nothing happens by itself: decide what to do.";
  return (
    <div className="deadline-alert" role="alert" data-testid="deadline-alert">
      <strong>Time is up for the {phaseLabel(game.phase)} phase.</strong> {did}
      <button type="button" onClick={() => setDismissed(deadline.id)}>
        Dismiss
      </button>
    </div>
  );
}

/** Who is at each seat's browsers now (from the server's presence frames). */
function PresenceCell({ presence, role }: { presence: Presence | null; role: string }) {
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

function SeatLinkRow({ gameId, role, view, api }: { gameId: string; role: string; view: View; api: { newSeatToken: (id: string, role: string) => Promise<SeatLink> } }) {
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

function Overview({ view, send, gameId, api, presence }: { view: View; send: Send; gameId: string; api: { newSeatToken: (id: string, role: string) => Promise<SeatLink> }; presence: Presence | null }) {
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

/** The plenary screen's results: all as they come, or one at a time when the White Cell says. */
function PlenaryReveal({ view, reveal, setReveal }: { view: View; reveal: Reveal; setReveal: (next: Reveal) => void }) {
  const turn = view.game.turn;
  const known = view.adjudications.filter((a) => a.turn === turn && !a.voided).length;
  const shown = visibleCount(reveal, turn, known);
  return (
    <div className="plenary-reveal" data-testid="plenary-reveal">
      <p className="small">
        <strong>Plenary screen:</strong>{" "}
        {reveal.mode === "all" ? "shows each result as soon as it is known." : `shows ${shown} of ${known} results of this turn.`}
      </p>
      <div className="button-row">
        {reveal.mode === "all" ? (
          <button type="button" onClick={() => setReveal(startStepping(turn))}>
            Reveal one at a time
          </button>
        ) : (
          <>
            <button type="button" className="primary" onClick={() => setReveal(stepOne(reveal, turn, known))} disabled={shown >= known} data-testid="reveal-next">
              Show the next result
            </button>
            <button type="button" onClick={() => setReveal(SHOW_ALL)}>
              Show all
            </button>
          </>
        )}
      </div>
    </div>
  );
}

const SHORTCUTS: [string, string][] = [
  ["R", "roll the chosen move at the proposed odds"],
  ["N", "next move to adjudicate"],
  ["J / K", "next / previous move in the list"],
  ["E", "write the narrative of the chosen result"],
  ["A", "roll all remaining (asks to confirm)"],
  ["P", "plenary: show the next result (once \"Reveal one at a time\" is on)"],
];

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

function RollRemaining({ view, send, asking, setAsking }: { view: View; send: Send; asking: boolean; setAsking: (v: boolean) => void }) {
  const action = useAction();
  const remaining = view.pending?.rollable ?? [];
  if (remaining.length === 0) return null;
  return (
    <div className="roll-remaining">
      {asking ? (
        <span className="confirm">
          <button
            type="button"
            className="danger"
            autoFocus
            disabled={action.busy}
            data-testid="roll-remaining-confirm"
            onClick={() => {
              setAsking(false);
              void action.run(() => send({ type: "roll_remaining" }));
            }}
          >
            Roll {remaining.length} {remaining.length === 1 ? "move" : "moves"} now
          </button>
          <button type="button" className="quiet" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button type="button" onClick={() => setAsking(true)} disabled={action.busy} data-testid="roll-remaining">
          Roll all remaining at their proposed odds ({remaining.length})…
        </button>
      )}
      <ErrorNote error={action.error} />
    </div>
  );
}

function Adjudicate({ view, send, gameId }: { view: View; send: Send; gameId: string }) {
  const [showAll, setShowAll] = useState(false);
  const turnMoves = view.moves.filter((m) => (showAll || m.turn === view.game.turn) && (showAll || m.status !== "withdrawn"));
  const [selected, setSelected] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [reveal, setReveal] = useReveal(gameId);
  const detail = useRef<HTMLDivElement>(null);
  const keys = { roll: useRef<(() => void) | null>(null), narrative: useRef<(() => void) | null>(null) };
  const firstOpen = openMoves(view)[0];
  const current = view.moves.find((m) => m.id === selected) ?? firstOpen ?? turnMoves[0] ?? null;
  const next = nextOpen(view, current?.id ?? null);
  // Stay on the chosen move once it has its result: the narrative is written there.
  useEffect(() => {
    if (!selected && current) setSelected(current.id);
  }, [selected, current]);
  const opposedWith = (m: Move) => {
    const a = view.adjudications.find((x) => x.id === m.adjudication_id);
    return a?.opposed ? a.moves.filter((id) => id !== m.id) : [];
  };
  const pick = (id: string) => {
    setSelected(id);
    // On a narrow screen the panel sits below the list: bring it into view.
    if (window.innerWidth < 760) window.requestAnimationFrame(() => detail.current?.scrollIntoView({ block: "start" }));
  };
  const state = useRef({ current, next, turnMoves, reveal, view });
  state.current = { current, next, turnMoves, reveal, view };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      const { current, next, turnMoves, reveal, view } = state.current;
      const key = event.key.toLowerCase();
      const index = current ? turnMoves.findIndex((m) => m.id === current.id) : -1;
      if (key === "r" && keys.roll.current) keys.roll.current();
      else if (key === "n" && next) setSelected(next.id);
      else if (key === "j" && turnMoves.length) setSelected(turnMoves[Math.min(turnMoves.length - 1, index + 1)].id);
      else if (key === "k" && turnMoves.length) setSelected(turnMoves[Math.max(0, index - 1)].id);
      else if (key === "e" && keys.narrative.current) keys.narrative.current();
      else if (key === "a" && view.game.phase === "adjudication") setAsking(true);
      else if (key === "p" && reveal.mode === "step") {
        const known = view.adjudications.filter((a) => a.turn === view.game.turn && !a.voided).length;
        setReveal(stepOne(reveal, view.game.turn, known));
      } else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const adjudicating = view.game.status === "running" && (view.game.phase === "adjudication" || view.game.phase === "results");
  return (
    <div className="adjudicate-layout">
      <nav className="move-index" aria-label="Moves">
        <h2>Moves{showAll ? "" : ` of turn ${view.game.turn}`}</h2>
        {adjudicating && (
          <p className="small" data-testid="adjudication-count">
            {view.pending?.unadjudicated.length ? `${view.pending.unadjudicated.length} still to adjudicate.` : "Every move has a result."}
          </p>
        )}
        {adjudicating && view.game.phase === "adjudication" && <RollRemaining view={view} send={send} asking={asking} setAsking={setAsking} />}
        <label className="check small">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> Show every turn
        </label>
        {turnMoves.length === 0 && <p className="muted">No moves yet.</p>}
        <ul>
          {turnMoves.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                className={current?.id === m.id ? "move-pick current" : "move-pick"}
                aria-pressed={current?.id === m.id}
                onClick={() => pick(m.id)}
                data-testid={`pick-${m.id}`}
              >
                <span className="move-pick-title">
                  <SeatTag view={view} role={m.seat} /> {moveLabel(m)}
                  {m.visibility === "secret" && <span className="tag tag-secret">secret</span>}
                </span>
                <span className="move-pick-name">{moveTitle(m)}</span>
                <span className="move-pick-status">
                  {m.outcome ? <OutcomeTag outcome={m.outcome} /> : statusText(m)}
                  {m.proposal && !m.adjudication_id ? ` · ${m.proposal.probability}%` : ""}
                  {opposedWith(m).length > 0 && ` · opposed to ${opposedWith(m).map((id) => plainIds(id, view.moves, (seat) => seatName(view, seat))).join(", ")}`}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {adjudicating && <PlenaryReveal view={view} reveal={reveal} setReveal={setReveal} />}
        <details className="shortcuts" data-testid="shortcuts">
          <summary>Keyboard shortcuts</summary>
          <dl>
            {SHORTCUTS.map(([k, text]) => (
              <div key={k}>
                <dt>
                  <kbd>{k}</kbd>
                </dt>
                <dd>{text}</dd>
              </div>
            ))}
          </dl>
        </details>
      </nav>
      <div className="move-detail" ref={detail}>
        {adjudicating && (
          <div className="next-row">
            <button type="button" className={current && !adjudicable(view, current) && next ? "primary" : ""} onClick={() => next && pick(next.id)} disabled={!next || next.id === current?.id} data-testid="next-move">
              Next move to adjudicate{next && next.id !== current?.id ? `: ${seatName(view, next.seat)}, ${moveTitle(next)}` : ""}
            </button>
          </div>
        )}
        {current ? <AdjudicationPanel key={current.id} view={view} move={current} send={send} keys={keys} /> : <p className="muted">Select a move.</p>}
      </div>
    </div>
  );
}

function Injects({ view, send }: { view: View; send: Send }) {
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [everyone, setEveryone] = useState(true);
  const [audience, setAudience] = useState<string[]>([]);
  const [effects, setEffects] = useState<Effect[]>([]);
  const action = useAction();
  const ids = { title: useId(), text: useId() };
  const adhoc = (
      <Section title="Ad-hoc inject" id="adhoc-title">
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            const command: IssueInjectCommand = {
              type: "issue_inject",
              title: title.trim(),
              text: text.trim(),
              audience: everyone ? "all" : audience,
              effects,
            };
            if (await action.run(() => send(command))) {
              setTitle("");
              setText("");
              setEffects([]);
            }
          }}
        >
          <div className="field">
            <label htmlFor={ids.title}>Headline</label>
            <input id={ids.title} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
          </div>
          <div className="field">
            <label htmlFor={ids.text}>Text</label>
            <textarea id={ids.text} rows={3} value={text} onChange={(e) => setText(e.target.value)} maxLength={4000} />
          </div>
          <fieldset>
            <legend>Audience</legend>
            <label className="check">
              <input type="radio" name="inject-audience" checked={everyone} onChange={() => setEveryone(true)} /> Everyone
            </label>
            <label className="check">
              <input type="radio" name="inject-audience" checked={!everyone} onChange={() => setEveryone(false)} /> Only these seats:
            </label>
            {!everyone &&
              view.seats.map((s) => (
                <label key={s.role} className="check indent">
                  <input
                    type="checkbox"
                    checked={audience.includes(s.role)}
                    onChange={(e) => setAudience((a) => (e.target.checked ? [...a, s.role] : a.filter((x) => x !== s.role)))}
                  />
                  {s.name}
                </label>
              ))}
          </fieldset>
          <EffectsEditor view={view} effects={effects} onChange={setEffects} label="Effects on indicators" />
          <ErrorNote error={action.error} />
          <button type="submit" className="primary" disabled={action.busy || !text.trim() || (!everyone && audience.length === 0)}>
            Issue inject
          </button>
        </form>
      </Section>
  );
  return (
    <>
      {view.run_sheet && <RunSheet view={view} send={send} />}
      {adhoc}
      <Section title="Issued so far" id="issued-title">
        <InjectList view={view} showAudience />
      </Section>
    </>
  );
}

function Indicators({ view, send }: { view: View; send: Send }) {
  const [indicator, setIndicator] = useState(view.indicators[0]?.id ?? "");
  const [mode, setMode] = useState<"delta" | "value">("delta");
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const action = useAction();
  const ids = { ind: useId(), amount: useId(), reason: useId() };
  const chosen = view.indicators.find((i) => i.id === indicator);
  return (
    <>
      <Section title="Adjust an indicator" id="adjust-title">
        <form
          className="adjust-form"
          onSubmit={async (e) => {
            e.preventDefault();
            const n = Math.round(Number(amount));
            if (amount === "" || Number.isNaN(n)) return;
            const command: AdjustIndicatorCommand = { type: "adjust_indicator", indicator, reason: reason.trim() };
            if (mode === "delta") command.delta = n;
            else command.value = n;
            if (await action.run(() => send(command))) {
              setAmount("");
              setReason("");
            }
          }}
        >
          <div className="form-grid">
            <div className="field">
              <label htmlFor={ids.ind}>Indicator</label>
              <select id={ids.ind} value={indicator} onChange={(e) => setIndicator(e.target.value)}>
                {view.indicators.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.name} (now {i.value})
                  </option>
                ))}
              </select>
            </div>
            <fieldset>
              <legend>Change</legend>
              <label className="check">
                <input type="radio" name="adjust-mode" checked={mode === "delta"} onChange={() => setMode("delta")} /> by
              </label>
              <label className="check">
                <input type="radio" name="adjust-mode" checked={mode === "value"} onChange={() => setMode("value")} /> to
              </label>
            </fieldset>
            <div className="field">
              <label htmlFor={ids.amount}>{mode === "delta" ? "Amount (+ or −)" : "New value"}</label>
              <input id={ids.amount} type="number" className="narrow" value={amount} onChange={(e) => setAmount(e.target.value)} min={mode === "value" ? chosen?.min : undefined} max={mode === "value" ? chosen?.max : undefined} />
            </div>
          </div>
          <div className="field">
            <label htmlFor={ids.reason}>Reason (kept in the record)</label>
            <input id={ids.reason} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} required />
          </div>
          <ErrorNote error={action.error} />
          <button type="submit" className="primary" disabled={action.busy || amount === "" || !reason.trim()}>
            Adjust
          </button>
        </form>
      </Section>
      <Section title="All indicators" id="all-indicators">
        <IndicatorList view={view} />
      </Section>
    </>
  );
}

export function ControlConsole({ gameId }: { gameId: string }) {
  const live = useGame(gameId, null, null, "", storedName() || "White Cell");
  const [tab, setTab] = useState("overview");
  const view = live.view;

  useEffect(() => {
    if (view) document.title = `White Cell · ${view.game.title} · Wargame`;
  }, [view]);

  const pendingCount = useMemo(() => view?.pending?.unadjudicated.length ?? 0, [view]);

  if (!view) {
    if (live.loadError || live.status.kind === "denied") {
      return (
        <>
          <SiteBar />
          <Problem title="Cannot open the game">
            <p>{live.status.kind === "denied" ? live.status.message : live.loadError}</p>
            <p>
              <a href={links.lobby()}>Back to the games</a>
            </p>
          </Problem>
        </>
      );
    }
    return <Loading />;
  }

  const tabs: TabSpec[] = [
    { id: "overview", label: "Overview" },
    { id: "adjudicate", label: "Moves & adjudication", badge: pendingCount || null },
    { id: "injects", label: view.run_sheet ? "Run-sheet & injects" : "Injects", badge: view.pending?.run_sheet_due.length || null },
    { id: "indicators", label: "Indicators" },
    { id: "messages", label: "Messages", badge: view.messages.length || null },
    { id: "timeline", label: "Timeline" },
  ];
  const send = live.send;
  return (
    <div className="app control">
      <SiteBar>
        <a href={links.plenary(gameId)} target="_blank" rel="noreferrer">
          Plenary screen
        </a>
        {view.game.status !== "setup" && <a href={links.replay(gameId)}>Replay</a>}
        <a href={links.lobby()}>All games</a>
      </SiteBar>
      <GameBar view={view} status={live.status} role="White Cell console">
        <Lifecycle view={view} send={send} gameId={gameId} />
        <DeadlineAlert view={view} />
      </GameBar>
      <main className="console-main control-main">
        <Tabs tabs={tabs} current={tab} onSelect={setTab} label="White Cell sections" />
        <TabPanel id={tab}>
          {tab === "overview" && <Overview view={view} send={send} gameId={gameId} api={live.api} presence={live.presence} />}
          {tab === "adjudicate" && <Adjudicate view={view} send={send} gameId={gameId} />}
          {tab === "injects" && <Injects view={view} send={send} />}
          {tab === "indicators" && <Indicators view={view} send={send} />}
          {tab === "messages" && (
            <Section title="Every message" id="all-messages">
              <Messages view={view} me="control" send={send} />
            </Section>
          )}
          {tab === "timeline" && (
            <Section
              title="Full timeline"
              id="full-timeline"
              actions={
                <span className="row-links">
                  <a href={`/api/games/${encodeURIComponent(gameId)}/report/`} target="_blank" rel="noreferrer">
                    After-action report
                  </a>
                  <a href={`/api/games/${encodeURIComponent(gameId)}/indicators/`}>Indicators (CSV)</a>
                  {view.game.status === "ended" && <a href={`/api/games/${encodeURIComponent(gameId)}/export/`}>Event log (JSON Lines)</a>}
                </span>
              }
            >
              <TimelineList view={view} />
            </Section>
          )}
        </TabPanel>
      </main>
    </div>
  );
}
