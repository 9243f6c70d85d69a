/** The White Cell's run-sheet: the scenario's scripted injects and narratives as a queue it steers. */

import { useId, useState } from "react";
import { useServerNow } from "../server/clock";
import type { Send } from "../server/commands.gen";
import type { Audience, Phase, RunSheetItem, View } from "../server/types";
import { ConfirmButton, ErrorNote, useAction } from "../ui/actions";
import { audienceText, effectsText, phaseLabel } from "../ui/format";
import { Paragraphs, Section } from "../ui/layout";
import { conditionWords, draftOf, editCommand, type EditDraft, editProblems, holdCommand, open, ordered, planFor, releaseCommand, skipCommand, STATUS_TEXT, timeUsed } from "./runsheet";

function audienceOf(item: Pick<RunSheetItem, "audience">): Audience {
  return item.audience === "public" || item.audience === "all" ? "all" : item.audience;
}

function EditForm({ view, item, send, onDone }: { view: View; item: RunSheetItem; send: Send; onDone: () => void }) {
  const [draft, setDraft] = useState<EditDraft>(() => draftOf(item));
  const [problems, setProblems] = useState<string[]>([]);
  const action = useAction();
  const ids = { title: useId(), text: useId() };
  return (
    <form
      className="runsheet-edit"
      aria-label={`Edit ${item.title || "this item"}`}
      onSubmit={async (e) => {
        e.preventDefault();
        const found = editProblems(item, draft);
        setProblems(found);
        if (found.length) return;
        const command = editCommand(item, draft);
        if (!command) return onDone();
        if (await action.run(() => send(command))) onDone();
      }}
    >
      <div className="field">
        <label htmlFor={ids.title}>Headline</label>
        <input id={ids.title} value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} maxLength={200} />
      </div>
      <div className="field">
        <label htmlFor={ids.text}>Text</label>
        <textarea id={ids.text} rows={4} value={draft.text} onChange={(e) => setDraft({ ...draft, text: e.target.value })} maxLength={4000} />
      </div>
      {item.kind === "inject" && (
        <fieldset>
          <legend>Who receives it</legend>
          <label className="check">
            <input type="radio" name={`aud-${item.id}`} checked={draft.audience === "all"} onChange={() => setDraft({ ...draft, audience: "all" })} /> Everyone
          </label>
          <label className="check">
            <input type="radio" name={`aud-${item.id}`} checked={draft.audience !== "all"} onChange={() => setDraft({ ...draft, audience: [] })} /> Only these teams:
          </label>
          {draft.audience !== "all" &&
            view.seats.map((s) => (
              <label key={s.role} className="check indent">
                <input
                  type="checkbox"
                  checked={(draft.audience as string[]).includes(s.role)}
                  onChange={(e) => {
                    const list = draft.audience === "all" ? [] : draft.audience;
                    setDraft({ ...draft, audience: e.target.checked ? [...list, s.role] : list.filter((r) => r !== s.role) });
                  }}
                />
                {s.name}
              </label>
            ))}
        </fieldset>
      )}
      {problems.length > 0 && <ErrorNote error={problems.join(" ")} />}
      <ErrorNote error={action.error} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={action.busy}>
          Save the edit
        </button>
        <button type="button" className="quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function SkipForm({ item, send, onDone }: { item: RunSheetItem; send: Send; onDone: () => void }) {
  const [reason, setReason] = useState("");
  const action = useAction();
  const id = useId();
  return (
    <div className="runsheet-skip">
      <div className="field">
        <label htmlFor={id}>Why skip it (kept in the record)</label>
        <input id={id} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
      </div>
      <ErrorNote error={action.error} />
      <div className="button-row">
        <ConfirmButton
          confirmText="Skip it: it will not be issued"
          disabled={!reason.trim() || action.busy}
          onConfirm={() =>
            void action.run(async () => {
              await send(skipCommand(item, reason));
              onDone();
            })
          }
        >
          Skip…
        </ConfirmButton>
        <button type="button" className="quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function Item({ view, item, send }: { view: View; item: RunSheetItem; send: Send }) {
  const [mode, setMode] = useState<"show" | "edit" | "skip">("show");
  const action = useAction();
  const running = view.game.status === "running";
  const condition = conditionWords(item);
  const edited = item.title !== item.scripted.title || item.text !== item.scripted.text || audienceText(view, audienceOf(item)) !== audienceText(view, audienceOf(item.scripted));
  return (
    <li className={`runsheet-item status-${item.status}`} data-item={item.id} data-status={item.status}>
      <p className="runsheet-meta">
        <span className={`tag tag-status-${item.status}`}>{STATUS_TEXT[item.status]}</span> Turn {item.turn} ·{" "}
        {item.kind === "inject" ? "inject" : "state of the world"}
        {item.kind === "inject" ? ` · to ${audienceText(view, audienceOf(item))}` : ""}
      </p>
      {item.title && <h3>{item.title}</h3>}
      <Paragraphs text={item.text} />
      {condition && <p className={item.condition_met === false ? "runsheet-condition fails" : "runsheet-condition"}>{condition}</p>}
      {item.effects.length > 0 && <p className="small muted">Effects: {effectsText(item.effects, view.indicators)}</p>}
      {edited && (
        <details className="runsheet-scripted">
          <summary>Edited{item.edited_by ? ` by ${item.edited_by}` : ""}: the scripted version</summary>
          {item.scripted.title && <h4>{item.scripted.title}</h4>}
          <Paragraphs text={item.scripted.text} />
          {item.kind === "inject" && <p className="small muted">To {audienceText(view, audienceOf(item.scripted))}</p>}
        </details>
      )}
      {item.status === "skipped" && item.skip_reason && <p className="small">Skipped: {item.skip_reason}</p>}
      {open(item) && running && mode === "show" && (
        <div className="button-row">
          {item.status === "due" && (
            <button type="button" onClick={() => void action.run(() => send(holdCommand(item)))} disabled={action.busy}>
              Hold
            </button>
          )}
          <button type="button" onClick={() => setMode("edit")}>
            Edit
          </button>
          <ConfirmButton confirmText="Issue it now" className="primary" onConfirm={() => void action.run(() => send(releaseCommand(item)))} disabled={action.busy}>
            {item.status === "held" ? "Release and issue now…" : "Issue now…"}
          </ConfirmButton>
          <button type="button" className="quiet" onClick={() => setMode("skip")}>
            Skip…
          </button>
        </div>
      )}
      {mode === "edit" && <EditForm view={view} item={item} send={send} onDone={() => setMode("show")} />}
      {mode === "skip" && <SkipForm item={item} send={send} onDone={() => setMode("show")} />}
      <ErrorNote error={action.error} />
    </li>
  );
}

/** The facilitator's notes and the timing plan, with the time used in the current phase. */
export function Facilitation({ view }: { view: View }) {
  const now = useServerNow(15_000);
  const facilitation = view.facilitation;
  const game = view.game;
  if (!facilitation) return null;
  const phases = Object.keys(facilitation.timing) as Phase[];
  const used = game.status === "running" ? timeUsed(game.phase_started_at, now, planFor(facilitation.timing, game.phase), game.paused ? game.paused_at : null) : null;
  return (
    <Section title="Notes for the facilitator" id="facilitation-title">
      {used && (
        <p className={used.over ? "time-used over" : "time-used"} data-testid="time-used">
          {phaseLabel(game.phase)}: {used.used} min used{used.plan !== null ? ` of the ${used.plan} planned` : ""}
          {used.over ? " — over the plan" : ""}
        </p>
      )}
      {facilitation.turn_notes && (
        <div className="turn-notes">
          <h3>This turn</h3>
          <Paragraphs text={facilitation.turn_notes} />
        </div>
      )}
      {facilitation.notes && (
        <details open={!facilitation.turn_notes}>
          <summary>Notes on the whole game</summary>
          <Paragraphs text={facilitation.notes} />
        </details>
      )}
      {phases.length > 0 && (
        <table className="timing" data-testid="timing">
          <caption>Timing plan per turn</caption>
          <tbody>
            {phases.map((phase) => (
              <tr key={phase} className={game.phase === phase ? "current" : ""}>
                <th scope="row">{phaseLabel(phase)}</th>
                <td className="num">{facilitation.timing[phase]} min</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

export function RunSheet({ view, send }: { view: View; send: Send }) {
  const [showDone, setShowDone] = useState(false);
  const items = ordered(view.run_sheet ?? [], view.game.turn);
  const shown = items.filter((i) => showDone || open(i) || i.turn === view.game.turn);
  return (
    <Section
      title="Run-sheet: scripted injects and narratives"
      id="runsheet-title"
      actions={
        <label className="check small">
          <input type="checkbox" checked={showDone} onChange={(e) => setShowDone(e.target.checked)} /> Show earlier turns
        </label>
      }
    >
      <p className="hint">
        Due items are issued when their turn opens if their condition holds; held items wait for you. Edit before issuing; the record keeps the
        scripted text.
      </p>
      {shown.length === 0 ? (
        <p className="muted">Nothing scripted is left.</p>
      ) : (
        <ol className="runsheet" data-testid="runsheet">
          {shown.map((item) => (
            <Item key={item.id} view={view} item={item} send={send} />
          ))}
        </ol>
      )}
    </Section>
  );
}
