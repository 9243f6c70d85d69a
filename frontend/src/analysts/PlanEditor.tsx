/** The White Cell's collection plan, on the People tab: the study's questions and what will
 * answer each (indicators, seats' decisions, observation tags, questionnaire ids). Editable
 * until the game starts (set_collection_plan); read-only after, as the engine refuses a change. */

import { useEffect, useId, useState } from "react";
import type { Api } from "../server/api";
import type { View } from "../server/types";
import { ErrorNote, useAction } from "../ui/actions";
import { Section } from "../ui/layout";
import { freeTags, type PlanQuestion } from "../replay/Observations";

interface Draft {
  id: string;
  question: string;
  indicators: string;
  decisions: string;
  tags: string;
  questionnaire: string;
}

const KEYS = ["indicators", "decisions", "tags", "questionnaire"] as const;

export function toDraft(q: PlanQuestion): Draft {
  return {
    id: q.id,
    question: q.question,
    indicators: q.indicators.join(", "),
    decisions: q.decisions.join(", "),
    tags: q.tags.join(", "),
    questionnaire: q.questionnaire.join(", "),
  };
}

export function fromDraft(d: Draft): PlanQuestion {
  return {
    id: d.id.trim(),
    question: d.question.trim(),
    indicators: freeTags(d.indicators),
    decisions: freeTags(d.decisions),
    tags: freeTags(d.tags),
    questionnaire: freeTags(d.questionnaire),
  };
}

const LABELS: Record<(typeof KEYS)[number], string> = {
  indicators: "Indicators (ids, separated by commas)",
  decisions: "Decisions of the seats (ids, separated by commas)",
  tags: "Observation tags (separated by commas)",
  questionnaire: "Questionnaire question ids (separated by commas)",
};

function QuestionFields({ draft, index, onChange, onRemove }: { draft: Draft; index: number; onChange: (d: Draft) => void; onRemove: () => void }) {
  const base = useId();
  return (
    <fieldset className="plan-question">
      <legend>Question {index + 1}</legend>
      <div className="field">
        <label htmlFor={`${base}-id`}>Id</label>
        <input id={`${base}-id`} value={draft.id} maxLength={100} onChange={(e) => onChange({ ...draft, id: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${base}-q`}>Question</label>
        <textarea id={`${base}-q`} rows={2} value={draft.question} maxLength={2000} onChange={(e) => onChange({ ...draft, question: e.target.value })} />
      </div>
      {KEYS.map((key) => (
        <div className="field" key={key}>
          <label htmlFor={`${base}-${key}`}>{LABELS[key]}</label>
          <input id={`${base}-${key}`} value={draft[key]} onChange={(e) => onChange({ ...draft, [key]: e.target.value })} />
        </div>
      ))}
      <button type="button" className="quiet" onClick={onRemove}>
        Remove question {index + 1}
      </button>
    </fieldset>
  );
}

export function PlanEditor({ view, gameId, api }: { view: View; gameId: string; api: Api }) {
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [saved, setSaved] = useState(false);
  const load = useAction();
  const save = useAction();
  const editable = view.game.status === "setup";
  useEffect(() => {
    void load.run(async () => {
      const study = await api.request<{ collection_plan: PlanQuestion[] }>("GET", `/api/games/${encodeURIComponent(gameId)}/analysis/`);
      setDrafts(study.collection_plan.map(toDraft));
    });
  }, [api, gameId, load.run]);

  return (
    <Section title="The study's questions" id="plan-title">
      <p className="hint">
        The collection plan: what the game is played to find out, and what will answer each question. Analysts tag their
        observations with its tags; the after-action report opens with each question and its evidence.{" "}
        {editable ? "It can be changed until the game starts." : "It was fixed when the game started."}
      </p>
      <ErrorNote error={load.error} />
      {drafts === null ? (
        <p className="muted">Loading…</p>
      ) : !editable ? (
        drafts.length === 0 ? (
          <p className="muted">This game has no collection plan.</p>
        ) : (
          <ol data-testid="plan">
            {drafts.map((d) => (
              <li key={d.id}>
                {d.question} <span className="muted small">· tags: {d.tags || "none"}</span>
              </li>
            ))}
          </ol>
        )
      ) : (
        <form
          data-testid="plan"
          onSubmit={(e) => {
            e.preventDefault();
            setSaved(false);
            void save.run(async () => {
              await api.command(gameId, { type: "set_collection_plan", questions: drafts.map(fromDraft) });
              setSaved(true);
            });
          }}
        >
          {drafts.map((draft, index) => (
            <QuestionFields
              key={index}
              draft={draft}
              index={index}
              onChange={(d) => setDrafts(drafts.map((x, i) => (i === index ? d : x)))}
              onRemove={() => setDrafts(drafts.filter((_, i) => i !== index))}
            />
          ))}
          <div className="button-row">
            <button
              type="button"
              className="quiet"
              onClick={() =>
                setDrafts([...drafts, { id: `q${drafts.length + 1}`, question: "", indicators: "", decisions: "", tags: "", questionnaire: "" }])
              }
            >
              Add a question
            </button>
            <button type="submit" disabled={save.busy}>
              Save the plan
            </button>
            <span role="status" className="hint">
              {saved ? "Saved." : ""}
            </span>
          </div>
          <ErrorNote error={save.error} />
        </form>
      )}
    </Section>
  );
}
