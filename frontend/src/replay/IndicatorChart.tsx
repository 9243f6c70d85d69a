/** An indicator over the whole game, in SVG: the value as a step line, the events that moved it. */

import { useEffect, useState, type KeyboardEvent } from "react";
import type { HistoryPoint, Indicator, View } from "../server/types";
import { signed } from "../ui/format";
import { RestrictedTag } from "../ui/indicators";
import { causeText, type ChartFrame, stepPath, valueAt, xOf, yOf } from "./chartScales";
import type { TurnMarker } from "./position";

/** The width of an element, kept current as it resizes (a fallback where it cannot be measured). */
export function useWidth(fallback: number): [(el: HTMLElement | null) => void, number] {
  const [width, setWidth] = useState(fallback);
  const [element, setElement] = useState<HTMLElement | null>(null);
  useEffect(() => {
    if (!element) return;
    const measure = () => {
      const w = element.getBoundingClientRect().width;
      if (w > 0) setWidth(Math.round(w));
    };
    measure();
    if (typeof ResizeObserver === "undefined") {
      window.addEventListener("resize", measure);
      return () => window.removeEventListener("resize", measure);
    }
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [setElement, width];
}

const KIND_CLASS: Record<string, string> = {
  adjudication: "cause-adjudication",
  inject: "cause-inject",
  adjustment: "cause-adjustment",
  void: "cause-void",
  undisclosed: "cause-undisclosed",
};

export const CAUSE_LEGEND: [string, string][] = [
  ["adjudication", "a move's result"],
  ["inject", "an inject"],
  ["adjustment", "White Cell adjustment"],
  ["void", "a voided result reverted"],
  ["undisclosed", "cause not told to this chair"],
];

function pointLabel(indicator: Indicator, point: HistoryPoint, view: View, future: boolean): string {
  const when = `Seq ${point.seq}, turn ${point.turn}`;
  const change = `${indicator.name} ${signed(point.delta)} to ${point.value}`;
  const cause = causeText(point.cause, view);
  return `${when}${future ? " (later)" : ""}: ${change}. ${cause}.`;
}

export function IndicatorChart({
  indicator,
  later,
  view,
  seq,
  maxSeq,
  markers,
  onJump,
  height = 132,
}: {
  /** The indicator as the chair saw it at ``seq`` (history up to then). */
  indicator: Indicator;
  /** Changes after ``seq`` that the same chair saw later (drawn faded), if known. */
  later: HistoryPoint[];
  view: View;
  seq: number;
  maxSeq: number;
  markers: TurnMarker[];
  onJump: (seq: number) => void;
  height?: number;
}) {
  const [ref, width] = useWidth(360);
  const frame: ChartFrame = {
    width: Math.max(200, width),
    height,
    left: 34,
    right: 12,
    top: 18,
    bottom: 20,
    firstSeq: 1,
    lastSeq: Math.max(2, maxSeq),
    min: indicator.min,
    max: indicator.max,
  };
  const past = indicator.history.filter((p) => p.seq <= seq);
  const future = later.filter((p) => p.seq > seq);
  const all = [...past, ...future];
  const now = valueAt(past, seq) ?? indicator.value;
  const mid = Math.round((indicator.min + indicator.max) / 2);
  const pastPath = stepPath(frame, past, 1, seq);
  const futurePath = future.length ? stepPath(frame, all, seq, maxSeq) : "";
  const changes = all.filter((p) => p.cause.kind !== "start");
  const xNow = xOf(frame, seq);
  const keyJump = (event: KeyboardEvent, target: number) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onJump(target);
    }
  };
  const titleId = `chart-${indicator.id}`;

  return (
    <figure className="chart" data-indicator={indicator.id} aria-labelledby={titleId}>
      <figcaption className="chart-head">
        <span className="indicator-name" id={titleId}>
          {indicator.name}
          <RestrictedTag view={view} indicator={indicator} />
        </span>
        <span className="indicator-value">
          <strong data-testid={`value-${indicator.id}`}>{now}</strong>
          <span className="indicator-range">
            {" "}
            / {indicator.max} at seq {seq}
          </span>
        </span>
      </figcaption>
      <div className="chart-plot" ref={ref}>
        <svg width={frame.width} height={height} viewBox={`0 0 ${frame.width} ${height}`} role="group" aria-label={`${indicator.name} over the game`}>
          {[indicator.min, mid, indicator.max].map((v) => (
            <g key={v} className="chart-grid">
              <line x1={frame.left} x2={frame.width - frame.right} y1={yOf(frame, v)} y2={yOf(frame, v)} />
              <text x={frame.left - 6} y={yOf(frame, v) + 4} textAnchor="end">
                {v}
              </text>
            </g>
          ))}
          {markers
            .filter((m) => m.kind === "turn")
            .map((m) => (
              <g key={m.seq} className="chart-turn">
                <line x1={xOf(frame, m.seq)} x2={xOf(frame, m.seq)} y1={frame.top - 4} y2={height - frame.bottom} />
                <text x={xOf(frame, m.seq) + 3} y={frame.top - 6}>
                  {m.label}
                </text>
              </g>
            ))}
          {futurePath && <path className="chart-line later" d={futurePath} />}
          {pastPath && <path className="chart-line" d={pastPath} />}
          <line className="chart-cursor" x1={xNow} x2={xNow} y1={frame.top - 4} y2={height - frame.bottom + 4} />
          <circle className="chart-now" cx={xNow} cy={yOf(frame, now)} r={3.5} />
          {changes.map((p) => {
            const later = p.seq > seq;
            const label = pointLabel(indicator, p, view, later);
            return (
              <circle
                key={p.seq}
                className={`chart-marker ${KIND_CLASS[p.cause.kind] ?? "cause-other"}${later ? " later" : ""}${p.seq === seq ? " current" : ""}`}
                cx={xOf(frame, p.seq)}
                cy={yOf(frame, p.value)}
                r={p.seq === seq ? 7 : 5.5}
                role="button"
                tabIndex={0}
                aria-label={`${label} Go to seq ${p.seq}.`}
                data-seq={p.seq}
                onClick={() => onJump(p.seq)}
                onKeyDown={(e) => keyJump(e, p.seq)}
              >
                <title>{label}</title>
              </circle>
            );
          })}
          <text className="chart-axis" x={frame.left} y={height - 4}>
            seq 1
          </text>
          <text className="chart-axis" x={frame.width - frame.right} y={height - 4} textAnchor="end">
            {maxSeq}
          </text>
        </svg>
      </div>
      {changes.length > 0 && (
        <details className="chart-changes">
          <summary>
            Changes ({past.filter((p) => p.cause.kind !== "start").length} so far
            {future.length ? `, ${future.length} later` : ""})
          </summary>
          <ol>
            {changes.map((p) => (
              <li key={p.seq} className={p.seq > seq ? "later" : undefined}>
                <button type="button" className="link-button" onClick={() => onJump(p.seq)}>
                  seq {p.seq}
                </button>{" "}
                T{p.turn}: {signed(p.delta)} → {p.value}. {causeText(p.cause, view)}
                {p.seq > seq ? " (later)" : ""}
              </li>
            ))}
          </ol>
        </details>
      )}
    </figure>
  );
}
