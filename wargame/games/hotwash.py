"""The hotwash in the record: the players' answers beside the decisions they explain, and the
adjudicators' calibration (each one's Brier score against what happened) and disagreements.

Everything here reads a view produced by ``engine.view``, like the report it feeds: an answer
or an estimate is here only if the reader's role may see it (a team sees its own answers; no
seat sees an estimate before the record is open).
"""

from __future__ import annotations

from collections import defaultdict

# How many moves the disagreements list at most.
MOST_DISAGREED = 10


def _respondent(answer: dict, names: dict[str, str]) -> str:
    seat = names.get(answer["seat"], answer["seat"])
    return f"{answer['name']} ({seat})" if answer.get("name") else seat


def answer_text(question: dict, answer: dict) -> str:
    """An answer in words: the value on the scale with its ends, the choice, and any text."""
    parts = []
    if question["kind"] == "scale" and answer.get("value") is not None:
        scale = question["scale"]
        ends = f"{scale['low'] or scale['min']} … {scale['high'] or scale['max']}"
        parts.append(f"{answer['value']} on {scale['min']}–{scale['max']} ({ends})")
    if question["kind"] == "choice" and answer.get("choice"):
        parts.append(answer["choice"])
    if answer.get("text"):
        parts.append(answer["text"])
    return "; ".join(parts)


def answers_by_move(view: dict, names: dict[str, str]) -> dict[str, list[str]]:
    """For each move a question was tied to, the lines of the answers that explain it."""
    beside: dict[str, list[str]] = defaultdict(list)
    for question in view.get("questionnaires") or []:
        for answer in question["answers"]:
            for move_id in question["about"].get(answer["seat"], []):
                asked = question["text"].strip()
                beside[move_id].append(
                    f"    answer from {_respondent(answer, names)} to “{asked}”: "
                    f"{answer_text(question, answer)}"
                )
    return beside


def questionnaire_lines(view: dict, names: dict[str, str]) -> list[str]:
    """Every question the reader may see, with who was asked, what it is tied to, the answers."""
    lines = []
    for question in view.get("questionnaires") or []:
        asked = ", ".join(names.get(s, s) for s in question["seats"])
        people = ", ".join(m["name"] for m in question["members"])
        when = "asked by the White Cell" if question["source"] == "white_cell" else "scenario"
        if question.get("turn"):
            when += f", turn {question['turn']}"
        to = asked + (f" (members: {people})" if people else "")
        lines.append(f"{question['text'].strip()} [{when}; to {to}]")
        for seat, moves in question["about"].items():
            if question["tied"]:
                shown = ", ".join(moves) if moves else "no move"
                lines.append(f"    about the decision of {names.get(seat, seat)}: {shown}")
        for answer in question["answers"]:
            lines.append(f"    {_respondent(answer, names)}: {answer_text(question, answer)}")
        if not question["answers"]:
            lines.append("    no answer")
    return lines


def calibration(view: dict) -> dict:
    """Each adjudicator's estimates against what happened: the Brier score (the mean of
    (p - outcome)², p in 0..1, outcome 1 for success; 0 is perfect, 0.25 is always saying 50%)
    over the moves adjudicated and not voided; and the moves where the estimates spread most."""
    estimates = view.get("estimates") or {"adjudicators": [], "moves": {}}
    moves = {move["id"]: move for move in view.get("moves") or []}
    scored: dict[str, list[float]] = defaultdict(list)
    disagreements = []
    for move_id, round_ in estimates["moves"].items():
        move = moves.get(move_id)
        outcome = move.get("outcome") if move else None
        for estimate in round_["estimates"]:
            if outcome in ("success", "failure"):
                happened = 1.0 if outcome == "success" else 0.0
                scored[estimate["adjudicator"]].append(
                    (estimate["probability"] / 100 - happened) ** 2
                )
        if len(round_["estimates"]) >= 2 and round_["spread"] is not None:
            disagreements.append(
                {
                    "move_id": move_id,
                    "seat": move["seat"] if move else None,
                    "turn": move["turn"] if move else None,
                    "action_name": (move.get("action_name") if move else None),
                    "outcome": outcome,
                    "range": round_["spread"]["range"],
                    "estimates": [
                        {"name": e["name"], "probability": e["probability"]}
                        for e in round_["estimates"]
                    ],
                }
            )
    disagreements.sort(key=lambda d: (-d["range"], d["turn"] or 0, d["move_id"]))
    table = []
    for person in estimates["adjudicators"]:
        errors = scored.get(person["id"], [])
        given = sum(
            1
            for round_ in estimates["moves"].values()
            for e in round_["estimates"]
            if e["adjudicator"] == person["id"]
        )
        table.append(
            {
                "adjudicator": person["id"],
                "name": person["name"],
                "estimates": given,
                "scored": len(errors),
                "brier": round(sum(errors) / len(errors), 4) if errors else None,
            }
        )
    return {"adjudicators": table, "disagreements": disagreements[:MOST_DISAGREED]}


def estimates_by_move(view: dict) -> dict[str, str]:
    """For each move with estimates shown, the spread in words (for its line in the report)."""
    estimates = view.get("estimates") or {"moves": {}}
    beside = {}
    for move_id, round_ in estimates["moves"].items():
        if round_["estimates"]:
            given = ", ".join(
                f"{e['name']} {e['probability']}%"
                + (f" ({e['reason']})" if e.get("reason") else "")
                for e in round_["estimates"]
            )
            spread = round_["spread"]
            tail = f" (spread {spread['min']}–{spread['max']})" if spread else ""
            beside[move_id] = f"    blind estimates: {given}{tail}"
    return beside


def calibration_lines(view: dict, names: dict[str, str]) -> list[str]:
    table = calibration(view)
    lines = []
    for row in table["adjudicators"]:
        brier = f"Brier score {row['brier']:.3f}" if row["brier"] is not None else "not scored"
        lines.append(
            f"{row['name']}: {row['estimates']} estimates, {row['scored']} on adjudicated moves; "
            f"{brier}"
        )
    if table["disagreements"]:
        lines.append("Where the adjudicators disagreed most:")
    for item in table["disagreements"]:
        given = ", ".join(f"{e['name']} {e['probability']}%" for e in item["estimates"])
        seat = names.get(item["seat"], item["seat"]) if item["seat"] else "?"
        lines.append(
            f"    {item['move_id']} ({seat}, turn {item['turn']}, "
            f"{item['action_name'] or 'a move'}): spread {item['range']} points ({given}); "
            f"outcome {item['outcome'] or 'not adjudicated'}"
        )
    return lines
