/** The indicators as charts: what the chair had seen by the position, and faded, what it saw later. */

import type { HistoryPoint, View } from "../server/types";
import { seatName } from "../ui/format";
import { CAUSE_LEGEND, IndicatorChart } from "./IndicatorChart";
import type { TurnMarker } from "./position";

export function Charts({
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
            <span className={`chart-swatch cause-${kind}`} aria-hidden="true" /> {text}
          </li>
        ))}
      </ul>
      {view.indicators.map((indicator) => {
        const future: HistoryPoint[] = later?.indicators.find((i) => i.id === indicator.id)?.history ?? [];
        return <IndicatorChart key={indicator.id} indicator={indicator} later={future} view={view} seq={seq} maxSeq={maxSeq} markers={markers} onJump={onJump} />;
      })}
      <p className="hint">Solid: what this chair had seen by this point. Faded: what it saw later. Select a marker, or a seq in a chart's list of changes, to go to that event.</p>
    </div>
  );
}
