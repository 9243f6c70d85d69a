/** The White Cell's adjudication panel for one move. */

import { useEffect, useId, useRef, useState } from "react";
import type { AdjudicateCommand, Send } from "../server/commands.gen";
import type { Adjudication, Effect, Move, View } from "../server/types";
import { ConfirmButton, ErrorNote, useAction } from "../ui/actions";
import { effectsText, moveLabel, moveTitle, seatName, seatNames } from "../ui/format";
import { adjudicationOf, AdjudicationSummary, DetectionTable, MoveCard, ProposalTerms } from "../ui/moves";
import { SeatTag } from "../ui/seats";

/** Whether the engine accepts a result for this move now (control's view says so). */
export function adjudicable(view: View, move: Move): boolean {
  return view.pending?.adjudicable.includes(move.id) ?? false;
}


export function EffectsEditor({ view, effects, onChange, label }: { view: View; effects: Effect[]; onChange: (e: Effect[]) => void; label: string }) {
  const id = useId();
  return (
    <fieldset className="effects-editor">
      <legend>{label}</legend>
      {effects.length === 0 && <p className="muted">No change to any indicator.</p>}
      {effects.map((effect, i) => (
        <div key={i} className="effect-row">
          <label htmlFor={`${id}-i${i}`} className="visually-hidden">
            Indicator {i + 1}
          </label>
          <select
            id={`${id}-i${i}`}
            value={effect.indicator}
            onChange={(e) => onChange(effects.map((x, j) => (j === i ? { ...x, indicator: e.target.value } : x)))}
          >
            {view.indicators.map((ind) => (
              <option key={ind.id} value={ind.id}>
                {ind.name}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-d${i}`} className="visually-hidden">
            Change {i + 1}
          </label>
          <input
            id={`${id}-d${i}`}
            type="number"
            className="narrow"
            value={effect.delta}
            onChange={(e) => onChange(effects.map((x, j) => (j === i ? { ...x, delta: Number(e.target.value) || 0 } : x)))}
          />
          <button type="button" className="quiet" onClick={() => onChange(effects.filter((_, j) => j !== i))} aria-label={`Remove effect ${i + 1}`}>
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        className="quiet"
        onClick={() => onChange([...effects, { indicator: view.indicators[0]?.id ?? "", delta: 0 }])}
        disabled={view.indicators.length === 0}
      >
        + Add an effect
      </button>
    </fieldset>
  );
}

function Proposal({ view, move, send }: { view: View; move: Move; send: Send }) {
  const [strong, setStrong] = useState<string[]>(move.proposal?.strong ?? []);
  const action = useAction();
  useEffect(() => setStrong(move.proposal?.strong ?? []), [move.proposal?.seq, move.proposal?.strong]);
  const proposal = move.proposal;
  const args = move.arguments ?? [];
  return (
    <div className="proposal" data-testid="proposal">
      <h3>Proposed probability</h3>
      {!proposal ? (
        <p className="muted">No proposal yet: recalculate it below, or set the odds yourself.</p>
      ) : (
        <ProposalTerms proposal={proposal} />
      )}
      {(args.length > 0 || !proposal) && (
        <fieldset className="strong-args">
          <legend>Arguments the White Cell accepts as strong (±5 each)</legend>
          {args.map((a) => (
            <label key={a.id} className="check">
              <input
                type="checkbox"
                checked={strong.includes(a.id)}
                onChange={(e) => setStrong((s) => (e.target.checked ? [...s, a.id] : s.filter((x) => x !== a.id)))}
              />
              <span className={`tag tag-${a.stance}`}>{a.stance}</span> {seatName(view, a.seat)}: {a.text}
            </label>
          ))}
          <button type="button" onClick={() => void action.run(() => send({ type: "propose_probability", move_id: move.id, strong }))} disabled={action.busy}>
            Recalculate the proposal
          </button>
        </fieldset>
      )}
      <ErrorNote error={action.error} />
    </div>
  );
}

/** The unadjudicated moves of this turn, in the order the list shows them. */
export function openMoves(view: View): Move[] {
  return view.moves.filter((m) => adjudicable(view, m));
}

/** The next move to adjudicate after ``current`` (wrapping), or null when none is left. */
export function nextOpen(view: View, current: string | null): Move | null {
  const list = openMoves(view);
  if (list.length === 0) return null;
  const all = view.moves.filter((m) => m.turn === view.game.turn);
  const from = current ? all.findIndex((m) => m.id === current) : -1;
  for (let i = 1; i <= all.length; i++) {
    const m = all[(from + i + all.length) % all.length];
    if (list.includes(m)) return m;
  }
  return list[0];
}

function AdjudicateForm({ view, move, send, rollRef }: { view: View; move: Move; send: Send; rollRef?: React.MutableRefObject<(() => void) | null> }) {
  const proposal = move.proposal;
  const [probability, setProbability] = useState<string>(proposal ? String(proposal.probability) : "");
  const [method, setMethod] = useState<"roll" | "decide">("roll");
  const [outcome, setOutcome] = useState<"success" | "failure">("success");
  const [reason, setReason] = useState("");
  const [success, setSuccess] = useState<Effect[]>([]);
  const [failure, setFailure] = useState<Effect[]>([]);
  const [opposedId, setOpposedId] = useState("");
  const [opposedProbability, setOpposedProbability] = useState("");
  const [opposedSuccess, setOpposedSuccess] = useState<Effect[]>([]);
  const [opposedFailure, setOpposedFailure] = useState<Effect[]>([]);
  const action = useAction();
  const ids = { p: useId(), reason: useId(), opp: useId(), oppP: useId() };

  useEffect(() => {
    if (proposal) setProbability(String(proposal.probability));
  }, [proposal?.seq, proposal?.probability, proposal]);

  const candidates = view.moves.filter((m) => m.id !== move.id && adjudicable(view, m));
  const opposed = candidates.find((m) => m.id === opposedId);
  useEffect(() => {
    if (opposed?.proposal) setOpposedProbability(String(opposed.proposal.probability));
  }, [opposed?.proposal?.seq, opposed?.proposal]);

  const value = Number(probability);
  const overriding = !!proposal && probability !== "" && value !== proposal.proposed;
  const needsReason = method === "decide" || (overriding && !(proposal && value === proposal.probability && proposal.reason));
  const catalog = view.actions.find((a) => a.id === move.action);
  const simple = method === "roll" && !opposed && (!overriding || !!proposal?.reason);

  const submit = async () => {
    const command: AdjudicateCommand = { type: "adjudicate", move_id: move.id, method };
    if (probability !== "") command.probability = Math.round(value);
    if (reason.trim()) command.reason = reason.trim();
    if (method === "decide") command.outcome = outcome;
    if (move.action === "free") command.effects = { success, failure };
    if (opposed && method === "roll") {
      command.opposed_move_id = opposed.id;
      if (opposedProbability !== "") command.opposed_probability = Math.round(Number(opposedProbability));
      if (opposed.action === "free") command.opposed_effects = { success: opposedSuccess, failure: opposedFailure };
    }
    await action.run(() => send(command));
  };
  if (rollRef) rollRef.current = simple && !action.busy ? () => void submit() : null;

  return (
    <form
      className="adjudicate-form"
      aria-label={`Adjudicate ${moveLabel(move).toLowerCase()}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="roll-row">
        <button type="submit" className="primary big" disabled={action.busy} data-testid="roll">
          {action.busy
            ? "Working…"
            : method === "roll"
              ? opposed
                ? `Roll against ${seatName(view, opposed.seat)}'s ${moveLabel(opposed).toLowerCase()}`
                : `Roll at ${probability === "" ? "the proposed odds" : `${Math.round(value)}%`}`
              : `Decide: ${outcome === "success" ? "success" : "failure"}`}
        </button>
        <span className="hint">The server draws 1–100; the narrative is written once the result is known.</span>
      </div>
      <ErrorNote error={action.error} />
      <details className="more-options">
        <summary>Change the odds, decide outright, or resolve as an opposed pair</summary>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={ids.p}>Probability of success (%)</label>
            <input id={ids.p} type="number" min={0} max={100} className="narrow" value={probability} onChange={(e) => setProbability(e.target.value)} />
            {overriding && <span className="hint">Differs from the proposed {proposal!.proposed}%: give a reason.</span>}
          </div>
          <fieldset className="method">
            <legend>Resolve by</legend>
            <label className="check">
              <input type="radio" name={`method-${move.id}`} checked={method === "roll"} onChange={() => setMethod("roll")} /> Rolling (the server draws 1–100)
            </label>
            <label className="check">
              <input type="radio" name={`method-${move.id}`} checked={method === "decide"} onChange={() => setMethod("decide")} /> Deciding outright
            </label>
          </fieldset>
          {method === "decide" && (
            <fieldset className="outcome">
              <legend>Outcome</legend>
              <label className="check">
                <input type="radio" name={`outcome-${move.id}`} checked={outcome === "success"} onChange={() => setOutcome("success")} /> Success
              </label>
              <label className="check">
                <input type="radio" name={`outcome-${move.id}`} checked={outcome === "failure"} onChange={() => setOutcome("failure")} /> Failure
              </label>
            </fieldset>
          )}
        </div>
        <div className="field">
          <label htmlFor={ids.reason}>Reason{needsReason ? "" : " (optional)"}</label>
          <input id={ids.reason} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} aria-describedby={`${ids.reason}-hint`} />
          <span className="hint" id={`${ids.reason}-hint`}>
            Needed to set another probability than the proposal, and to decide outright. It stays in the record.
          </span>
        </div>
        {move.action === "free" && (
          <div className="effects-pair">
            <EffectsEditor view={view} effects={success} onChange={setSuccess} label="Effects on success" />
            <EffectsEditor view={view} effects={failure} onChange={setFailure} label="Effects on failure" />
          </div>
        )}
        {method === "roll" && candidates.length > 0 && (
          <div className="opposed">
            <div className="field">
              <label htmlFor={ids.opp}>Opposed by</label>
              <select id={ids.opp} value={opposedId} onChange={(e) => setOpposedId(e.target.value)}>
                <option value="">No: resolve this move alone</option>
                {candidates.map((m) => (
                  <option key={m.id} value={m.id}>
                    {seatName(view, m.seat)}: {moveTitle(m)}
                  </option>
                ))}
              </select>
              <span className="hint">Both roll against their probability; the larger margin wins; ties roll again.</span>
            </div>
            {opposed && (
              <>
                <div className="field">
                  <label htmlFor={ids.oppP}>Probability of {seatName(view, opposed.seat)}'s move (%)</label>
                  <input id={ids.oppP} type="number" min={0} max={100} className="narrow" value={opposedProbability} onChange={(e) => setOpposedProbability(e.target.value)} />
                </div>
                {opposed.action === "free" && (
                  <div className="effects-pair">
                    <EffectsEditor view={view} effects={opposedSuccess} onChange={setOpposedSuccess} label={`Effects of ${seatName(view, opposed.seat)}'s move on success`} />
                    <EffectsEditor view={view} effects={opposedFailure} onChange={setOpposedFailure} label={`Effects of ${seatName(view, opposed.seat)}'s move on failure`} />
                  </div>
                )}
              </>
            )}
          </div>
        )}
      </details>
      {move.action !== "free" && catalog && (
        <p className="muted">
          On success {effectsText(catalog.effects.success, view.indicators)}; on failure {effectsText(catalog.effects.failure, view.indicators)}.
        </p>
      )}
    </form>
  );
}

/** The narrative of a result, written (or amended) once the outcome is known. */
function NarrativeEditor({ move, adjudication, send, focusRef }: { move: Move; adjudication: Adjudication; send: Send; focusRef?: React.MutableRefObject<(() => void) | null> }) {
  const [text, setText] = useState(adjudication.narrative ?? "");
  const action = useAction();
  const id = useId();
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => setText(adjudication.narrative ?? ""), [adjudication.narrative]);
  if (focusRef) focusRef.current = () => input.current?.focus();
  const changed = text.trim() !== (adjudication.narrative ?? "").trim();
  return (
    <form
      className="narrative-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim() || !changed) return;
        void action.run(() => send({ type: "amend_narrative", move_id: move.id, text: text.trim() }));
      }}
    >
      <div className="field">
        <label htmlFor={id}>Narrative: what happened (everyone who sees the move reads it)</label>
        <textarea ref={input} id={id} rows={2} value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} />
      </div>
      <ErrorNote error={action.error} />
      <button type="submit" disabled={action.busy || !text.trim() || !changed}>
        {adjudication.narrative ? "Save the amended narrative" : "Save the narrative"}
      </button>
    </form>
  );
}

function Done({ view, move, send, focusRef }: { view: View; move: Move; send: Send; focusRef?: React.MutableRefObject<(() => void) | null> }) {
  const adjudication = adjudicationOf(view, move)!;
  const [reason, setReason] = useState("");
  const [revert, setRevert] = useState(true);
  const action = useAction();
  const id = useId();
  return (
    <div className="done">
      <h3>Result</h3>
      <AdjudicationSummary view={view} adjudication={adjudication} />
      {!adjudication.voided && view.game.status !== "setup" && <NarrativeEditor move={move} adjudication={adjudication} send={send} focusRef={focusRef} />}
      <DetectionTable view={view} rows={adjudication.detection ?? []} withMove testId="detection" />
      {view.game.status === "running" && !adjudication.voided && (
        <details className="void-form">
          <summary>Void this result…</summary>
          <div className="field">
            <label htmlFor={id}>Reason to void this result</label>
            <input id={id} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
          </div>
          <label className="check">
            <input type="checkbox" checked={revert} onChange={(e) => setRevert(e.target.checked)} /> Undo its effects on the indicators
          </label>
          <ErrorNote error={action.error} />
          <ConfirmButton
            confirmText="Void this result"
            disabled={!reason.trim() || action.busy}
            onConfirm={() =>
              void action.run(() => send({ type: "void_adjudication", adjudication_id: adjudication.id, reason: reason.trim(), revert_effects: revert }))
            }
          >
            Void…
          </ConfirmButton>
        </details>
      )}
    </div>
  );
}

function Reveal({ move, send }: { move: Move; send: Send }) {
  const [reason, setReason] = useState("");
  const action = useAction();
  const id = useId();
  return (
    <div className="reveal">
      <div className="field">
        <label htmlFor={id}>Reveal this secret move to every seat: reason (optional)</label>
        <input id={id} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
      </div>
      <ErrorNote error={action.error} />
      <ConfirmButton confirmText="Reveal it to every seat" onConfirm={() => void action.run(() => send({ type: "reveal_move", move_id: move.id, reason: reason.trim() }))}>
        Reveal…
      </ConfirmButton>
    </div>
  );
}

export interface PanelKeys {
  roll: React.MutableRefObject<(() => void) | null>;
  narrative: React.MutableRefObject<(() => void) | null>;
}

export function AdjudicationPanel({ view, move, send, keys }: { view: View; move: Move; send: Send; keys?: PanelKeys }) {
  const open = adjudicable(view, move);
  if (keys && !open) keys.roll.current = null;
  if (keys && !move.adjudication_id) keys.narrative.current = null;
  return (
    <div className="adjudication-panel" data-testid="adjudication-panel" data-move={move.id}>
      <h2 className="panel-title">
        {moveLabel(move)} <span className="muted">of</span> <SeatTag view={view} role={move.seat} />
      </h2>
      <MoveCard view={view} move={move} />
      {move.detected_by && move.detected_by.length > 0 && <p className="muted">Detected by {seatNames(view, move.detected_by)}.</p>}
      {move.status === "submitted" && <p className="notice">Sealed: it is announced when the orders close.</p>}
      {move.status === "withdrawn" && <p className="muted">Withdrawn by its seat.</p>}
      {open && (
        <>
          <Proposal view={view} move={move} send={send} />
          <AdjudicateForm key={move.id} view={view} move={move} send={send} rollRef={keys?.roll} />
        </>
      )}
      {move.status === "announced" && !move.adjudication_id && !open && (
        <p className="muted">
          {move.turn !== view.game.turn ? "This move belongs to an earlier turn and was not adjudicated." : "Moves are adjudicated in the Adjudication (or Results) phase."}
        </p>
      )}
      {move.adjudication_id && <Done view={view} move={move} send={send} focusRef={keys?.narrative} />}
      {move.visibility === "secret" && !move.revealed && move.status !== "withdrawn" && view.game.status === "running" && <Reveal move={move} send={send} />}
    </div>
  );
}
