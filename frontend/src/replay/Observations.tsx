/**
 * The Observations panel of the replay, for analysts and the White Cell: the study's questions
 * (the collection plan), an observation form (text, tags from the plan or free ones, linked to
 * the seq on screen), and every analyst's observations, filtered by tag. It reads
 * GET /analysis/, which the server gives analysts and the White Cell alone; observations are
 * events (add_observation), so they are in the log like everything else.
 */

import { useCallback, useEffect, useId, useMemo, useState } from "react";
import type { Api } from "../server/api";
import { ErrorNote, useAction } from "../ui/actions";

export interface PlanQuestion {
  id: string;
  question: string;
  indicators: string[];
  decisions: string[];
  tags: string[];
  questionnaire: string[];
}

export interface Observation {
  id: string;
  seq: number;
  at: string;
  turn: number;
  phase: string | null;
  role: string;
  analyst: string | null;
  author: string | null;
  text: string;
  tags: string[];
  about_seq: number | null;
}

export interface StudyRecord {
  seq: number;
  me: { id: string; name: string; grant: string } | null;
  collection_plan: PlanQuestion[];
  analysts: { id: string; name: string; grant: string }[];
  observations: Observation[];
}

/** The study's record, or null for a caller who is not given it (a seat, the observer). */
export function useStudy(api: Api, gameId: string, headSeq: number | undefined) {
  const [study, setStudy] = useState<StudyRecord | null>(null);
  const [denied, setDenied] = useState(false);
  const load = useCallback(async () => {
    try {
      const found = await api.request<StudyRecord>("GET", `/api/games/${encodeURIComponent(gameId)}/analysis/`);
      if (Array.isArray(found?.observations) && Array.isArray(found?.collection_plan)) setStudy(found);
      else setDenied(true);
    } catch {
      setDenied(true); // a seat or the observer: the study's record is not theirs
    }
  }, [api, gameId]);
  useEffect(() => {
    if (headSeq !== undefined && !denied) void load();
  }, [load, headSeq, denied]);
  return { study: denied ? null : study, reload: load };
}

/** Tags of a free-text field: split on commas, trimmed, none twice. */
export function freeTags(text: string): string[] {
  const found: string[] = [];
  for (const part of text.split(",")) {
    const tag = part.trim();
    if (tag && !found.includes(tag)) found.push(tag);
  }
  return found;
}

export function planTags(plan: PlanQuestion[]): string[] {
  const found: string[] = [];
  for (const question of plan) for (const tag of question.tags) if (!found.includes(tag)) found.push(tag);
  return found;
}

export function Observations({
  api,
  gameId,
  study,
  seq,
  onAdded,
  onJump,
}: {
  api: Api;
  gameId: string;
  study: StudyRecord;
  seq: number;
  onAdded: () => Promise<void>;
  onJump: (seq: number) => void;
}) {
  const [text, setText] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [extra, setExtra] = useState("");
  const [linked, setLinked] = useState(true);
  const [filter, setFilter] = useState("");
  const action = useAction();
  const ids = { text: useId(), extra: useId(), filter: useId() };
  const tags = useMemo(() => planTags(study.collection_plan), [study.collection_plan]);
  const used = useMemo(() => {
    const all = [...tags];
    for (const o of study.observations) for (const t of o.tags) if (!all.includes(t)) all.push(t);
    return all;
  }, [tags, study.observations]);
  const shown = filter ? study.observations.filter((o) => o.tags.includes(filter)) : study.observations;

  return (
    <div className="observations">
      {study.collection_plan.length > 0 && (
        <details className="study-plan">
          <summary>The study's questions ({study.collection_plan.length})</summary>
          <ol>
            {study.collection_plan.map((q) => (
              <li key={q.id}>
                {q.question}
                {q.tags.length > 0 && <span className="muted small"> · tags: {q.tags.join(", ")}</span>}
              </li>
            ))}
          </ol>
        </details>
      )}
      <form
        className="observation-form"
        aria-label="Add an observation"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!text.trim()) return;
          const all = [...chosen, ...freeTags(extra).filter((t) => !chosen.includes(t))];
          const sent = await action.run(() =>
            api.command(gameId, {
              type: "add_observation",
              text: text.trim(),
              tags: all,
              ...(linked ? { seq } : {}),
            }),
          );
          if (sent) {
            setText("");
            setChosen([]);
            setExtra("");
            await onAdded();
          }
        }}
      >
        <div className="field">
          <label htmlFor={ids.text}>Observation{study.me ? ` by ${study.me.name}` : " by the White Cell"}</label>
          <textarea id={ids.text} rows={3} value={text} maxLength={4000} onChange={(e) => setText(e.target.value)} />
        </div>
        {tags.length > 0 && (
          <fieldset className="observation-tags">
            <legend>Tags from the plan</legend>
            {tags.map((tag) => (
              <label key={tag} className="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(tag)}
                  onChange={(e) => setChosen(e.target.checked ? [...chosen, tag] : chosen.filter((t) => t !== tag))}
                />
                {tag}
              </label>
            ))}
          </fieldset>
        )}
        <div className="field">
          <label htmlFor={ids.extra}>
            Other tags <span className="hint">(separated by commas)</span>
          </label>
          <input id={ids.extra} value={extra} maxLength={200} onChange={(e) => setExtra(e.target.value)} />
        </div>
        <label className="check">
          <input type="checkbox" checked={linked} onChange={(e) => setLinked(e.target.checked)} />
          About the event at seq {seq}
        </label>
        <ErrorNote error={action.error} />
        <button type="submit" disabled={action.busy || !text.trim()}>
          Add observation
        </button>
      </form>

      <div className="field observation-filter">
        <label htmlFor={ids.filter}>Show</label>
        <select id={ids.filter} value={filter} onChange={(e) => setFilter(e.target.value)}>
          <option value="">every observation ({study.observations.length})</option>
          {used.map((tag) => (
            <option key={tag} value={tag}>
              tagged {tag} ({study.observations.filter((o) => o.tags.includes(tag)).length})
            </option>
          ))}
        </select>
      </div>
      {shown.length === 0 ? (
        <p className="muted">No observations{filter ? ` tagged ${filter}` : ""} yet.</p>
      ) : (
        <ul className="notes observation-list" data-testid="observation-list">
          {shown.map((o) => (
            <li key={o.id} className="observation">
              <div className="meta">
                <strong>{o.author ?? "White Cell"}</strong> · turn {o.turn || "–"} · seq {o.seq}
                {o.about_seq ? (
                  <>
                    {" · "}
                    <button type="button" className="quiet" onClick={() => onJump(o.about_seq!)}>
                      about seq {o.about_seq}
                    </button>
                  </>
                ) : null}
              </div>
              <p>{o.text}</p>
              {o.tags.length > 0 && (
                <p className="observation-tag-line">
                  {o.tags.map((tag) => (
                    <span key={tag} className="tag">
                      {tag}
                    </span>
                  ))}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
