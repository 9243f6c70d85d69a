/** A Vega-Lite chart, rendered to SVG by vega-embed. Vega's expressions run through
 * vega-interpreter rather than `new Function`, which the pages' Content-Security-Policy
 * (script-src 'self') forbids. */

import { useEffect, useRef } from "react";
import type { TopLevelSpec } from "vega-lite";

export function Chart({ spec, label }: { spec: TopLevelSpec; label: string }) {
  const box = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    let finished: { finalize: () => void } | null = null;
    let gone = false;
    void Promise.all([import("vega-embed"), import("vega-interpreter")]).then(([{ default: embed }, { expressionInterpreter }]) =>
      // No default style sheet and no tooltip handler: both would add inline styles, which the
      // pages' Content-Security-Policy (style-src 'self') refuses.
      embed(element, spec, { actions: false, renderer: "svg", ast: true, expr: expressionInterpreter, defaultStyle: false, tooltip: false }).then((result) => {
        if (gone) result.finalize();
        else finished = result;
      }),
    );
    return () => {
      gone = true;
      finished?.finalize();
    };
  }, [spec]);
  return <div ref={box} className="simulation-chart" role="img" aria-label={label} />;
}
