/** A Vega-Lite chart of the replay, rendered to SVG by vega-embed, whose named datasets can
 * change without drawing the chart again (the scrubber moves the data, not the chart).
 *
 * Vega's expressions run through vega-interpreter rather than `new Function`, and there is no
 * default style sheet and no tooltip handler: both would add inline styles. The pages'
 * Content-Security-Policy (script-src 'self', style-src 'self') refuses all three. */

import { useEffect, useRef, useState } from "react";
import type { View as Vega } from "vega";
import type { TopLevelSpec } from "vega-lite";
import { errorText } from "../server/api";
import { ErrorNote } from "../ui/actions";

export type Datasets = Record<string, object[]>;

export function VegaView({
  spec,
  datasets,
  label,
  testId,
  onPick,
}: {
  /** The chart; its ``datasets`` are the first data drawn. */
  spec: TopLevelSpec;
  /** Later data for the same named datasets (drawn in place). */
  datasets?: Datasets;
  label: string;
  testId?: string;
  /** Called with the ``seq`` of a mark's datum when it is clicked. */
  onPick?: (seq: number) => void;
}) {
  const box = useRef<HTMLDivElement | null>(null);
  const vega = useRef<Vega | null>(null);
  const latest = useRef(datasets);
  const pick = useRef(onPick);
  const [error, setError] = useState<string | null>(null);
  latest.current = datasets;
  pick.current = onPick;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    let gone = false;
    let finalize: (() => void) | null = null;
    const drawnWith = latest.current;
    const drawn = { ...spec, datasets: { ...(spec.datasets ?? {}), ...(drawnWith ?? {}) } } as TopLevelSpec;
    Promise.all([import("vega-embed"), import("vega-interpreter")])
      .then(([{ default: embed }, { expressionInterpreter }]) =>
        embed(element, drawn, { actions: false, renderer: "svg", ast: true, expr: expressionInterpreter, defaultStyle: false, tooltip: false }),
      )
      .then((result) => {
        if (gone) {
          result.finalize();
          return;
        }
        finalize = () => result.finalize();
        vega.current = result.view;
        result.view.addEventListener("click", (_event, item) => {
          const seq = (item as { datum?: { seq?: unknown } } | null | undefined)?.datum?.seq;
          if (typeof seq === "number") pick.current?.(seq);
        });
        element.setAttribute("data-drawn", "true");
        // The data moved on while the chart was being drawn: draw the newest.
        if (latest.current && latest.current !== drawnWith) update(result.view, latest.current);
      })
      .catch((failure) => setError(errorText(failure)));
    return () => {
      gone = true;
      vega.current = null;
      element.removeAttribute("data-drawn");
      finalize?.();
    };
  }, [spec]);

  useEffect(() => {
    if (vega.current && datasets) update(vega.current, datasets);
  }, [datasets]);

  function update(view: Vega, data: Datasets) {
    for (const [name, values] of Object.entries(data)) view.data(name, values);
    view.runAsync().catch((failure) => setError(errorText(failure)));
  }

  return (
    <>
      <div ref={box} className="vega-chart" role="img" aria-label={label} data-testid={testId} />
      <ErrorNote error={error} />
    </>
  );
}
