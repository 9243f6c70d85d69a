/** Questions to the players: the team console's list with an answer form per question (each
 * member answers for themselves, the shared link as the team), and the White Cell's form to
 * ask one, to chosen seats, optionally tied to a seat's moves of a turn. */

import { useId, useState } from "react";
import type { Send } from "../server/commands.gen";
import type { Question, View } from "../server/types";
import type { Me } from "../members/api";
import { ErrorNote, useAction } from "../ui/actions";
import { seatName } from "../ui/format";
import { Section } from "../ui/layout";
import "./hotwash.css";

function moveLabel(view: View, moveId: string): string {
  const move = view.moves.find((m) => m.id === moveId);
  if (!move) return moveId;
  const what = move.argument ? move.argument.action : (move.action_name ?? move.action ?? "a secret move");
  return `turn ${move.turn}: ${what}`;
}

/** The answer in words: the scale's value with its ends, the choice, the text. */
export function answerText(question: Question, answer: Question["answers"][number]): string {
  const parts: string[] = [];
  if (question.kind === "scale" && answer.value !== null && question.scale) {
    parts.push(`${answer.value} of ${question.scale.min}–${question.scale.max}`);
  }
  if (answer.choice) parts.push(answer.choice);
  if (answer.text) parts.push(answer.text);
  return parts.join(" · ");
}

function Decision({ view, question, seat }: { view: View; question: Question; seat: string }) {
  if (!question.tied) return null;
  const moves = question.about[seat] ?? [];
  return (
    <p className="hint question-about" data-testid={`question-about-${question.id}`}>
      About {view.role === "control" ? `${seatName(view, seat)}'s` : "your"} decision:{" "}
      {moves.length ? moves.map((id) => moveLabel(view, id)).join("; ") : "no move that turn"}
    </p>
  );
}

function AnswerForm({ question, send }: { question: Question; send: Send }) {
  const ids = { text: useId(), group: useId() };
  const [text, setText] = useState("");
  const [value, setValue] = useState<number | null>(null);
  const [choice, setChoice] = useState<string | null>(null);
  const action = useAction();
  const ready = question.kind === "text" ? text.trim() !== "" : question.kind === "scale" ? value !== null : choice !== null;
  const scale = question.scale;
  const values = scale ? Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i) : [];
  return (
    <form
      className="answer-form"
      onSubmit={(event) => {
        event.preventDefault();
        void action.run(() =>
          send({
            type: "answer_question",
            question_id: question.id,
            ...(text.trim() ? { text: text.trim() } : {}),
            ...(question.kind === "scale" && value !== null ? { value } : {}),
            ...(question.kind === "choice" && choice ? { choice } : {}),
          }),
        );
      }}
    >
      {question.kind === "scale" && scale && (
        <fieldset className="scale">
          <legend id={ids.group}>
            From {scale.min}
            {scale.low ? ` (${scale.low})` : ""} to {scale.max}
            {scale.high ? ` (${scale.high})` : ""}
          </legend>
          <div className="scale-row">
            {values.map((v) => (
              <label key={v} className="scale-point">
                <input type="radio" name={`${question.id}-value`} value={v} checked={value === v} onChange={() => setValue(v)} />
                {v}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {question.kind === "choice" && (
        <fieldset>
          <legend>Choose one</legend>
          {question.choices.map((c) => (
            <label key={c} className="choice">
              <input type="radio" name={`${question.id}-choice`} value={c} checked={choice === c} onChange={() => setChoice(c)} /> {c}
            </label>
          ))}
        </fieldset>
      )}
      <label htmlFor={ids.text}>{question.kind === "text" ? "Your answer" : "Why (optional)"}</label>
      <textarea id={ids.text} rows={3} maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} />
      <button type="submit" disabled={action.busy || !ready}>
        Send your answer
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}

/** The team console's questions: each with the decision it asks about, the team's answers,
 * and a form while this member (or the shared link) has not answered. */
export function TeamQuestions({ view, me, send }: { view: View; me: Me | null | undefined; send: Send }) {
  const seat = view.seat ?? "";
  const questions = view.questionnaires ?? [];
  const mine = me?.member?.id ?? null;
  return (
    <Section title="Questions from the White Cell" id="questions-title">
      {questions.length === 0 && <p className="muted">No questions yet. They come at the end of a turn, or when the White Cell asks.</p>}
      <ol className="questions" data-testid="questions">
        {questions.map((question) => {
          const mayAnswer = question.whole_seats.includes(seat) || question.members.some((m) => m.id === mine);
          const answered = question.answers.some((a) => a.member === mine && a.seat === seat);
          return (
            <li key={question.id} className="card question" data-testid={`question-${question.id}`}>
              <p className="question-text">{question.text}</p>
              <Decision view={view} question={question} seat={seat} />
              {question.answers.length > 0 && (
                <ul className="answers">
                  {question.answers.map((a) => (
                    <li key={a.seq}>
                      <strong>{a.name ?? "The team"}:</strong> {answerText(question, a)}
                    </li>
                  ))}
                </ul>
              )}
              {mayAnswer && !answered && <AnswerForm question={question} send={send} />}
              {answered && <p className="hint">You have answered.</p>}
            </li>
          );
        })}
      </ol>
    </Section>
  );
}

/** Every question with its answers, for the White Cell (and the replay once the record is open). */
export function QuestionList({ view }: { view: View }) {
  const questions = view.questionnaires ?? [];
  if (questions.length === 0) return <p className="muted">No questions asked yet.</p>;
  return (
    <ol className="questions" data-testid="question-list">
      {questions.map((question) => (
        <li key={question.id} className="card question">
          <p className="question-text">{question.text}</p>
          <p className="hint">
            {question.source === "scenario" ? "From the scenario" : "Asked by the White Cell"}
            {question.turn ? `, turn ${question.turn}` : ""}; to{" "}
            {question.seats.map((s) => seatName(view, s)).join(", ")}
            {question.members.length ? ` (${question.members.map((m) => m.name).join(", ")})` : ""}
          </p>
          {question.seats.map((seat) => (
            <Decision key={seat} view={view} question={question} seat={seat} />
          ))}
          <ul className="answers">
            {question.answers.map((a) => (
              <li key={a.seq}>
                <strong>
                  {a.name ?? seatName(view, a.seat)}
                  {a.name ? ` (${seatName(view, a.seat)})` : ""}:
                </strong>{" "}
                {answerText(question, a)}
              </li>
            ))}
            {question.answers.length === 0 && <li className="muted">No answer yet.</li>}
          </ul>
        </li>
      ))}
    </ol>
  );
}

/** The White Cell asks: text, kind, seats; tied to one seat's moves of a turn if wanted. */
export function AskQuestion({ view, send }: { view: View; send: Send }) {
  const ids = { text: useId(), kind: useId(), choices: useId(), low: useId(), high: useId(), turn: useId() };
  const [text, setText] = useState("");
  const [kind, setKind] = useState<"text" | "scale" | "choice">("text");
  const [choices, setChoices] = useState("");
  const [low, setLow] = useState("");
  const [high, setHigh] = useState("");
  const [seats, setSeats] = useState<string[]>([]);
  const [turn, setTurn] = useState("");
  const action = useAction();
  const tiedTurn = seats.length === 1 && turn ? Number(turn) : null;
  const toggle = (role: string) => setSeats((current) => (current.includes(role) ? current.filter((s) => s !== role) : [...current, role]));
  return (
    <form
      className="ask-form"
      aria-label="Ask the players"
      onSubmit={(event) => {
        event.preventDefault();
        void action.run(async () => {
          await send({
            type: "ask_question",
            text: text.trim(),
            kind,
            seats,
            ...(kind === "choice" ? { choices: choices.split("\n").map((c) => c.trim()).filter(Boolean) } : {}),
            ...(kind === "scale" ? { scale_min: 1, scale_max: 5, low_label: low.trim(), high_label: high.trim() } : {}),
            ...(tiedTurn ? { about_turn: tiedTurn } : {}),
          });
          setText("");
        });
      }}
    >
      <label htmlFor={ids.text}>Question</label>
      <textarea id={ids.text} rows={2} maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} placeholder="Why did you not restrict trade in turn 2?" />
      <label htmlFor={ids.kind}>Kind of answer</label>
      <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
        <option value="text">Free text</option>
        <option value="scale">Scale from 1 to 5</option>
        <option value="choice">Choice</option>
      </select>
      {kind === "choice" && (
        <>
          <label htmlFor={ids.choices}>Choices, one a line</label>
          <textarea id={ids.choices} rows={3} value={choices} onChange={(e) => setChoices(e.target.value)} />
        </>
      )}
      {kind === "scale" && (
        <>
          <label htmlFor={ids.low}>What 1 means</label>
          <input id={ids.low} value={low} maxLength={200} onChange={(e) => setLow(e.target.value)} />
          <label htmlFor={ids.high}>What 5 means</label>
          <input id={ids.high} value={high} maxLength={200} onChange={(e) => setHigh(e.target.value)} />
        </>
      )}
      <fieldset>
        <legend>Ask</legend>
        {view.seats.map((s) => (
          <label key={s.role} className="choice">
            <input type="checkbox" checked={seats.includes(s.role)} onChange={() => toggle(s.role)} /> {s.name}
          </label>
        ))}
      </fieldset>
      <label htmlFor={ids.turn}>About that team's moves of turn (one team only; empty: no decision)</label>
      <select id={ids.turn} value={turn} onChange={(e) => setTurn(e.target.value)} disabled={seats.length !== 1}>
        <option value="">No decision</option>
        {Array.from({ length: view.game.turn }, (_, i) => i + 1).map((t) => (
          <option key={t} value={t}>
            Turn {t}
          </option>
        ))}
      </select>
      <button type="submit" disabled={action.busy || !text.trim() || seats.length === 0}>
        Ask
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}
