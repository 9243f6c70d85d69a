"""The after-action report's indicator charts: one Vega-Lite specification with a small chart
per indicator the reader sees (its value as a step line over the seqs, the changes as points
coloured by their cause, as on the replay: frontend/src/replay/indicatorSpec.ts), rendered to
one SVG by ``vl-convert-python``. Built from the reader's view only."""

from __future__ import annotations

import json
from functools import lru_cache

# The replay's colours of a change's cause (frontend/src/replay/indicatorSpec.ts).
CAUSE_COLOURS = {
    "adjudication": "#1d4e89",
    "inject": "#b7791f",
    "adjustment": "#6a4c93",
    "void": "#a61b1b",
    "undisclosed": "#8a94a0",
    "other": "#8a94a0",
}


def indicator_rows(view: dict) -> list[dict]:
    """Per visible indicator: each point of its history, and its value held to the view's seq
    (``kind`` "hold"); a change's ``kind`` is its cause's."""
    rows: list[dict] = []
    for indicator in view.get("indicators", []):
        history = indicator.get("history") or []
        for point in history:
            kind = (point.get("cause") or {}).get("kind", "other")
            kind = kind if kind in CAUSE_COLOURS or kind == "start" else "other"
            rows.append(
                {
                    "indicator": indicator["id"],
                    "seq": point["seq"],
                    "value": point["value"],
                    "kind": kind,
                }
            )
        if history:
            rows.append(
                {
                    "indicator": indicator["id"],
                    "seq": max(view["seq"], history[-1]["seq"]),
                    "value": history[-1]["value"],
                    "kind": "hold",
                }
            )
    return rows


def indicators_spec(view: dict) -> dict:
    last = max(2, view["seq"])
    x = {
        "field": "seq",
        "type": "quantitative",
        "scale": {"domain": [1, last], "nice": False, "zero": False},
        "axis": {"title": None, "values": [1, last], "format": "d", "grid": False},
    }
    charts = []
    for indicator in view.get("indicators", []):
        low, high = indicator["min"], indicator["max"]
        y = {
            "field": "value",
            "type": "quantitative",
            "scale": {"domain": [low, high], "nice": False, "zero": False, "clamp": True},
            "axis": {"title": None, "values": [low, round((low + high) / 2), high], "format": "d"},
        }
        charts.append(
            {
                "title": {"text": indicator["name"], "anchor": "start", "fontSize": 12},
                "transform": [{"filter": {"field": "indicator", "equal": indicator["id"]}}],
                "width": 480,
                "height": 80,
                "layer": [
                    {
                        "mark": {"type": "line", "interpolate": "step-after", "color": "#1d4e89"},
                        "encoding": {"x": x, "y": y},
                    },
                    {
                        "transform": [{"filter": {"field": "kind", "oneOf": list(CAUSE_COLOURS)}}],
                        "mark": {"type": "point", "filled": True, "size": 40},
                        "encoding": {
                            "x": x,
                            "y": y,
                            "color": {
                                "field": "kind",
                                "type": "nominal",
                                "title": "change caused by",
                                "scale": {
                                    "domain": list(CAUSE_COLOURS),
                                    "range": list(CAUSE_COLOURS.values()),
                                },
                            },
                        },
                    },
                ],
            }
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "config": {"font": "sans-serif", "view": {"stroke": "#c9d1da"}},
        "data": {"values": indicator_rows(view)},
        "vconcat": charts,
    }


def indicators_svg(view: dict) -> str:
    return _svg(json.dumps(indicators_spec(view), sort_keys=True))


@lru_cache(maxsize=64)
def _svg(spec: str) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(json.loads(spec))
