/** An indicator over the whole game, drawn by Vega-Lite (indicatorSpec.ts): the value as a step
 * line, the events that moved it (select one to go there), the scrubber's seq marked; and the
 * same changes as a list, which is the keyboard's way to them. */

import { useMemo } from "react";
import type { HistoryPoint, Indicator, View } from "../server/types";
import { signed } from "../ui/format";
import { RestrictedTag } from "../ui/indicators";
import { causeText } from "./chartScales";
import { indicatorData, indicatorSpec, valueNow, type IndicatorData } from "./indicatorSpec";
import type { TurnMarker } from "./position";
import { VegaView } from "./VegaView";

export const CAUSE_LEGEND: [string, string][] = [
  ["adjudication", "a move's result"],
  ["inject", "an inject"],
  ["adjustment", "White Cell adjustment"],
  ["void", "a voided result reverted"],
  ["undisclosed", "cause not told to this chair"],
];

const NO_DATA: IndicatorData = { seen: [], later: [], changes: [], now: [] };

export function IndicatorChart({
  indicator,
  later,
  view,
  seq,
  maxSeq,
  markers,
  onJump,
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
}) {
  const turns = JSON.stringify(markers.filter((m) => m.kind === "turn").map((m) => [m.seq, m.label]));
  const { name, min, max } = indicator;
  // The chart is drawn again only when what stays put changes; the scrubber swaps its data.
  const data = useMemo(() => indicatorData(indicator, later, view, seq, maxSeq), [indicator, later, view, seq, maxSeq]);
  const speaks = data.changes.length > 0;
  const spec = useMemo(
    () => indicatorSpec({ name, min, max }, maxSeq, (JSON.parse(turns) as [number, string][]).map(([seq, label]) => ({ seq, label, kind: "turn" }) as TurnMarker), NO_DATA, speaks),
    [name, min, max, maxSeq, turns, speaks],
  );
  const now = valueNow(indicator, seq);
  const past = indicator.history.filter((p) => p.seq <= seq);
  const future = later.filter((p) => p.seq > seq);
  const changes = [...past, ...future].filter((p) => p.cause.kind !== "start");
  const titleId = `chart-${indicator.id}`;

  return (
    <figure className="chart" data-indicator={indicator.id} data-seq={seq} aria-labelledby={titleId}>
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
      <div className="chart-plot">
        <VegaView spec={spec} datasets={data} label={`${indicator.name} over the game, now ${now} at seq ${seq}`} testId={`chart-${indicator.id}`} onPick={onJump} />
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
                <button type="button" className="link-button" data-seq={p.seq} aria-current={p.seq === seq ? "step" : undefined} onClick={() => onJump(p.seq)}>
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
