/** The replay's indicator charts as Vega-Lite specifications: the value as a step line up to
 * the scrubber's seq (solid) and after it (faded, what the chair saw later), the changes as
 * points coloured by their cause, the current seq marked, and the turns as dashed rules.
 *
 * The specification depends on what stays put while the scrubber moves (the indicator's range,
 * the game's length, the turns); the data (``indicatorData``) on the seq, and is swapped in
 * place (VegaView). Data only: no expression, so nothing is compiled at run time. Only the
 * changes speak to a screen reader (each its sentence); the lines and rules are decoration, and
 * the list of changes under the chart says the same in words. */

import type { TopLevelSpec } from "vega-lite";
import type { HistoryPoint, Indicator, View } from "../server/types";
import { signed } from "../ui/format";
import { causeText, valueAt } from "./chartScales";
import type { TurnMarker } from "./position";

export const CAUSE_COLOURS: Record<string, string> = {
  adjudication: "#1d4e89",
  inject: "#b7791f",
  adjustment: "#6a4c93",
  void: "#a61b1b",
  undisclosed: "#8a94a0",
  other: "#8a94a0",
};

export interface StepPoint {
  seq: number;
  value: number;
}

export interface ChangePoint {
  seq: number;
  value: number;
  kind: string;
  when: "seen" | "later";
  /** 1 for what the chair had seen by the scrubber's seq, faded for what it saw later. */
  opacity: number;
  size: number;
  text: string;
}

export interface IndicatorData {
  seen: StepPoint[];
  later: StepPoint[];
  changes: ChangePoint[];
  now: StepPoint[];
  [name: string]: object[];
}

export function pointLabel(indicator: Indicator, point: HistoryPoint, view: View | null, later: boolean): string {
  const change = `${indicator.name} ${signed(point.delta)} to ${point.value}`;
  return `Seq ${point.seq}, turn ${point.turn}${later ? " (later)" : ""}: ${change}. ${causeText(point.cause, view)}.`;
}

/** The value standing at ``seq`` for the chair (its last change at or before it). */
export function valueNow(indicator: Indicator, seq: number): number {
  return valueAt(indicator.history.filter((p) => p.seq <= seq), seq) ?? indicator.value;
}

/**
 * The data at ``seq``: the solid line through what the chair had seen (held to ``seq``), the
 * faded one from ``seq`` through ``later`` (changes the same chair saw afterwards) to
 * ``maxSeq``, every change as a point, and the point where the scrubber stands.
 */
export function indicatorData(indicator: Indicator, later: HistoryPoint[], view: View | null, seq: number, maxSeq: number): IndicatorData {
  const past = indicator.history.filter((p) => p.seq <= seq).sort((a, b) => a.seq - b.seq);
  const future = later.filter((p) => p.seq > seq).sort((a, b) => a.seq - b.seq);
  const now = valueNow(indicator, seq);
  const seen = [...past.map(({ seq, value }) => ({ seq, value })), { seq, value: now }];
  const ahead = future.length
    ? [{ seq, value: now }, ...future.map(({ seq, value }) => ({ seq, value })), { seq: maxSeq, value: future[future.length - 1].value }]
    : [];
  const changes = [...past, ...future]
    .filter((p) => p.cause.kind !== "start")
    .map((p) => ({
      seq: p.seq,
      value: p.value,
      kind: p.cause.kind in CAUSE_COLOURS ? p.cause.kind : "other",
      when: p.seq > seq ? ("later" as const) : ("seen" as const),
      opacity: p.seq > seq ? 0.45 : 1,
      size: p.seq === seq ? 150 : 70,
      text: pointLabel(indicator, p, view, p.seq > seq),
    }));
  return { seen, later: ahead, changes, now: [{ seq, value: now }] };
}

/** ``speaks``: whether the changes' points are told to a screen reader, each by its sentence;
 * false when the indicator never changes (an empty group of marks would be an image without a
 * name, which axe-core rightly refuses). */
export function indicatorSpec(indicator: Pick<Indicator, "name" | "min" | "max">, maxSeq: number, markers: TurnMarker[], data: IndicatorData, speaks = data.changes.length > 0): TopLevelSpec {
  const last = Math.max(2, maxSeq);
  const mid = Math.round((indicator.min + indicator.max) / 2);
  const x = { field: "seq", type: "quantitative" as const, scale: { domain: [1, last], nice: false, zero: false }, axis: { title: null, values: [1, last], grid: false, format: "d" } };
  const y = {
    field: "value",
    type: "quantitative" as const,
    scale: { domain: [indicator.min, indicator.max], nice: false, zero: false, clamp: true },
    axis: { title: null, values: [indicator.min, mid, indicator.max], grid: true, format: "d" },
  };
  const turns = markers.filter((m) => m.kind === "turn").map((m) => ({ seq: m.seq, label: m.label }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    description: `${indicator.name} over the game, the scrubber's seq marked`,
    width: "container",
    height: 100,
    autosize: { type: "fit-x", contains: "padding" },
    config: { font: "sans-serif", axis: { labelFontSize: 10, labelColor: "#5f6b7a", gridColor: "#e3e8ee", domainColor: "#c9d1da", tickColor: "#c9d1da" }, view: { stroke: null } },
    datasets: data,
    layer: [
      { data: { values: turns }, mark: { type: "rule", strokeDash: [3, 3], color: "#b8c0ca", aria: false }, encoding: { x } },
      {
        data: { values: turns },
        mark: { type: "text", align: "left", baseline: "top", dx: 3, y: 0, fontSize: 10, color: "#5f6b7a", aria: false },
        encoding: { x, text: { field: "label", type: "nominal" } },
      },
      { data: { name: "later" }, mark: { type: "line", interpolate: "step-after", strokeDash: [4, 3], color: "#9aa6b2", strokeWidth: 1.5, aria: false }, encoding: { x, y } },
      { data: { name: "seen" }, mark: { type: "line", interpolate: "step-after", color: "#1d4e89", strokeWidth: 2.25, aria: false }, encoding: { x, y } },
      { data: { name: "now" }, mark: { type: "rule", color: "#c26a00", strokeWidth: 2, aria: false }, encoding: { x } },
      { data: { name: "now" }, mark: { type: "point", filled: true, color: "#c26a00", size: 40, aria: false }, encoding: { x, y } },
      {
        data: { name: "changes" },
        mark: { type: "point", filled: true, stroke: "#ffffff", strokeWidth: 1.5, cursor: "pointer", aria: speaks },
        encoding: {
          x,
          y,
          color: { field: "kind", type: "nominal", scale: { domain: Object.keys(CAUSE_COLOURS), range: Object.values(CAUSE_COLOURS) }, legend: null },
          opacity: { field: "opacity", type: "quantitative", scale: null },
          size: { field: "size", type: "quantitative", scale: null },
          description: { field: "text", type: "nominal" },
        },
      },
    ],
  } as TopLevelSpec;
}
