"""The collection plan: the study's questions a game is played to answer, and for each what
will answer it (indicators, the decisions of given seats, observation tags, questionnaire
question ids). A scenario may declare one (``collection_plan``); the White Cell may replace it
before the start (``set_collection_plan``). Both are checked here, against the scenario's seats
and indicators, so the two say the same thing about the same mistake.
"""

from __future__ import annotations

import re
from typing import Any

MAX_QUESTIONS = 30
MAX_QUESTION_TEXT = 2000
MAX_ITEMS = 30
MAX_TAG = 40
# A tag: a word or a few (letters, digits, ``_ . : -`` and spaces inside), at most 40 characters.
TAG_PATTERN = r"^[^\W_][\w .:-]{0,39}$"
QUESTION_ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
KEYS = ("indicators", "decisions", "tags", "questionnaire")


def is_tag(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(TAG_PATTERN, value) is not None


def plan_problems(
    plan: Any, seats: list[str], indicators: list[str], path: str = "collection_plan"
) -> list[tuple[str, str]]:
    """Each ``(where, what is wrong)`` of a plan (a list of question mappings, normalised: every
    key present), against the game's seats and indicator ids; empty when it is sound."""
    problems: list[tuple[str, str]] = []
    if not isinstance(plan, list):
        return [(path, "must be a list of questions")]
    if len(plan) > MAX_QUESTIONS:
        problems.append((path, f"has more than {MAX_QUESTIONS} questions"))
    seen: set[str] = set()
    for index, question in enumerate(plan):
        where = f"{path}[{index}]"
        if not isinstance(question, dict):
            problems.append((where, "must be a mapping"))
            continue
        question_id = question.get("id")
        if not isinstance(question_id, str) or not re.fullmatch(QUESTION_ID_PATTERN, question_id):
            problems.append((f"{where}.id", "must be lower-case letters, digits, _ . -"))
        elif len(question_id) > 100:
            problems.append((f"{where}.id", "must be at most 100 characters"))
        elif question_id in seen:
            problems.append((f"{where}.id", f"{question_id!r} is used twice"))
        else:
            seen.add(question_id)
        text = question.get("question")
        if not isinstance(text, str) or not text.strip() or "\x00" in text:
            problems.append((f"{where}.question", "the question's text is required"))
        elif len(text) > MAX_QUESTION_TEXT:
            problems.append(
                (f"{where}.question", f"must be at most {MAX_QUESTION_TEXT} characters")
            )
        for key in KEYS:
            items = question.get(key, [])
            if not isinstance(items, list) or len(items) > MAX_ITEMS:
                problems.append((f"{where}.{key}", f"must be a list of at most {MAX_ITEMS}"))
                continue
            for n, item in enumerate(items):
                at = f"{where}.{key}[{n}]"
                if key == "indicators" and item not in indicators:
                    problems.append((at, f"names no indicator of the scenario: {str(item)[:40]!r}"))
                elif key == "decisions" and item not in seats:
                    problems.append((at, f"names no seat of the scenario: {str(item)[:40]!r}"))
                elif key == "tags" and not is_tag(item):
                    problems.append((at, "a tag is 1 to 40 letters, digits, spaces or _ . : -"))
                elif key == "questionnaire" and not (
                    isinstance(item, str) and re.fullmatch(QUESTION_ID_PATTERN, item)
                ):
                    problems.append((at, "a questionnaire question id is lower-case, _ . -"))
            if len(set(map(str, items))) != len(items):
                problems.append((f"{where}.{key}", "names an item twice"))
    return problems


def normalised(plan: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The plan with every key present, in one order (as the state and the events keep it)."""
    return [
        {
            "id": question["id"],
            "question": question["question"].strip(),
            **{key: list(question.get(key) or []) for key in KEYS},
        }
        for question in plan
    ]
