/** The orders form: a catalog action or a free argument, targets, visibility and rationale. */

import { useEffect, useId, useState } from "react";
import type { Send, SubmitMoveCommand } from "../server/commands.gen";
import type { Action, Modifier, Move, View } from "../server/types";
import { ErrorNote, useAction } from "../ui/actions";
import { effectsText, moveLabel, seatName, signed } from "../ui/format";

export interface Draft {
  action: string;
  targets: string[];
  visibility: "public" | "secret";
  rationale: string;
  freeAction: string;
  freeResult: string;
  reasons: [string, string, string];
}

export const emptyDraft: Draft = {
  action: "",
  targets: [],
  visibility: "public",
  rationale: "",
  freeAction: "",
  freeResult: "",
  reasons: ["", "", ""],
};

export function draftFromMove(move: Move): Draft {
  const reasons = [...(move.argument?.reasons ?? []), "", "", ""].slice(0, 3) as [string, string, string];
  return {
    action: move.action ?? "",
    targets: [...(move.targets ?? [])],
    visibility: move.visibility,
    rationale: move.rationale ?? "",
    freeAction: move.argument?.action ?? "",
    freeResult: move.argument?.result ?? "",
    reasons,
  };
}

/** The command body for a draft (the server checks everything again). */
export function commandFromDraft(draft: Draft, moveId?: string): SubmitMoveCommand {
  const command: SubmitMoveCommand = {
    type: "submit_move",
    action: draft.action,
    targets: draft.targets,
    visibility: draft.visibility,
    rationale: draft.rationale.trim(),
  };
  if (draft.action === "free") {
    command.argument = {
      action: draft.freeAction.trim(),
      result: draft.freeResult.trim(),
      reasons: draft.reasons.map((r) => r.trim()).filter(Boolean),
    };
  }
  if (moveId) command.move_id = moveId;
  return command;
}

/** What is missing before the draft can be sent, in the team's words. */
export function draftProblems(draft: Draft, action?: Pick<Action, "targets" | "available" | "unavailable_reason">): string[] {
  const problems: string[] = [];
  if (!draft.action) problems.push("Choose a move.");
  if (action && action.available === false) problems.push(action.unavailable_reason ? `This move is not available now: ${action.unavailable_reason}` : "This move is not available now.");
  if (action && needsTargets(action) && draft.targets.length === 0) problems.push("Choose at least one target for this move.");
  if (draft.action === "free") {
    if (!draft.freeAction.trim()) problems.push("Say what you do (the action of your argument).");
    if (!draft.freeResult.trim()) problems.push("Say what result you intend.");
  }
  if (!draft.rationale.trim()) problems.push("Write your rationale: why your team makes this move.");
  return problems;
}

/** A catalog action that names its targets must be aimed at one of them. */
export function needsTargets(action: Pick<Action, "targets">): boolean {
  return action.targets.length > 0;
}

/** A modifier as the engine would apply it now, with its condition in words. */
export function modifierText(m: Modifier): string {
  if (m.value === undefined) return `${m.label} (${signed(m.add)})`;
  const now = m.value === 0 ? "no effect now" : `${signed(m.value)} now`;
  return m.condition_text ? `${m.label}: ${now} (${m.condition_text})` : `${m.label}: ${now}`;
}

function allowedTargets(view: View, action: Action | undefined): string[] {
  const others = view.seats.map((s) => s.role).filter((r) => r !== view.seat);
  if (!action || action.targets.length === 0) return others;
  return others.filter((r) => action.targets.includes(r));
}

export function OrdersForm({
  view,
  send,
  editing,
  onDone,
  disabledReason,
  onDrafted,
}: {
  view: View;
  send: Send;
  editing: Move | null;
  onDone: () => void;
  disabledReason: string | null;
  /** Given: the form also saves a new move as a draft for the team (from any phase). */
  onDrafted?: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(editing ? draftFromMove(editing) : emptyDraft);
  const [shownProblems, setShownProblems] = useState<string[]>([]);
  const action = useAction();
  const ids = {
    rationale: useId(),
    freeAction: useId(),
    freeResult: useId(),
    reason: useId(),
  };

  useEffect(() => {
    setDraft(editing ? draftFromMove(editing) : emptyDraft);
    setShownProblems([]);
    action.clear();
    // Only when another move (or another revision of it) is being edited.
  }, [editing?.id, editing?.revision]);

  const chosen = view.actions.find((a) => a.id === draft.action);
  const targets = allowedTargets(view, chosen);
  const quota = view.quota;
  const secretLeft = quota ? quota.secret_per_game - quota.secret_used + (editing?.visibility === "secret" ? 1 : 0) : 0;
  const secretPossible = draft.action === "free" || !!chosen?.secret_allowed;
  const secretBlocked = !secretPossible
    ? "This action cannot be taken in secret."
    : secretLeft <= 0
      ? "Your team has used all its secret moves for this game."
      : null;
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const disabled = !!disabledReason;
  // A draft may be written before the orders open, for the team to discuss.
  const draftable = !!onDrafted && !editing && view.game.status !== "ended";
  const fieldsDisabled = disabled && !draftable;
  const saveDraft = async () => {
    const problems = draftProblems(draft, chosen);
    setShownProblems(problems);
    if (problems.length) return;
    const done = await action.run(() => send({ ...commandFromDraft(draft), type: "draft_move" }));
    if (done) {
      setDraft(emptyDraft);
      onDrafted?.();
    }
  };

  return (
    <form
      className="orders-form"
      aria-label={editing ? "Change this move" : "New move"}
      onSubmit={async (event) => {
        event.preventDefault();
        const problems = draftProblems(draft, chosen);
        setShownProblems(problems);
        if (problems.length) return;
        const done = await action.run(() => send(commandFromDraft(draft, editing?.id)));
        if (done) {
          setDraft(emptyDraft);
          onDone();
        }
      }}
    >
      {disabledReason && <p className="notice">{disabledReason}</p>}
      <fieldset className="move-choice" disabled={fieldsDisabled}>
        <legend>Move</legend>
        {view.actions.map((a) => {
          const unavailable = a.available === false;
          return (
            <label key={a.id} className={`action-option${draft.action === a.id ? " chosen" : ""}${unavailable ? " unavailable" : ""}`}>
              <input
                type="radio"
                name="action"
                value={a.id}
                checked={draft.action === a.id}
                disabled={unavailable}
                onChange={() => {
                  const allowed = allowedTargets(view, a);
                  const kept = draft.targets.filter((t) => allowed.includes(t));
                  set({
                    action: a.id,
                    // One possible target: choose it for the team.
                    targets: kept.length === 0 && needsTargets(a) && allowed.length === 1 ? allowed : kept,
                    visibility: a.secret_allowed ? draft.visibility : "public",
                  });
                }}
              />
              <span className="action-text">
                <span className="action-name">{a.name}</span>
                <span className="action-odds">Base chance {a.base_probability}%</span>
                {a.description && <span className="action-description">{a.description}</span>}
                {unavailable && <span className="action-unavailable">Not available now{a.unavailable_reason ? `: ${a.unavailable_reason}` : ""}</span>}
                {a.secret_allowed && !unavailable && <span className="tag">may be secret</span>}
              </span>
            </label>
          );
        })}
        {view.game.free_moves && (
          <label className={`action-option${draft.action === "free" ? " chosen" : ""}`}>
            <input type="radio" name="action" value="free" checked={draft.action === "free"} onChange={() => set({ action: "free" })} />
            <span className="action-text">
              <span className="action-name">Free argument</span>
              <span className="action-odds">Odds set by the White Cell</span>
              <span className="action-description">
                Anything not in the list: state an action, the result you intend and up to three reasons why it would work.
              </span>
            </span>
          </label>
        )}
      </fieldset>

      {chosen && (
        <div className="action-details" aria-live="polite">
          {chosen.modifiers.length > 0 && (
            <div>
              <span className="detail-label">What changes the chance (as things stand now)</span>
              <ul className="modifiers" data-testid="modifiers">
                {chosen.modifiers.map((m, i) => (
                  <li key={i}>{modifierText(m)}</li>
                ))}
              </ul>

            </div>
          )}
          <p>
            <span className="detail-label">If it succeeds</span> {effectsText(chosen.effects.success, view.indicators)}
          </p>
          <p>
            <span className="detail-label">If it fails</span> {effectsText(chosen.effects.failure, view.indicators)}
          </p>
        </div>
      )}

      {draft.action === "free" && (
        <fieldset className="free-argument" disabled={fieldsDisabled}>
          <legend>Your argument</legend>
          <div className="field">
            <label htmlFor={ids.freeAction}>Action: what your team does</label>
            <textarea id={ids.freeAction} rows={2} value={draft.freeAction} onChange={(e) => set({ freeAction: e.target.value })} maxLength={2000} />
          </div>
          <div className="field">
            <label htmlFor={ids.freeResult}>Result: what you intend to achieve</label>
            <textarea id={ids.freeResult} rows={2} value={draft.freeResult} onChange={(e) => set({ freeResult: e.target.value })} maxLength={2000} />
          </div>
          {draft.reasons.map((reason, i) => (
            <div className="field" key={i}>
              <label htmlFor={`${ids.reason}-${i}`}>Reason {i + 1}{i > 0 ? " (optional)" : ""}</label>
              <input
                id={`${ids.reason}-${i}`}
                value={reason}
                maxLength={2000}
                onChange={(e) => {
                  const reasons = [...draft.reasons] as [string, string, string];
                  reasons[i] = e.target.value;
                  set({ reasons });
                }}
              />
            </div>
          ))}
        </fieldset>
      )}

      {draft.action && (
        <fieldset className="targets" disabled={fieldsDisabled}>
          <legend>Targets{chosen && needsTargets(chosen) ? " (choose at least one)" : " (optional)"}</legend>
          {targets.map((role) => (
            <label key={role} className="check">
              <input
                type="checkbox"
                checked={draft.targets.includes(role)}
                onChange={(e) =>
                  set({ targets: e.target.checked ? [...draft.targets, role] : draft.targets.filter((t) => t !== role) })
                }
              />
              {seatName(view, role)}
            </label>
          ))}
        </fieldset>
      )}

      {draft.action && (
        <fieldset className="visibility" disabled={fieldsDisabled}>
          <legend>Visibility</legend>
          <label className="check">
            <input type="radio" name="visibility" value="public" checked={draft.visibility === "public"} onChange={() => set({ visibility: "public" })} />
            Public: announced to every seat when the orders close
          </label>
          <label className="check">
            <input
              type="radio"
              name="visibility"
              value="secret"
              checked={draft.visibility === "secret"}
              disabled={!!secretBlocked}
              onChange={() => set({ visibility: "secret" })}
            />
            Secret: only your team and the White Cell know; others see that you made a secret move
          </label>
          <p className="hint">{secretBlocked ?? `Secret moves left this game: ${secretLeft}.`}</p>
        </fieldset>
      )}

      <div className="field rationale-field">
        <label htmlFor={ids.rationale}>Rationale: why your team makes this move</label>
        <textarea
          id={ids.rationale}
          rows={4}
          value={draft.rationale}
          onChange={(e) => set({ rationale: e.target.value })}
          maxLength={4000}
          disabled={fieldsDisabled}
          aria-describedby={`${ids.rationale}-hint`}
        />
        <span className="hint" id={`${ids.rationale}-hint`}>
          What do you expect to happen, what do you fear, what do you know that others may not? The White Cell reads it
          during play; analysts read it after the game. Other teams never see it while the game runs.
        </span>
      </div>

      {shownProblems.length > 0 && (
        <ul className="error-note" role="alert">
          {shownProblems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <ErrorNote error={action.error} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={disabled || action.busy}>
          {action.busy ? "Sending…" : editing ? `Save changes to ${moveLabel(editing).toLowerCase()}` : "Submit move"}
        </button>
        {draftable && (
          <button type="button" disabled={action.busy} onClick={() => void saveDraft()}>
            Save as draft
          </button>
        )}
        {editing && (
          <button type="button" className="quiet" onClick={onDone}>
            Cancel editing
          </button>
        )}
      </div>
    </form>
  );
}
