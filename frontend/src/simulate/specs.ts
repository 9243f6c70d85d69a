/** Vega-Lite specifications of a simulation's results: how often each objective was met (with
 * its interval), and the spread of each indicator turn by turn. Data only; `Chart` embeds them. */

import type { TopLevelSpec } from "vega-lite";
import type { SimulationResults } from "./api";

export function objectivesSpec(results: SimulationResults): TopLevelSpec {
  const values = results.objectives.map((o) => ({
    objective: `${o.seat}: ${o.id}`,
    share: o.share,
    low: o.interval[0],
    high: o.interval[1],
    text: o.text,
  }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    description: `How often each objective was met in ${results.runs} runs, with 95% intervals`,
    width: "container",
    data: { values },
    encoding: { y: { field: "objective", type: "nominal", sort: null, title: null } },
    layer: [
      {
        mark: { type: "bar", opacity: 0.7 },
        encoding: {
          x: { field: "share", type: "quantitative", title: "share of runs met", axis: { format: "%" }, scale: { domain: [0, 1] } },
          tooltip: [
            { field: "text", title: "objective" },
            { field: "share", format: ".1%" },
            { field: "low", format: ".1%", title: "interval from" },
            { field: "high", format: ".1%", title: "to" },
          ],
        },
      },
      { mark: "rule", encoding: { x: { field: "low", type: "quantitative" }, x2: { field: "high" } } },
    ],
  };
}

export function indicatorSpec(results: SimulationResults, id: string): TopLevelSpec | null {
  const indicator = results.indicators.find((i) => i.id === id);
  if (!indicator || indicator.turns.length === 0) return null;
  // Simulations from before first_turn was recorded started at turn 1.
  const first = results.first_turn ?? 1;
  const values = indicator.turns.map((q, k) => ({ turn: first + k, min: q[0], q1: q[1], median: q[2], q3: q[3], max: q[4] }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    description: `${indicator.name}: the spread over ${results.runs} runs at the end of each turn played`,
    title: indicator.name,
    width: "container",
    height: 140,
    data: { values },
    encoding: { x: { field: "turn", type: "ordinal", title: "at the end of turn", axis: { labelAngle: 0 } } },
    layer: [
      { mark: { type: "area", opacity: 0.15 }, encoding: { y: { field: "min", type: "quantitative", title: null }, y2: { field: "max" } } },
      { mark: { type: "area", opacity: 0.35 }, encoding: { y: { field: "q1", type: "quantitative" }, y2: { field: "q3" } } },
      {
        mark: { type: "line", point: true },
        encoding: {
          y: { field: "median", type: "quantitative" },
          tooltip: ["turn", "min", "q1", "median", "q3", "max"].map((field) => ({ field })),
        },
      },
    ],
  };
}
