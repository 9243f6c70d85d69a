"""The after-action report and the indicator series, rendered from one role's view.

Everything here reads a view produced by ``engine.view``, never the raw state: a report or a
CSV can hold nothing its reader's role may not see. The facilitator's report is control's view.
For analysts and the White Cell it opens with the collection plan's questions and their
evidence (``study``), from the study's record they alone are given.

Over 400 lines because the sections and their two renderings (Markdown, HTML) are read together
whenever a section changes; the study's opening lives in ``study``, the hotwash's own parts
(answers beside decisions, calibration) in ``hotwash``.
"""

from __future__ import annotations

import csv
import html
import io
from collections import defaultdict
from collections.abc import Iterable

from wargame.games import hotwash, study

from .draft_report import draft_lines

# Characters that Markdown (CommonMark, GFM) gives a meaning: a backslash before each makes it
# literal, so players' text cannot open a link, an image, code, emphasis or a table.
_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+!|~")
# Cells starting with these are formulas to a spreadsheet (OWASP, "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def record_of(game) -> dict:
    """Where a game's log stands and where it came from, for the report's Record section."""
    return {
        "seq": game.seq,
        "head_hash": game.head_hash,
        "origin": game.origin,
        "origin_note": game.origin_note,
    }


def _record_lines(record: dict) -> list[str]:
    lines = [
        f"Log head: seq {record['seq']}, hash {record['head_hash']} (the hash of the last event "
        "covers every event before it: keep it outside this server to check the record later)"
    ]
    if record["origin"] == "recorded":
        lines.append("Origin: recorded on this server")
    elif record["origin"] == "verified":
        lines.append(f"Origin: imported, {record['origin_note']}")
    else:
        lines.append(
            f"Origin not verified: imported without a trusted signature "
            f"({record['origin_note'].removeprefix('origin not verified: ')}); "
            "anyone could have written or changed this record"
        )
    return lines


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown: no raw HTML (entities), no markup, one line."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in text)
    return " ".join(text.splitlines()) if ("\n" in text or "\r" in text) else text


def csv_cell(value: object) -> object:
    """A text cell a spreadsheet will not run: a leading ' before a formula character."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _seat_names(view: dict) -> dict[str, str]:
    names = {seat["role"]: seat["name"] for seat in view.get("seats", [])}
    return {**names, "control": "White Cell", "observer": "Observer"}


def _by_turn(items: Iterable[dict]) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = defaultdict(list)
    for item in items:
        grouped[item.get("turn") or 0].append(item)
    return grouped


def _turn_label(view: dict, turn: int) -> str:
    labels = view["game"].get("turn_labels") or []
    label = labels[turn - 1] if 0 < turn <= len(labels) else ""
    return f"Turn {turn}" + (f": {label}" if label else "")


def _move_line(move: dict, names: dict[str, str]) -> str:
    who = names.get(move["seat"], move["seat"])
    what = move.get("action_name") or move.get("action") or "a secret move"
    if move.get("argument"):
        argument = move["argument"]
        what = f"free argument: {argument.get('action', '')} so that {argument.get('result', '')}"
    targets = ", ".join(names.get(t, t) for t in move.get("targets") or [])
    return f"{who}: {what}" + (f" (targets: {targets})" if targets else "")


def _adjudication_lines(
    adjudication: dict, names: dict[str, str], indicators: dict[str, str]
) -> list[str]:
    lines = []
    for entry in adjudication["entries"]:
        draws = ", ".join(str(d) for d in entry.get("draws") or [])
        odds = f"proposed {entry.get('proposed')}%, final {entry.get('probability')}%"
        if entry.get("override_reason"):
            odds += f" (override: {entry['override_reason']})"
        method = "rolled " + draws if adjudication["method"] == "roll" else "decided"
        lines.append(
            f"{names.get(entry['seat'], entry['seat'])} {entry['move_id']}: {odds}; {method} "
            f"→ {entry.get('outcome')}"
        )
    if adjudication.get("reason"):
        lines.append(f"Reason: {adjudication['reason']}")
    if adjudication.get("narrative"):
        lines.append(f"Narrative: {adjudication['narrative']}")
    history = adjudication.get("narrative_history") or []
    for earlier in history[:-1]:
        lines.append(
            f"Earlier narrative (by {earlier.get('by')}, {earlier.get('at')}), since amended: "
            f"{earlier.get('text')}"
        )
    for change in adjudication.get("changes") or []:
        name = indicators.get(change["indicator"], change["indicator"])
        lines.append(f"Effect: {name} {change['before']} → {change['after']}")
    for roll in adjudication.get("detection") or []:
        found = "detected it" if roll.get("detected") else "did not detect it"
        lines.append(
            f"Detection: {names.get(roll.get('seat'), roll.get('seat'))} {found} "
            f"(chance {roll.get('chance')}%, drew {roll.get('draw')})"
        )
    if adjudication.get("voided"):
        lines.append(f"VOIDED: {adjudication.get('void_reason')}")
    return lines


def _audience_text(audience, names: dict[str, str]) -> str:
    if audience == "all":
        return "everyone"
    return ", ".join(names.get(a, a) for a in audience or [])


def _run_sheet_lines(items: list[dict], names: dict[str, str]) -> list[str]:
    """What became of each scripted item of a turn: issued (as scripted or as edited, and by
    whom), skipped and why, or still held or due. Only control's view has the run-sheet."""
    lines = []
    for item in items:
        label = f"Scripted {item['kind']} '{item.get('title') or item['id']}'"
        status = item["status"]
        if status == "issued":
            lines.append(f"{label}: issued (seq {item.get('issued_seq')})")
        elif status == "skipped":
            why = (
                "its condition was not met"
                if item.get("skip_cause") == "condition"
                else ("skipped by the White Cell")
            )
            lines.append(f"{label}: not issued, {why}: {item.get('skip_reason')}")
        else:
            lines.append(f"{label}: {status}, not issued")
        if item.get("condition"):
            lines.append(f"    condition: {item['condition']}")
        if item.get("edited_by"):
            scripted = item.get("scripted") or {}
            lines.append(
                f"    edited by {item['edited_by']}; as issued or last edited (to "
                f"{_audience_text(item.get('audience'), names)}): {item.get('text')}"
            )
            lines.append(
                f"    as scripted (to {_audience_text(scripted.get('audience'), names)}): "
                f"{scripted.get('text')}"
            )
    return lines


CLOCK_EVENTS = {"deadline_set", "deadline_expired", "game_paused", "game_resumed"}


def sections(view: dict, record: dict | None = None) -> list[tuple[str, list[str]]]:
    """The report as (heading, paragraphs) pairs, shared by the Markdown and HTML forms."""
    names = _seat_names(view)
    indicator_names = {i["id"]: i["name"] for i in view.get("indicators", [])}
    game = view["game"]
    out: list[tuple[str, list[str]]] = []
    out.append(
        (
            "Summary",
            [
                f"Scenario: {view['scenario'].get('title', '')}",
                f"Status: {game['status']}, turn {game['turn']} of {game['turns']}, "
                f"seq {view['seq']}",
                f"Created {game.get('created_at')}; started {game.get('started_at')}; "
                f"ended {game.get('ended_at')}",
                f"Seen as: {names.get(view['role'], view['role'])}",
            ],
        )
    )
    if record is not None:
        out.append(("Record", _record_lines(record)))
    moves = _by_turn(view.get("moves", []))
    adjudications = _by_turn(view.get("adjudications", []))
    injects = _by_turn(view.get("injects", []))
    narratives = _by_turn(view.get("narratives", []))
    messages = _by_turn(view.get("messages", []))
    intelligence = _by_turn(view.get("intelligence", []))
    run_sheet = _by_turn(view.get("run_sheet") or [])
    answers = hotwash.answers_by_move(view, names)
    estimates = hotwash.estimates_by_move(view)
    for turn in range(1, (game.get("turn") or 0) + 1):
        lines: list[str] = []
        lines += _run_sheet_lines(run_sheet.get(turn, []), names)
        lines += [f"State of the world: {n['text']}" for n in narratives.get(turn, [])]
        for inject in injects.get(turn, []):
            kind = "scripted" if inject.get("scripted") else "ad-hoc"
            audience = inject.get("audience")
            to = "everyone" if audience == "all" else ", ".join(names.get(a, a) for a in audience)
            lines.append(f"Inject ({kind}, to {to}): {inject.get('title') or ''} {inject['text']}")
        for move in moves.get(turn, []):
            lines.append(
                f"Move {move['id']} [{move.get('visibility')}, {move.get('status')}, "
                f"outcome {move.get('outcome') or 'none'}]: {_move_line(move, names)}"
            )
            for reason in (move.get("argument") or {}).get("reasons") or []:
                lines.append(f"    reason: {reason}")
            if move.get("rationale"):
                lines.append(f"    rationale: {move['rationale']}")
            if move["id"] in estimates:
                lines.append(estimates[move["id"]])
            lines += answers.get(move["id"], [])
            for argument in move.get("arguments") or []:
                strong = " (strong)" if argument.get("strong") else ""
                lines.append(
                    f"    {argument['stance']}{strong} from "
                    f"{names.get(argument['seat'], argument['seat'])}: {argument['text']}"
                )
        for adjudication in adjudications.get(turn, []):
            title = "Opposed adjudication" if adjudication.get("opposed") else "Adjudication"
            lines.append(f"{title} {adjudication['id']} ({adjudication['method']}):")
            lines += [
                f"    {line}" for line in _adjudication_lines(adjudication, names, indicator_names)
            ]
        for report in intelligence.get(turn, []):
            seat = names.get(report.get("seat"), report.get("seat"))
            move = report.get("action_name") or report.get("action") or report.get("move_id")
            about = names.get(report.get("about"), report.get("about"))
            lines.append(f"Intelligence report to {seat}: {about} is making a secret move: {move}")
        if messages.get(turn):
            lines.append(f"Messages: {len(messages[turn])}")
            for message in messages[turn]:
                to = ", ".join(names.get(r, r) for r in message["to"])
                lines.append(
                    f"    {names.get(message['from'], message['from'])} → {to}: {message['text']}"
                )
        out.append((_turn_label(view, turn), lines or ["Nothing recorded."]))
    later = [
        line
        for turn, items in sorted(run_sheet.items())
        if turn > (game.get("turn") or 0)
        for line in _run_sheet_lines(items, names)
    ]
    if later:
        out.append(("Scripted for later turns", later))
    corrections = [
        t["text"]
        for t in view.get("timeline", [])
        if t["type"] in {"adjudication_voided", "indicator_adjusted"}
    ]
    out.append(("Corrections", corrections or ["None."]))
    # Who joined and left each team and who led it: the reader's own team (control: every team).
    people = [
        f"Turn {t.get('turn')}: {t['text']}"
        for t in view.get("timeline", [])
        if t["type"] in {"member_added", "member_removed", "lead_chosen"}
    ]
    if people:
        out.append(("People in the teams", people))
    drafted = draft_lines(view, names)  # how the teams decided (the drafts the reader may see)
    if drafted:
        out.append(("How the teams decided: drafts", drafted))
    clock = [
        f"Turn {t.get('turn')}, {t.get('phase')}: {t['text']}"
        for t in view.get("timeline", [])
        if t["type"] in CLOCK_EVENTS or "deadline" in t["text"]
    ]
    out.append(("The clock", clock or ["No deadlines or pauses."]))
    out.append(("Indicators", _indicator_lines(view)))
    out.append(("Objectives and scores", _score_lines(view, names)))
    notes = [
        f"{n.get('author') or n['role']}, turn {n['turn']}: {n['text']}"
        for n in view.get("notes", [])
    ]
    out.append(("Hotwash: analyst notes", notes or ["None."]))
    questions = hotwash.questionnaire_lines(view, names)
    if questions:
        out.append(("Hotwash: questions to the players", questions))
    if (view.get("estimates") or {}).get("adjudicators"):
        out.append(
            ("Adjudicators: calibration and disagreement", hotwash.calibration_lines(view, names))
        )
    return out


def _indicator_lines(view: dict) -> list[str]:
    lines = []
    for indicator in view.get("indicators", []):
        history = indicator.get("history") or []
        start = history[0]["value"] if history else indicator["value"]
        lines.append(
            f"{indicator['name']}: {start} → {indicator['value']} "
            f"(range {indicator['min']}–{indicator['max']}, {len(history) - 1} changes)"
        )
    return lines or ["None visible."]


def _score_lines(view: dict, names: dict[str, str]) -> list[str]:
    scores = view.get("scores")
    if not scores:
        return ["Not scored yet: objectives are scored when the game ends."]
    lines = []
    for seat, score in scores.items():
        lines.append(f"{names.get(seat, seat)}: {score['points']} of {score['max']} points")
        for objective in score["objectives"]:
            lines.append(f"    {'met' if objective['met'] else 'not met'}: {objective['text']}")
    return lines


def render_markdown(
    view: dict,
    record: dict | None = None,
    comparison: list[tuple[str, dict]] | None = None,
    initiative: dict | None = None,
    plan: list[tuple[str, list[study.Line]]] | None = None,
) -> str:
    """The report in Markdown. Every line is escaped: what players wrote shows as text, never
    as HTML or Markdown a viewer would render. With ``comparison``, the games compared and
    each indicator's last value in each; with ``initiative`` (initiative.initiative, from the
    same chair), its table in words; with ``plan`` (``study.sections``), the study's
    questions and their evidence first."""
    parts = [f"# After-action report: {escape_markdown(view['game']['title'])}", ""]
    for heading, items in plan or []:
        parts += [f"## {escape_markdown(heading)}", "", *study.markdown(items, escape_markdown), ""]
    extra = _extra_sections(comparison, initiative)
    for heading, lines in [*sections(view, record), *extra]:
        parts += [f"## {escape_markdown(heading)}", ""]
        for line in lines:
            indent = len(line) - len(line.lstrip(" "))
            parts.append(("  " * (indent // 4)) + "- " + escape_markdown(line.strip()))
        parts.append("")
    return "\n".join(parts)


def _comparison_lines(comparison: list[tuple[str, dict]]) -> list[str]:
    """The games compared, and each indicator's last value in each of them."""
    lines = []
    for label, view in comparison:
        branch = view["game"].get("branch")
        origin = (
            f", a what-if from seq {branch['from_seq']} of {branch['parent_title']}"
            if branch
            else ""
        )
        lines.append(f"{label}: turn {view['game']['turn']}, {view['game']['status']}{origin}")
        for indicator in view["indicators"]:
            lines.append(f"    {indicator['name']}: {indicator['value']}")
    return lines


COMPARISON = "Beside its family of what-ifs"


def _extra_sections(
    comparison: list[tuple[str, dict]] | None, initiative: dict | None
) -> list[tuple[str, list[str]]]:
    from wargame.games.initiative import report_lines

    extra = [(INITIATIVE, report_lines(initiative))] if initiative is not None else []
    return extra + ([(COMPARISON, _comparison_lines(comparison))] if comparison else [])


INITIATIVE = "Initiative"


def render_html(
    view: dict,
    record: dict | None = None,
    comparison: list[tuple[str, dict]] | None = None,
    initiative: dict | None = None,
    plan: list[tuple[str, list[study.Line]]] | None = None,
) -> str:
    """The printable report; with ``comparison`` (two or more games' views from the same
    chair: this game and its what-ifs) a section with their indicator trajectories, drawn from
    the comparison page's own Vega-Lite specification; with ``initiative`` its section, with
    the chart the replay draws (the same Vega-Lite template)."""
    title = html.escape(f"After-action report: {view['game']['title']}")
    body = [f"<h1>{title}</h1>"]
    for heading, items in plan or []:
        body += [f"<section><h2>{html.escape(heading)}</h2><ul>", *study.html_items(items)]
        body.append("</ul></section>")
    extra = _extra_sections(comparison, initiative)
    for heading, lines in [*sections(view, record), *extra]:
        body.append(f"<section><h2>{html.escape(heading)}</h2><ul>")
        for line in lines:
            nested = line.startswith("    ")
            css = ' class="sub"' if nested else ""
            if line.startswith("Move "):  # the anchor the study's evidence links to
                css += f' id="{html.escape(study.move_anchor(line.split()[1]))}"'
            body.append(f"<li{css}>{html.escape(line.strip())}</li>")
        body.append("</ul>")
        if heading == INITIATIVE and initiative is not None and initiative["rows"]:
            from wargame.games.comparison import svg_image
            from wargame.games.initiative import chart_svg

            alt = "Initiative per seat and turn, with the scenario's initiative indicator"
            body.append(f"<figure>{svg_image(chart_svg(initiative), alt)}</figure>")
        if heading == COMPARISON and comparison:
            from wargame.games.comparison import svg_image, trajectory_svg

            alt = "Indicator trajectories, one line per game: " + ", ".join(
                label for label, _ in comparison
            )
            body.append(f"<figure>{svg_image(trajectory_svg(comparison), alt)}</figure>")
        if heading == "Indicators" and view.get("indicators"):
            from wargame.games.comparison import svg_image
            from wargame.games.report_charts import indicators_svg

            alt = "Each indicator over the game: " + ", ".join(
                indicator["name"] for indicator in view["indicators"]
            )
            body.append(f"<figure>{svg_image(indicators_svg(view), alt)}</figure>")
        body.append("</section>")
    style = (
        "body{font-family:Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.45;color:#1b2330}h1{font-size:1.7rem}h2{border-bottom:1px solid #9aa6b2;"
        "margin-top:2rem}li.sub{list-style:none;margin-left:1.5rem;color:#3d4a5c}"
        "figure{margin:1rem 0;break-inside:avoid}img.comparison{max-width:100%;height:auto}"
        "@media print{body{margin:0}}"
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{style}</style></head><body>"
        + "".join(body)
        + "</body></html>"
    )


def indicator_csv(view: dict) -> str:
    """Every visible indicator's history: one row per change, with its cause. Text cells are
    quoted, and one that starts like a formula gets a leading ' (OWASP)."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(["indicator", "name", "seq", "turn", "value", "delta", "cause"])
    for indicator in view.get("indicators", []):
        for entry in indicator.get("history") or []:
            cause = entry.get("cause") or {}
            writer.writerow(
                [
                    csv_cell(value)
                    for value in (
                        indicator["id"],
                        indicator["name"],
                        entry["seq"],
                        entry["turn"],
                        entry["value"],
                        entry["delta"],
                        cause.get("kind", ""),
                    )
                ]
            )
    return out.getvalue()
