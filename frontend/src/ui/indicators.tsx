/** Indicators: the list with values, trends and sparklines, and the tag of a restricted one. */

import type { Indicator, View } from "../server/types";
import { audienceText, signed, sparkPoints, trendWord, turnChange } from "./format";

export function Sparkline({ indicator, width = 96, height = 28 }: { indicator: Indicator; width?: number; height?: number }) {
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
      <polyline points={sparkPoints(indicator, width, height)} fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
    </svg>
  );
}

/** A "restricted" tag on an indicator not every role sees, naming who does. */
export function RestrictedTag({ view, indicator }: { view: View; indicator: Indicator }) {
  if (indicator.audience === "all") return null;
  return (
    <span className="tag tag-restricted" title={`Seen by ${audienceText(view, indicator.audience)}`}>
      restricted
    </span>
  );
}

/** Indicators with value, trend this turn and history; ``compact`` folds the descriptions away. */
export function IndicatorList({ view, large = false, compact = false }: { view: View; large?: boolean; compact?: boolean }) {
  if (view.indicators.length === 0) return <p className="muted">No indicators are visible to you.</p>;
  return (
    <ul className={`indicators${large ? " large" : ""}${compact ? " compact" : ""}`} data-testid="indicators">
      {view.indicators.map((indicator) => {
        const delta = turnChange(indicator, view.game.turn);
        return (
          <li key={indicator.id} className="indicator" data-indicator={indicator.id}>
            <div className="indicator-head">
              <span className="indicator-name">
                {indicator.name}
                <RestrictedTag view={view} indicator={indicator} />
              </span>
              <span className="indicator-value">
                <strong>{indicator.value}</strong>
                <span className="indicator-range"> / {indicator.max}</span>
              </span>
            </div>
            <div className="indicator-body">
              <div className="meter" aria-hidden="true">
                <span style={{ width: `${(100 * (indicator.value - indicator.min)) / (indicator.max - indicator.min || 1)}%` }} />
              </div>
              <Sparkline indicator={indicator} />
              <span className={`trend trend-${trendWord(delta)}`}>
                <span aria-hidden="true">{delta > 0 ? "▲" : delta < 0 ? "▼" : "■"}</span> {signed(delta)}
                <span className="visually-hidden"> this turn, {trendWord(delta)}</span>
              </span>
            </div>
            {!large && indicator.description && !compact && <p className="indicator-description">{indicator.description}</p>}
            {!large && indicator.description && compact && (
              <details className="indicator-about">
                <summary>
                  About<span className="visually-hidden"> {indicator.name}</span>
                </summary>
                <p className="indicator-description">{indicator.description}</p>
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}
