/** The clock in the console's band: start, advance (and force), pause, the deadline, the end;
 * and the banner when a deadline passes. */

import { useEffect, useId, useRef, useState } from "react";
import { links } from "../route";
import { beep, clockState, deadlineOf, ON_EXPIRY_TEXT, serverClock, useServerNow } from "../server/clock";
import type { Send } from "../server/commands.gen";
import type { OnExpiry, View } from "../server/types";
import { OpenRecordButton } from "../ui/OpenRecordButton";
import { ConfirmButton, ErrorNote, useAction } from "../ui/actions";
import { deadlineIn, phaseLabel } from "../ui/format";

/** Whether a deadline with this action may be set in this phase (closing orders and rolling
 * belong to their phases). */
function expiryFits(choice: OnExpiry, phase: string | null): boolean {
  if (choice === "lock_orders") return phase === "orders";
  if (choice === "roll") return phase === "adjudication";
  return true;
}

export function Lifecycle({ view, send, gameId }: { view: View; send: Send; gameId: string }) {
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
          const expiry = !expiryFits(onExpiry, game.phase) ? "alert" : onExpiry;
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
            {(["alert", "lock_orders", "advance", "roll"] as OnExpiry[]).map((choice) => (
              <option key={choice} value={choice} disabled={!expiryFits(choice, game.phase)}>
                {ON_EXPIRY_TEXT[choice]}
                {expiryFits(choice, game.phase) ? "" : ` (${choice === "roll" ? "adjudication" : "orders"} phase only)`}
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
export function DeadlineAlert({ view }: { view: View }) {
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
        : deadline.on_expiry === "roll"
          ? "The moves still waiting are being rolled at their proposed odds; then the game moves on."
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
