/** The run-sheet & injects tab: the scripted queue, an ad-hoc inject, everything issued. */

import { useId, useState } from "react";
import type { IssueInjectCommand, Send } from "../server/commands.gen";
import type { Effect, View } from "../server/types";
import { ErrorNote, useAction } from "../ui/actions";
import { InjectList } from "../ui/briefing";
import { Section } from "../ui/layout";
import { EffectsEditor } from "./AdjudicationPanel";
import { RunSheet } from "./RunSheet";

export function Injects({ view, send }: { view: View; send: Send }) {
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
