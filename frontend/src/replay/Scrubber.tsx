/** The chair picker and the scrubber: the slider with its turn markers, the steps, the event at the position. */

import { useId, useState, type ReactNode } from "react";
import type { View } from "../server/types";
import { seatName } from "../ui/format";
import { seatColour } from "../ui/seats";
import { clampSeq, perspectives, type TurnMarker } from "./position";

export const THUMB = 18; // px, the slider's thumb (styles.css .scrub-range)


export function ChairPicker({ view, chair, onChange }: { view: View; chair: string; onChange: (role: string) => void }) {
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

export function Scrubber({
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
  minSeq = 1,
}: {
  seq: number;
  maxSeq: number;
  minSeq?: number;
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
          min={minSeq}
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
          <button type="button" onClick={() => onTurn(-1)} disabled={seq <= minSeq} aria-label="Back to the start of this turn or the previous one">
            <span aria-hidden="true">«</span> Turn
          </button>
          <button type="button" onClick={() => onStep(-1)} disabled={seq <= minSeq} aria-label="Previous event">
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
