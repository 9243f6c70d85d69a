/**
 * The after-action replay: step through the log and see the game from any chair at any point.
 * Every view on this page is the server's view of one role at one seq (GET /state/?at=&as=);
 * nothing is filtered here, so a chair never shows what it could not see.
 */

import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import { Api, errorText } from "../api";
import { ErrorNote, Loading, Problem, Section, SeatTag, TabPanel, Tabs, seatColour, useAction, type TabSpec } from "../components";
import { clockTime, gameStatusText, moveTitle, phaseLabel, plural, rooms, seatName, seatNames, signed } from "../format";
import { useMediaQuery } from "../game";
import { CAUSE_LEGEND, IndicatorChart } from "../IndicatorChart";
import { SimulationPanel } from "../simulate/SimulationPanel";
import { AdjudicationSummary, DetectionTable, InjectList, MoveCard, Narratives, OpenRecordButton, ProposalTerms, ScoreTable } from "../parts";
import {
  allEvents,
  canChooseChair,
  clampSeq,
  perspectives,
  phaseStarts,
  positionAt,
  publishedCommitments,
  readParams,
  revealsFrom,
  step,
  stops,
  turnMarkers,
  turnStep,
  verifyReveal,
  ViewCache,
  writeParams,
  type CommitmentCheck,
  type Reveal,
  type TurnMarker,
} from "../replay";
import { links } from "../route";
import type { GameSummary, HistoryPoint, Move, StateBody, StoredEvent, View } from "../types";
import { SiteBar } from "./Lobby";

const THUMB = 18; // px, the slider's thumb (styles.css .scrub-range)

function chairPossessive(view: Pick<View, "seats"> | null, role: string): string {
  return `${seatName(view, role)}'s`;
}

// ---- chair and scrubber ----------------------------------------------------------------------

function ChairPicker({ view, chair, onChange }: { view: View; chair: string; onChange: (role: string) => void }) {
  return (
    <fieldset className="chairs">
      <legend>Seen from</legend>
      <div className="chair-options">
        {perspectives(view).map((role, i) => (
          <label key={role} className={`chair${role === chair ? " chosen" : ""}`} style={{ ["--seat" as string]: seatColour(role, i) }}>
            <input type="radio" name="chair" value={role} checked={role === chair} onChange={() => onChange(role)} />
            <span>{seatName(view, role)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function Scrubber({
  seq,
  maxSeq,
  markers,
  ticks,
  position,
  eventText,
  loading,
  onSeq,
  onStep,
  onTurn,
}: {
  seq: number;
  maxSeq: number;
  markers: TurnMarker[];
  ticks: number[];
  position: string;
  eventText: ReactNode;
  loading: boolean;
  onSeq: (seq: number, immediate?: boolean) => void;
  onStep: (dir: 1 | -1) => void;
  onTurn: (dir: 1 | -1) => void;
}) {
  const [goto, setGoto] = useState("");
  const gotoId = useId();
  const left = (at: number) => `calc(${THUMB / 2}px + (100% - ${THUMB}px) * ${at})`;
  return (
    <div className="scrubber">
      <div className="scrub-position" data-testid="scrub-position">
        <span className="scrub-seq">
          Seq <strong data-testid="scrub-seq">{seq}</strong> of {maxSeq}
        </span>
        <span className="scrub-phase">{position}</span>
        <span className="scrub-loading" role="status">
          {loading ? "Loading…" : ""}
        </span>
      </div>
      <p className="scrub-event" aria-live="polite" data-testid="scrub-event">
        {eventText}
      </p>
      <div className={`slider${markers.some((m) => m.row > 0) ? " two-rows" : ""}`}>
        <div className="slider-ticks" aria-hidden="true">
          {ticks.map((t) => (
            <span key={t} className="tick" style={{ left: left((t - 1) / Math.max(1, maxSeq - 1)) }} />
          ))}
          {markers.map((m) => (
            <span key={m.seq} className={`tick tick-${m.kind}`} style={{ left: left(m.at) }} />
          ))}
        </div>
        <input
          className="scrub-range"
          type="range"
          min={1}
          max={maxSeq}
          step={1}
          value={seq}
          aria-label="Point in the game (seq)"
          aria-valuetext={`Seq ${seq} of ${maxSeq}: ${position}`}
          onChange={(e) => onSeq(Number(e.target.value))}
          onKeyDown={(e) => {
            if (e.shiftKey && (e.key === "ArrowLeft" || e.key === "ArrowRight")) {
              e.preventDefault();
              onTurn(e.key === "ArrowLeft" ? -1 : 1);
            }
          }}
          data-testid="scrubber"
        />
        <div className="slider-marks">
          {markers.map((m) => (
            <button
              key={m.seq}
              type="button"
              className={`mark mark-${m.kind} row-${m.row}${m.at > 0.96 ? " edge-right" : m.at < 0.04 ? " edge-left" : ""}${seq >= m.seq && (markers.find((n) => n.seq > m.seq)?.seq ?? Infinity) > seq ? " current" : ""}`}
              style={{ left: left(m.at) }}
              title={`${m.title} (seq ${m.seq})`}
              aria-label={`${m.label}: ${m.title}, go to seq ${m.seq}`}
              onClick={() => onSeq(m.seq, true)}
            >
              {m.label}
            </button>
          ))}
        </div>
      </div>
      <div className="scrub-buttons">
        <div className="button-row">
          <button type="button" onClick={() => onTurn(-1)} disabled={seq <= 1} aria-label="Back to the start of this turn or the previous one">
            <span aria-hidden="true">«</span> Turn
          </button>
          <button type="button" onClick={() => onStep(-1)} disabled={seq <= 1} aria-label="Previous event">
            <span aria-hidden="true">‹</span> Event
          </button>
          <button type="button" onClick={() => onStep(1)} disabled={seq >= maxSeq} aria-label="Next event">
            Event <span aria-hidden="true">›</span>
          </button>
          <button type="button" onClick={() => onTurn(1)} disabled={seq >= maxSeq} aria-label="Start of the next turn">
            Turn <span aria-hidden="true">»</span>
          </button>
        </div>
        <form
          className="inline-form goto"
          onSubmit={(e) => {
            e.preventDefault();
            const n = Number(goto);
            if (Number.isFinite(n) && goto.trim()) onSeq(clampSeq(n, maxSeq), true);
            setGoto("");
          }}
        >
          <label htmlFor={gotoId}>Go to seq</label>
          <input id={gotoId} type="number" min={1} max={maxSeq} className="narrow" value={goto} onChange={(e) => setGoto(e.target.value)} />
          <button type="submit">Go</button>
        </form>
        <p className="hint keys">
          Keys: <kbd>←</kbd> <kbd>→</kbd> previous / next event, with <kbd>Shift</kbd> by turn.
        </p>
      </div>
    </div>
  );
}

// ---- the decision log ------------------------------------------------------------------------

function ProposalDetail({ move }: { move: Move }) {
  const p = move.proposal;
  if (!p) return null;
  return (
    <details className="proposal-detail">
      <summary>
        Engine's proposal {p.proposed}%{p.probability !== p.proposed ? `, set to ${p.probability}%` : ""}
      </summary>
      <ProposalTerms proposal={p} />
      {p.strong.length > 0 && <p className="small">Arguments accepted as strong: {p.strong.join(", ")}</p>}
    </details>
  );
}

function DetectionRolls({ view, move }: { view: View; move: Move }) {
  const rolls = view.adjudications.flatMap((a) => (a.detection ?? []).filter((d) => d.move_id === move.id));
  return <DetectionTable view={view} rows={rolls} testId={`detection-${move.id}`} small />;
}

function CheckBadge({ check }: { check: CommitmentCheck | undefined }) {
  if (!check) return <span className="tag">checking…</span>;
  return check.verified ? <span className="tag tag-verified">verified</span> : <span className="tag tag-mismatch">does not match</span>;
}

function CommitmentLine({ view, move, reveal, check }: { view: View; move: Move; reveal: Reveal | undefined; check: CommitmentCheck | undefined }) {
  if (move.visibility !== "secret" || !move.commitment) return null;
  const shown = reveal && reveal.seq <= view.seq;
  return (
    <p className="commitment-line small" data-testid={`commitment-${move.id}`}>
      {shown ? (
        <>
          Commitment check (revealed at seq {reveal.seq}): <CheckBadge check={check} />
        </>
      ) : move.revealed ? (
        <span className="muted">Commitment check: reading the reveal…</span>
      ) : (
        <span className="muted">Commitment sealed at this point: the salt is not public yet.</span>
      )}
    </p>
  );
}

function DecisionLog({
  view,
  reveals,
  checks,
}: {
  view: View;
  reveals: Map<string, Reveal>;
  checks: Map<string, CommitmentCheck>;
}) {
  const turns = useMemo(() => {
    const groups = new Map<number, Move[]>();
    for (const move of view.moves) groups.set(move.turn, [...(groups.get(move.turn) ?? []), move]);
    return [...groups.entries()].sort((a, b) => a[0] - b[0]);
  }, [view.moves]);
  if (turns.length === 0) return <p className="muted">No moves {seatName(view, view.role)} could see at this point.</p>;
  return (
    <div className="decision-log" data-testid="decision-log">
      {turns.map(([turn, moves]) => (
        <section key={turn} className="turn-group" aria-labelledby={`log-turn-${turn}`}>
          <h3 className="turn-heading" id={`log-turn-${turn}`}>
            Turn {turn}
            {view.game.turn_labels[turn - 1] ? ` · ${view.game.turn_labels[turn - 1]}` : ""}
          </h3>
          <div className="move-list">
            {moves.map((move) => {
              const intel = view.intelligence.filter((r) => r.move_id === move.id);
              const earlier = view.adjudications.filter((a) => a.moves.includes(move.id) && a.id !== move.adjudication_id);
              const current = view.adjudications.find((a) => a.id === move.adjudication_id);
              const partner = current?.opposed ? current.moves.find((m) => m !== move.id) : undefined;
              return (
                <MoveCard key={move.id} view={view} move={move}>
                  {partner && <p className="small">Opposed pair: resolved against move {partner}.</p>}
                  <ProposalDetail move={move} />
                  <DetectionRolls view={view} move={move} />
                  {earlier.map((a) => (
                    <div key={a.id} className="earlier">
                      <p className="small">
                        Earlier adjudication {a.id} (seq {a.seq}){a.voided ? `, voided at seq ${a.void_seq ?? "?"}` : ""}:
                      </p>
                      <AdjudicationSummary view={view} adjudication={a} moveId={move.id} />
                    </div>
                  ))}
                  {move.action === undefined &&
                    intel.map((r) => (
                      <div key={r.seq} className="intel small" data-testid={`intel-${move.id}`}>
                        <span className="tag tag-intel">intelligence</span> Seq {r.seq}: {seatName(view, r.seat)} learned that{" "}
                        {seatName(view, r.about)} is carrying out <strong>{moveTitle(r)}</strong>
                        {r.targets.length ? ` against ${seatNames(view, r.targets)}` : ""}.
                      </div>
                    ))}
                  <CommitmentLine view={view} move={move} reveal={reveals.get(move.id)} check={checks.get(move.id)} />
                </MoveCard>
              );
            })}
          </div>
        </section>
      ))}
    </div>
  );
}

function SecretMoves({
  view,
  reveals,
  published,
  checks,
}: {
  view: View;
  reveals: Map<string, Reveal>;
  published: Map<string, { seq: number; commitment: string }>;
  checks: Map<string, CommitmentCheck>;
}) {
  const secret = view.moves.filter((m) => m.visibility === "secret");
  return (
    <>
      <p className="hint">
        A secret move is sealed with a commitment, published when the orders close:{" "}
        <code className="nowrap">sha256(canonical_json({"{"}"move": …, "salt": …{"}"}))</code>. When the move is revealed, this page
        recomputes the hash in your browser from the revealed move and its salt.
      </p>
      {secret.length === 0 && <p className="muted">No secret moves {seatName(view, view.role)} knew of at this point.</p>}
      <ul className="secret-moves">
        {secret.map((move) => {
          const reveal = reveals.get(move.id);
          const shown = reveal && reveal.seq <= view.seq ? reveal : undefined;
          const pub = published.get(move.id);
          const check = checks.get(move.id);
          return (
            <li key={move.id} className="secret-move" data-testid={`secret-${move.id}`}>
              <p className="move-head">
                <SeatTag view={view} role={move.seat} /> <span className="move-id">{move.id}</span> <span className="muted">turn {move.turn}</span>
                {shown ? <CheckBadge check={check} /> : <span className="tag tag-secret">sealed</span>}
              </p>
              <dl className="facts">
                <dt>Commitment</dt>
                <dd>
                  <code className="hash">{move.commitment}</code>
                  {pub && <span className="muted small"> published at seq {pub.seq}</span>}
                </dd>
                {move.detected_by && (
                  <>
                    <dt>Detected by</dt>
                    <dd>{move.detected_by.length ? seatNames(view, move.detected_by) : "nobody"}</dd>
                  </>
                )}
                {move.detected !== undefined && (
                  <>
                    <dt>{chairPossessive(view, view.role)} intelligence</dt>
                    <dd>{move.detected ? "detected it" : "has not detected it"}</dd>
                  </>
                )}
                {shown ? (
                  <>
                    <dt>Revealed</dt>
                    <dd>
                      at seq {shown.seq}
                      {shown.reason ? ` (${shown.reason})` : ""}: <strong>{moveTitle(shown)}</strong>
                      {shown.targets.length ? ` → ${seatNames(view, shown.targets)}` : ""}
                    </dd>
                    <dt>Salt</dt>
                    <dd>
                      <code className="hash">{shown.salt}</code>
                    </dd>
                    <dt>Recomputed</dt>
                    <dd>
                      <code className="hash">{check?.computed ?? "…"}</code>{" "}
                      <span data-testid={`check-${move.id}`}>
                        <CheckBadge check={check} />
                      </span>
                    </dd>
                  </>
                ) : (
                  <>
                    <dt>Status</dt>
                    <dd>Not revealed at this point: the content and the salt are not public yet.</dd>
                  </>
                )}
              </dl>
            </li>
          );
        })}
      </ul>
    </>
  );
}

// ---- the other sections ----------------------------------------------------------------------

/** The White Cell's chair: what the run-sheet did to the scripted items, and who edited them. */
function RunSheetRecord({ view }: { view: View }) {
  const touched = view.run_sheet!.filter(
    (i) => i.edited_by || i.status === "skipped" || i.status === "held" || i.title !== i.scripted.title || i.text !== i.scripted.text,
  );
  return (
    <Section title="Run-sheet: held, edited and skipped" id="runsheet-record-title">
      {touched.length === 0 ? (
        <p className="muted">Every scripted item so far went out as written.</p>
      ) : (
        <ul className="runsheet-record" data-testid="runsheet-record">
          {touched.map((item) => (
            <li key={item.id} data-item={item.id}>
              <p className="runsheet-meta">
                <span className={`tag tag-status-${item.status}`}>{item.status}</span> Turn {item.turn} · {item.kind === "inject" ? "inject" : "state of the world"}
                {item.edited_by ? ` · edited by ${item.edited_by}` : ""}
              </p>
              {item.title && <h3>{item.title}</h3>}
              <p>{item.text}</p>
              {(item.title !== item.scripted.title || item.text !== item.scripted.text) && (
                <div className="scripted-text">
                  <p className="small muted">As scripted:</p>
                  {item.scripted.title && <h4>{item.scripted.title}</h4>}
                  <p>{item.scripted.text}</p>
                </div>
              )}
              {item.skip_reason && <p className="small">Skipped: {item.skip_reason}</p>}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function ReadMessages({ view }: { view: View }) {
  const list = useMemo(() => rooms(view.messages), [view.messages]);
  if (list.length === 0) {
    return (
      <p className="muted">
        No messages {seatName(view, view.role)} could read at this point
        {view.role === "observer" ? " (observers see no messages while the game runs)" : ""}.
      </p>
    );
  }
  return (
    <div className="replay-rooms" data-testid="replay-messages">
      {list.map((room) => (
        <section key={room.key} className="replay-room" aria-label={`Conversation of ${room.members.map((m) => seatName(view, m)).join(", ")}`}>
          <h3 className="thread-title">
            {room.members.map((m) => (
              <SeatTag key={m} view={view} role={m} />
            ))}
          </h3>
          <ol className="thread-messages">
            {room.messages.map((m) => (
              <li key={m.id} className="message" data-message={m.id}>
                <p className="message-meta">
                  <strong>{seatName(view, m.from)}</strong>
                  {m.author ? ` (${m.author})` : ""} to {m.to.map((t) => seatName(view, t)).join(", ")} · seq {m.seq} · T{m.turn}{" "}
                  {phaseLabel(m.phase)} · {clockTime(m.at)}
                </p>
                <p className="message-text">{m.text}</p>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

function Intelligence({ view }: { view: View }) {
  if (view.intelligence.length === 0) return <p className="muted">No intelligence reports {seatName(view, view.role)} could read at this point.</p>;
  return (
    <ul className="intel-list">
      {view.intelligence.map((r) => (
        <li key={r.seq} className="intel" data-testid="intel-report">
          <p className="intel-head">
            <span className="tag tag-intel">report</span> Seq {r.seq} · turn {r.turn} · for <SeatTag view={view} role={r.seat} />
          </p>
          <p>
            {seatName(view, r.about)} is carrying out <strong>{moveTitle(r)}</strong> (move {r.move_id})
            {r.targets.length ? `, aimed at ${seatNames(view, r.targets)}` : ""}.
          </p>
        </li>
      ))}
    </ul>
  );
}

function Corrections({ view, onJump }: { view: View; onJump: (seq: number) => void }) {
  const voided = view.adjudications.filter((a) => a.voided);
  const points = view.indicators.flatMap((i) =>
    i.history.filter((p) => p.cause.kind === "adjustment" || p.cause.kind === "void").map((p) => ({ indicator: i, point: p })),
  );
  points.sort((a, b) => a.point.seq - b.point.seq);
  if (voided.length === 0 && points.length === 0) return <p className="muted">No corrections {seatName(view, view.role)} could see at this point.</p>;
  return (
    <>
      {voided.length > 0 && (
        <Section title="Voided adjudications" id="voided-title">
          {voided.map((a) => (
            <div key={a.id} className="voided-entry">
              <p className="small">
                {a.id} (seq {a.seq}, moves {a.moves.join(", ")}) voided at{" "}
                {a.void_seq ? (
                  <button type="button" className="link-button" onClick={() => onJump(a.void_seq!)}>
                    seq {a.void_seq}
                  </button>
                ) : (
                  "?"
                )}
              </p>
              <AdjudicationSummary view={view} adjudication={a} />
            </div>
          ))}
        </Section>
      )}
      {points.length > 0 && (
        <Section title="Indicator adjustments and reversals" id="adjust-title">
          <div className="table-wrap">
            <table data-testid="corrections">
              <thead>
                <tr>
                  <th scope="col">Seq</th>
                  <th scope="col">Indicator</th>
                  <th scope="col" className="num">
                    Change
                  </th>
                  <th scope="col" className="num">
                    Value
                  </th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {points.map(({ indicator, point }) => (
                  <tr key={`${indicator.id}-${point.seq}`}>
                    <td>
                      <button type="button" className="link-button" onClick={() => onJump(point.seq)}>
                        {point.seq}
                      </button>
                    </td>
                    <td>{indicator.name}</td>
                    <td className="num">{signed(point.delta)}</td>
                    <td className="num">{point.value}</td>
                    <td>
                      {point.cause.kind === "adjustment"
                        ? `White Cell adjustment: ${point.cause.reason ?? ""}`
                        : `Reverted with ${point.cause.adjudication_id ?? "a voided adjudication"}${point.cause.reason ? `: ${point.cause.reason}` : ""}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Section>
      )}
    </>
  );
}

function Objectives({ view }: { view: View }) {
  const seats = Object.entries(view.objectives).filter(([, list]) => list.length > 0);
  return (
    <>
      {view.scores ? (
        <Section title="Final scores" id="replay-scores">
          <ScoreTable view={view} />
        </Section>
      ) : (
        <p className="muted">The game had not ended at this point: no scores yet.</p>
      )}
      <Section title="Objectives" id="replay-objectives">
        {seats.length === 0 && <p className="muted">No objectives visible to {seatName(view, view.role)} at this point.</p>}
        {seats.map(([seat, list]) => (
          <div key={seat} className="objective-group">
            <h3>
              <SeatTag view={view} role={seat} />
            </h3>
            <ul className="objectives">
              {list.map((o) => (
                <li key={o.id}>
                  {o.text} <span className="muted">({plural(o.points, "point")}{o.condition ? `; ${o.condition}` : ""})</span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </Section>
    </>
  );
}

function ReplayTimeline({ view, seq, onJump }: { view: View; seq: number; onJump: (seq: number) => void }) {
  const items = [...view.timeline].reverse();
  return (
    <>
      {items.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <ol className="timeline replay-timeline" data-testid="replay-timeline">
          {items.map((entry) => (
            <li key={entry.seq} className={`timeline-entry type-${entry.type}${entry.seq === seq ? " current" : ""}`}>
              <span className="timeline-when">
                <button type="button" className="link-button" onClick={() => onJump(entry.seq)} aria-label={`Go to seq ${entry.seq}`}>
                  seq {entry.seq}
                </button>{" "}
                {entry.turn ? `T${entry.turn}` : "—"} {entry.phase ? phaseLabel(entry.phase) : ""}
              </span>
              <span className="timeline-text">{entry.text}</span>
              {entry.actor.name && <span className="timeline-actor"> — {entry.actor.name}</span>}
            </li>
          ))}
        </ol>
      )}
      {view.notes.length > 0 && (
        <Section title="Analysts' notes" id="replay-notes">
          <ul className="notes">
            {view.notes.map((n) => (
              <li key={n.id}>
                <span className="muted small">
                  seq {n.seq} · T{n.turn} · {seatName(view, n.role)}
                  {n.author ? ` (${n.author})` : ""}
                </span>{" "}
                {n.text}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </>
  );
}

function Charts({
  view,
  later,
  seq,
  maxSeq,
  markers,
  onJump,
}: {
  view: View;
  later: View | null;
  seq: number;
  maxSeq: number;
  markers: TurnMarker[];
  onJump: (seq: number) => void;
}) {
  if (view.indicators.length === 0) return <p className="muted">No indicators are visible to {seatName(view, view.role)}.</p>;
  return (
    <div className="charts" data-testid="charts">
      <ul className="chart-legend" aria-label="What the markers mean">
        {CAUSE_LEGEND.map(([kind, text]) => (
          <li key={kind}>
            <svg width="12" height="12" aria-hidden="true">
              <circle className={`chart-marker cause-${kind}`} cx="6" cy="6" r="5" />
            </svg>{" "}
            {text}
          </li>
        ))}
      </ul>
      {view.indicators.map((indicator) => {
        const future: HistoryPoint[] = later?.indicators.find((i) => i.id === indicator.id)?.history ?? [];
        return <IndicatorChart key={indicator.id} indicator={indicator} later={future} view={view} seq={seq} maxSeq={maxSeq} markers={markers} onJump={onJump} />;
      })}
      <p className="hint">Solid: what this chair had seen by this point. Faded: what it saw later. Select a marker to go to that event.</p>
    </div>
  );
}

// ---- exports ---------------------------------------------------------------------------------

function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function Exports({ api, gameId, chair, ownRole, head }: { api: Api; gameId: string; chair: string; ownRole: string; head: View }) {
  const action = useAction();
  const base = `/api/games/${encodeURIComponent(gameId)}`;
  const as = chair !== ownRole ? `&as=${encodeURIComponent(chair)}` : "";
  const items: { label: string; path: string; filename: string; control?: boolean; open?: boolean }[] = [
    { label: "Report (HTML)", path: `${base}/report/?format=html${as}`, filename: `report-${gameId}.html`, open: true },
    { label: "Report (Markdown)", path: `${base}/report/?format=md${as}`, filename: `report-${gameId}.md` },
    { label: "Indicators (CSV)", path: `${base}/indicators/${as ? "?" + as.slice(1) : ""}`, filename: `indicators-${gameId}.csv` },
    { label: "Event log (JSON Lines)", path: `${base}/export/`, filename: `game-${gameId}.jsonl`, control: true },
  ];
  // The event log holds the seed of the game's dice: the server gives it out once the game has ended.
  const ended = head.game.status === "ended";
  const shown = items.filter((i) => !i.control || (ownRole === "control" && ended));
  return (
    <div className="exports" data-testid="exports">
      <span className="exports-label">Exports</span>
      {shown.map((item) =>
        api.token ? (
          <button
            key={item.label}
            type="button"
            className="link-button"
            disabled={action.busy}
            onClick={() =>
              void action.run(async () => {
                const { blob, filename } = await api.download(item.path);
                saveBlob(blob, filename ?? item.filename);
              })
            }
          >
            {item.label}
          </button>
        ) : (
          <a
            key={item.label}
            href={item.path}
            {...(item.open ? { target: "_blank", rel: "noreferrer" } : { download: item.filename })}
          >
            {item.label}
          </a>
        ),
      )}
      <span className="hint">
        {chairPossessive(head, chair)} record as it stands now
        {ownRole === "control" ? (ended ? "; the event log is the whole game" : "; the event log can be exported once the game has ended") : ""}.
      </span>
      <ErrorNote error={action.error} />
    </div>
  );
}

// ---- the page --------------------------------------------------------------------------------

function useHead(api: Api, gameId: string) {
  const [head, setHead] = useState<StateBody | null>(null);
  const [error, setError] = useState<{ status: number; text: string } | null>(null);
  const load = useCallback(async () => {
    try {
      setHead(await api.stateAt(gameId, null, null));
      setError(null);
    } catch (failure) {
      setError({ status: (failure as { status?: number }).status ?? 0, text: errorText(failure) });
    }
  }, [api, gameId]);
  useEffect(() => {
    void load();
  }, [load]);
  return { head, error, reload: load };
}

export function Replay({ gameId, token = null }: { gameId: string; token?: string | null }) {
  const api = useMemo(() => new Api({ token }), [token]);
  const { head, error, reload } = useHead(api, gameId);
  const cache = useMemo(() => new ViewCache((seq, role) => api.stateAt(gameId, seq, role)), [api, gameId]);
  const initial = useRef(readParams(typeof window !== "undefined" ? window.location.search : ""));
  const [seq, setSeqState] = useState<number | null>(null);
  const [chair, setChair] = useState<string | null>(null);
  const [shown, setShown] = useState<StateBody | null>(null);
  const [later, setLater] = useState<StateBody | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [events, setEvents] = useState<StoredEvent[] | null>(null);
  const [checks, setChecks] = useState<Map<string, CommitmentCheck>>(new Map());
  const [tab, setTab] = useState("decisions");
  const [retry, setRetry] = useState(0);
  const wide = useMediaQuery("(min-width: 1100px)");

  const ownRole = head?.role ?? null;
  const maxSeq = head?.seq ?? 1;
  const choosable = head ? canChooseChair(head.role, head.view) : false;

  // The first position: from the address (?at=&as=) when allowed, else the end, own chair.
  useEffect(() => {
    if (!head) return;
    setSeqState((current) => (current === null ? clampSeq(initial.current.at ?? head.seq, head.seq) : Math.min(current, head.seq)));
    setChair((current) => {
      const wanted = current ?? initial.current.as;
      const allowed = canChooseChair(head.role, head.view) && wanted && perspectives(head.view).includes(wanted);
      return allowed ? wanted : head.role;
    });
  }, [head]);

  const setSeq = useCallback((next: number) => setSeqState(clampSeq(next, maxSeq)), [maxSeq]);

  // The view at (seq, chair): at once from the cache, else after the slider rests for a moment.
  useEffect(() => {
    if (seq === null || chair === null) return;
    const cached = cache.peek(seq, chair);
    if (cached) {
      setShown(cached);
      setLoadError(null);
      return;
    }
    let alive = true;
    const timer = window.setTimeout(() => {
      cache.get(seq, chair).then(
        (body) => {
          if (!alive) return;
          setShown(body);
          setLoadError(null);
        },
        (failure) => alive && setLoadError(errorText(failure)),
      );
    }, 160);
    return () => {
      alive = false;
      window.clearTimeout(timer);
    };
  }, [seq, chair, cache, retry]);

  // Every event the caller may read: reveals (with their salts) and published commitments.
  useEffect(() => {
    if (!head) return;
    let alive = true;
    allEvents((after) => api.events(gameId, after))
      .then((list) => alive && setEvents(list))
      .catch(() => alive && setEvents([]));
    return () => {
      alive = false;
    };
  }, [api, gameId, head]);

  const reveals = useMemo(() => revealsFrom(events ?? []), [events]);
  const published = useMemo(() => publishedCommitments(events ?? []), [events]);
  useEffect(() => {
    let alive = true;
    Promise.all([...reveals.values()].map(async (r) => [r.move_id, await verifyReveal(r, published.get(r.move_id)?.commitment)] as const)).then(
      (pairs) => alive && setChecks(new Map(pairs)),
    );
    return () => {
      alive = false;
    };
  }, [reveals, published]);

  // The same chair's last view before the record was opened: its whole series and its stops.
  const headTimeline = head?.view.timeline ?? [];
  const openSeq = headTimeline.find((e) => e.type === "record_opened")?.seq ?? null;
  const lastOwnSeq = openSeq ? openSeq - 1 : maxSeq;
  useEffect(() => {
    if (!head || chair === null) return;
    let alive = true;
    cache.get(lastOwnSeq, chair).then(
      (body) => alive && setLater(body),
      () => alive && setLater(null),
    );
    return () => {
      alive = false;
    };
  }, [head, chair, cache, lastOwnSeq]);

  const starts = useMemo(() => phaseStarts(headTimeline), [headTimeline]);
  const markers = useMemo(() => turnMarkers(headTimeline, maxSeq, head?.view.game.turn_labels ?? []), [headTimeline, maxSeq, head]);
  const laterView = later && later.role === chair ? later.view : null;
  const stopList = useMemo(
    () => stops(laterView?.timeline ?? (chair === ownRole ? headTimeline : []), maxSeq, openSeq ? [openSeq] : []),
    [laterView, chair, ownRole, headTimeline, maxSeq, openSeq],
  );

  const onStep = useCallback((dir: 1 | -1) => seq !== null && setSeq(step(stopList, seq, dir)), [seq, stopList, setSeq]);
  const onTurn = useCallback((dir: 1 | -1) => seq !== null && setSeq(turnStep(markers, seq, dir, maxSeq)), [seq, markers, maxSeq, setSeq]);
  const jump = useCallback((target: number) => setSeq(target), [setSeq]);

  // Arrow keys anywhere on the page (but not where they already mean something).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      const target = event.target as HTMLElement | null;
      if (target && (target.closest("input, select, textarea, [role=tab], [contenteditable=true]") || target.isContentEditable)) return;
      event.preventDefault();
      const dir = event.key === "ArrowLeft" ? -1 : 1;
      if (event.shiftKey) onTurn(dir);
      else onStep(dir);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onStep, onTurn]);

  // Keep the address in step, so a link shows the same point from the same chair.
  useEffect(() => {
    if (seq === null || chair === null) return;
    const search = writeParams(window.location.search, { at: seq, as: chair });
    const url = `${window.location.pathname}${search}${window.location.hash}`;
    if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(null, "", url);
  }, [seq, chair]);

  useEffect(() => {
    if (head) document.title = `Replay · ${head.view.game.title} · Wargame`;
  }, [head]);

  if (!head) {
    if (error) {
      return (
        <>
          {!token && error.status !== 401 && <SiteBar />}
          <Problem title="Cannot open the replay">
            <p>{error.text}</p>
            {token ? (
              <p>Ask the facilitator for a new link if this one no longer works.</p>
            ) : (
              <p>
                The replay opens in the browser where the game's facilitator is{" "}
                <a href={`/login/?next=${encodeURIComponent(window.location.pathname)}`}>logged in</a>, or with a seat's or the
                observer's link (ending in <code>#token=…</code>).
              </p>
            )}
          </Problem>
        </>
      );
    }
    return <Loading text="Loading the record…" />;
  }

  const game = head.view.game;
  const facilitator = head.role === "control";
  const current = seq ?? maxSeq;
  const currentChair = chair ?? head.role;
  const ready = shown && shown.seq === current && shown.role === currentChair;
  const view = shown?.view ?? null;
  const where = positionAt(starts, current);
  const ended = markers.find((m) => m.kind === "end");
  const positionText = ended && current >= ended.seq
    ? "After the game"
    : where
      ? `Turn ${where.turn} of ${game.turns}${game.turn_labels[where.turn - 1] ? ` · ${game.turn_labels[where.turn - 1]}` : ""} · ${phaseLabel(where.phase)}`
      : "Setting up";
  const entry = ready ? view!.timeline.find((e) => e.seq === current) : undefined;
  const eventText: ReactNode = !ready ? (
    <span className="muted">…</span>
  ) : entry ? (
    <>
      <span className="muted">{entry.actor.role ? `${seatName(view, entry.actor.role)}${entry.actor.name ? ` (${entry.actor.name})` : ""}: ` : ""}</span>
      {entry.text}
    </>
  ) : (
    <span className="muted">Nothing {seatName(view, currentChair)} could see happened at this seq.</span>
  );
  const ticks = starts.map((s) => s.seq);

  const tabs: TabSpec[] = [
    ...(!wide ? [{ id: "indicators", label: "Indicators" }] : []),
    { id: "decisions", label: "Decisions" },
    { id: "secret", label: "Secret moves" },
    { id: "messages", label: "Messages", badge: view?.messages.length || null },
    { id: "injects", label: "Injects" },
    { id: "intelligence", label: "Intelligence", badge: view?.intelligence.length || null },
    { id: "corrections", label: "Corrections" },
    { id: "objectives", label: "Objectives" },
    { id: "timeline", label: "Timeline" },
    ...(choosable ? [{ id: "simulate", label: "What if" }] : []),
  ];
  const currentTab = tabs.some((t) => t.id === tab) ? tab : "decisions";

  const charts = view && (
    <Charts view={view} later={laterView} seq={view.seq} maxSeq={maxSeq} markers={markers} onJump={jump} />
  );

  return (
    <div className="app replay">
      {facilitator && !token ? (
        <SiteBar>
          <a href={links.control(gameId)}>White Cell console</a>
          <a href={links.lobby()}>All games</a>
        </SiteBar>
      ) : (
        <header className="site-bar">
          <span className="brand">
            Wargame <span className="brand-sub">{chairPossessive(head.view, head.role)} link</span>
          </span>
        </header>
      )}
      <header className="game-bar replay-bar">
        <div className="game-bar-main">
          <div className="game-bar-title">
            <span className="role-line">
              After-action replay
            </span>
            <h1>{game.title}</h1>
            <span className="scenario-line">{head.view.scenario.title}</span>
            <LogRecord api={api} gameId={gameId} seq={head.seq} />
          </div>
          <div className="game-bar-state">
            <span className="status-line" data-testid="game-status">
              {gameStatusText(game)}
            </span>
            <span className="muted small" data-testid="record-state">
              {game.record_open
                ? "The record is open to every role."
                : game.status === "ended"
                  ? "The record is not open to the players yet."
                  : "The game is still running."}
            </span>
            {facilitator && game.status === "ended" && !game.record_open && (
              <OpenRecordButton
                open={false}
                onOpen={async () => {
                  await api.command(gameId, { type: "open_record" });
                  await reload();
                }}
              />
            )}
            {game.status === "running" && (
              <button type="button" className="quiet" onClick={() => void reload()}>
                Update to now
              </button>
            )}
          </div>
        </div>
        <Exports api={api} gameId={gameId} chair={currentChair} ownRole={head.role} head={head.view} />
      </header>

      <section className="replay-controls" aria-label="Replay controls">
        <div className="replay-chair">
          {choosable ? (
            <ChairPicker view={head.view} chair={currentChair} onChange={setChair} />
          ) : (
            <p className="notice own-chair" data-testid="own-chair">
              You see the game from {chairPossessive(head.view, head.role)} chair only.{" "}
              {game.status === "ended"
                ? "The other chairs open here once the White Cell opens the record."
                : "The other chairs open after the game, when the White Cell opens the record."}
            </p>
          )}
          <p className="chair-line" data-testid="chair-line">
            <span className="seat-tag" style={{ ["--seat" as string]: seatColour(currentChair) }}>
              {seatName(head.view, currentChair)}
            </span>{" "}
            <span className="muted">saw this at seq {current}.</span>
          </p>
        </div>
        <Scrubber
          seq={current}
          maxSeq={maxSeq}
          markers={markers}
          ticks={ticks}
          position={positionText}
          eventText={eventText}
          loading={!ready && !loadError}
          onSeq={(next) => setSeq(next)}
          onStep={onStep}
          onTurn={onTurn}
        />
        {loadError && (
          <div className="error-note" role="alert">
            {loadError}{" "}
            <button type="button" className="quiet" onClick={() => setRetry((n) => n + 1)}>
              Try again
            </button>
          </div>
        )}
      </section>

      <nav className="replay-dock" aria-label="Step through the replay">
        <button type="button" onClick={() => onStep(-1)} disabled={current <= 1} aria-label="Step back one event">
          ‹
        </button>
        <span className="dock-text">
          Seq <strong>{current}</strong>/{maxSeq} · {seatName(head.view, currentChair)}
          {!ready && !loadError ? " · loading" : ""}
        </span>
        <button type="button" onClick={() => onStep(1)} disabled={current >= maxSeq} aria-label="Step forward one event">
          ›
        </button>
      </nav>

      {!view ? (
        <Loading text="Loading the view…" />
      ) : (
        <div className={`replay-body${wide ? " console wide" : " console"}`}>
          <main
            className="replay-main"
            aria-busy={!ready}
            data-shown={`${shown!.seq}|${shown!.role}`}
            data-testid="replay-main"
          >
            <Tabs tabs={tabs} current={currentTab} onSelect={setTab} label="Replay sections" />
            <TabPanel id={currentTab}>
              {currentTab === "indicators" && charts}
              {currentTab === "decisions" && (
                <Section title="Decision log" id="decisions-title">
                  <DecisionLog view={view} reveals={reveals} checks={checks} />
                </Section>
              )}
              {currentTab === "secret" && (
                <Section title="Secret moves and their commitments" id="secret-title">
                  <SecretMoves view={view} reveals={reveals} published={published} checks={checks} />
                </Section>
              )}
              {currentTab === "messages" && (
                <Section title="Messages" id="messages-title">
                  <ReadMessages view={view} />
                </Section>
              )}
              {currentTab === "injects" && (
                <>
                  <Section title="Injects" id="injects-title">
                    <InjectList view={view} showAudience />
                  </Section>
                  {view.run_sheet && view.run_sheet.length > 0 && <RunSheetRecord view={view} />}
                  <Section title="State of the world" id="narratives-title">
                    <Narratives view={view} />
                  </Section>
                </>
              )}
              {currentTab === "intelligence" && (
                <Section title="Intelligence reports" id="intel-title">
                  <Intelligence view={view} />
                </Section>
              )}
              {currentTab === "corrections" && <Corrections view={view} onJump={jump} />}
              {currentTab === "objectives" && <Objectives view={view} />}
              {currentTab === "simulate" && <SimulationPanel api={api} gameId={gameId} seq={current} />}
              {currentTab === "timeline" && (
                <Section title={`Timeline: what ${seatName(view, view.role)} saw`} id="timeline-title">
                  <ReplayTimeline view={view} seq={current} onJump={jump} />
                </Section>
              )}
            </TabPanel>
          </main>
          {wide && (
            <aside className="replay-aside" aria-label="Indicators">
              <Section title="Indicators" id="charts-title">
                {charts}
              </Section>
            </aside>
          )}
        </div>
      )}
    </div>
  );
}

/** The log's head hash (to anchor the record outside the server) and, for an import that no
 * trusted key signed, "origin not verified". */
function LogRecord({ api, gameId, seq }: { api: Api; gameId: string; seq: number }) {
  const [game, setGame] = useState<GameSummary | null>(null);
  useEffect(() => {
    api.game(gameId).then(setGame, () => setGame(null));
  }, [api, gameId, seq]);
  if (!game?.head_hash) return null;
  return (
    <span className="muted small" data-testid="log-record">
      {game.origin === "unverified" && <strong title={game.origin_note}>Origin not verified. </strong>}
      Log head: seq {game.seq}, hash <code className="hash">{game.head_hash}</code>
    </span>
  );
}
