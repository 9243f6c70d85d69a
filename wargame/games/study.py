"""The report's opening: each question of the collection plan and the evidence gathered for it
(the indicators' values over the turns, the decisions of the seats it names, the observations
tagged for it), each linked to the event it comes from.

It reads the reader's view (what the reader's chair may see: a public analyst's evidence holds
no secret move nor a hidden indicator) and the study's record (``engine.analysis_record``),
which only analysts and the White Cell are given. A line is a :class:`Line`: its text, where
it links to (the report's own anchor of a move, ``#move-…``, or the replay at the event's seq),
and the anchor it carries itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from wargame.games import hotwash


@dataclass(frozen=True)
class Line:
    text: str
    href: str | None = None
    anchor: str | None = None
    sub: bool = False


GRANTS = {"public": "the public record", "all": "everything"}


def move_anchor(move_id: str) -> str:
    return f"move-{move_id}"


def _replay(game_id: str, seq: int) -> str:
    return f"/replay/{game_id}/?at={seq}"


def _names(view: dict) -> dict[str, str]:
    names = {seat["role"]: seat["name"] for seat in view.get("seats", [])}
    return {**names, "control": "White Cell", "observer": "Observer", "analyst": "Analyst"}


def _indicator_lines(view: dict, game_id: str, wanted: list[str]) -> list[Line]:
    lines: list[Line] = []
    shown = {indicator["id"]: indicator for indicator in view.get("indicators", [])}
    for indicator_id in wanted:
        indicator = shown.get(indicator_id)
        if indicator is None:
            continue  # an indicator the reader's chair does not see
        history = indicator.get("history") or []
        start = history[0]["value"] if history else indicator["value"]
        lines.append(Line(f"Indicator {indicator['name']}: {start} at the start"))
        for point in history[1:]:
            lines.append(
                Line(
                    f"turn {point['turn']}, seq {point['seq']}: {point['value']} "
                    f"({point['delta']:+d})",
                    href=_replay(game_id, point["seq"]),
                    sub=True,
                )
            )
    return lines


def _explaining(view: dict, listed: list[str]) -> dict[str, list[tuple[dict, dict]]]:
    """Per move, the (question, answer) pairs the reader's view holds of the questions tied to
    it, leaving out the plan's own questionnaire questions (``listed``: they have their lines
    under "Answers to …")."""
    beside: dict[str, list[tuple[dict, dict]]] = {}
    for question in view.get("questionnaires") or []:
        if any(question["id"].startswith(f"q:{spec}:") for spec in listed):
            continue
        for answer in question["answers"]:
            for move_id in question["about"].get(answer["seat"], []):
                beside.setdefault(move_id, []).append((question, answer))
    return beside


def _decision_lines(view: dict, game_id: str, seats: list[str], listed: list[str]) -> list[Line]:
    """Each named seat's moves the reader sees, each followed by the answers that explain it
    (a question tied to the move, asked by the White Cell or by the scenario)."""
    names = _names(view)
    explaining = _explaining(view, listed)
    lines: list[Line] = []
    for seat in seats:
        moves = [move for move in view.get("moves", []) if move["seat"] == seat]
        if not moves:
            lines.append(Line(f"Decisions of {names.get(seat, seat)}: none seen"))
            continue
        lines.append(Line(f"Decisions of {names.get(seat, seat)}:"))
        for move in moves:
            what = move.get("action_name") or move.get("action") or "a secret move"
            outcome = move.get("outcome") or move.get("status")
            lines.append(
                Line(
                    f"turn {move['turn']}: {what} ({move.get('visibility')}, {outcome})",
                    href=f"#{move_anchor(move['id'])}",
                    sub=True,
                )
            )
            for question, answer in explaining.get(move["id"], []):
                who = names.get(answer["seat"], answer["seat"])
                if answer.get("name"):
                    who = f"{answer['name']} ({who})"
                lines.append(
                    Line(
                        f"answer from {who} to “{question['text'].strip()}”: "
                        f"{hotwash.answer_text(question, answer)}",
                        href=_replay(game_id, answer["seq"]),
                        sub=True,
                    )
                )
    return lines


def _answer_lines(view: dict, game_id: str, wanted: list[str]) -> list[Line]:
    """The answers the reader's view holds to the plan's questionnaire questions (a scenario's
    question asked at the end of turn N is ``q:<id>:N``, at the end of the game ``q:<id>:end``),
    each linked to the replay where it was given."""
    names = _names(view)
    lines: list[Line] = []
    for question_id in wanted:
        asked = [
            q for q in view.get("questionnaires") or [] if q["id"].startswith(f"q:{question_id}:")
        ]
        answers = [(q, a) for q in asked for a in q["answers"]]
        lines.append(Line(f"Answers to {question_id}: {len(answers)}"))
        for question, answer in answers:
            said = hotwash.answer_text(question, answer)
            who = names.get(answer["seat"], answer["seat"])
            if answer.get("name"):
                who += f" ({answer['name']})"
            when = f"turn {question['turn']}" if question.get("turn") else "end of the game"
            lines.append(
                Line(f"{when}, {who}: {said}", href=_replay(game_id, answer["seq"]), sub=True)
            )
    return lines


def observation_line(game_id: str, observation: dict, *, anchor: bool = False) -> Line:
    tags = ", ".join(observation["tags"]) or "untagged"
    about = observation.get("about_seq")
    where = f" (about seq {about})" if about else ""
    return Line(
        f"{observation.get('author') or 'White Cell'}, turn {observation['turn']}, "
        f"[{tags}]{where}: {observation['text']}",
        href=_replay(game_id, about or observation["seq"]),
        anchor=f"observation-{observation['id']}" if anchor else None,
        sub=not anchor,
    )


def sections(view: dict, study: dict, game_id: str) -> list[tuple[str, list[Line]]]:
    """The plan's questions, each with its evidence, then every observation (anchored)."""
    out: list[tuple[str, list[Line]]] = []
    observations = study.get("observations", [])
    for question in study.get("collection_plan", []):
        # The heading says the question; this line gives its id, which tags and answers name.
        lines = [Line(f"The plan's question {question['id']}, and the evidence for it:")]
        lines += _indicator_lines(view, game_id, question["indicators"])
        lines += _decision_lines(view, game_id, question["decisions"], question["questionnaire"])
        if question["tags"]:
            tagged = [o for o in observations if set(o["tags"]) & set(question["tags"])]
            lines.append(Line(f"Observations tagged {', '.join(question['tags'])}: {len(tagged)}"))
            lines += [observation_line(game_id, o) for o in tagged]
        lines += _answer_lines(view, game_id, question["questionnaire"])
        out.append((f"Study question: {question['question']}", lines))
    if observations or out or study.get("analysts"):
        lines = [observation_line(game_id, o, anchor=True) for o in observations]
        people = [
            f"{a['name']} ({GRANTS.get(a['grant'], a['grant'])}"
            + (", removed)" if a.get("removed") else ")")
            for a in study.get("analysts", [])
        ]
        if people:
            lines.insert(0, Line(f"Analysts: {'; '.join(people)}"))
        out.append(("Observations", lines or [Line("None.")]))
    return out


def markdown(lines: list[Line], escape) -> list[str]:
    """The lines as Markdown list items, each linked where it links (``escape`` makes the
    text literal; the links are the report's own, built from ids and seqs)."""
    out = []
    for line in lines:
        text = escape(line.text)
        item = f"[{text}]({line.href})" if line.href else text
        out.append(("  " if line.sub else "") + "- " + item)
    return out


def html_items(lines: list[Line]) -> list[str]:
    import html

    out = []
    for line in lines:
        attributes = ' class="sub"' if line.sub else ""
        if line.anchor:
            attributes += f' id="{html.escape(line.anchor)}"'
        text = html.escape(line.text)
        if line.href:
            text = f'<a href="{html.escape(line.href)}">{text}</a>'
        out.append(f"<li{attributes}>{text}</li>")
    return out
