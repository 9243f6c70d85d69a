"""The after-action report's account of how the teams decided: each draft a role may see
(``view["drafts"]``: its own team's; control and the open record: every team's), with its
revisions, comments, approvals and what became of it."""

from __future__ import annotations


def _person(person: dict) -> str:
    return person.get("name") or ("the shared screen" if person.get("member") is None else "?")


def _content(draft: dict, content: dict, names: dict[str, str]) -> str:
    if draft["kind"] == "message":
        to = ", ".join(names.get(seat, seat) for seat in content.get("to") or [])
        return f"message to {to}: {content.get('text')}"
    argument = content.get("argument")
    action = (
        f"{argument['action']} → {argument['result']}"
        if content.get("action") == "free" and argument
        else content.get("action_name") or content.get("action")
    )
    targets = ", ".join(names.get(seat, seat) for seat in content.get("targets") or [])
    aimed = f" at {targets}" if targets else ""
    return f"move {action}{aimed} ({content.get('visibility')}): {content.get('rationale')}"


def draft_lines(view: dict, names: dict[str, str]) -> list[str]:
    lines: list[str] = []
    for draft in view.get("drafts") or []:
        seat = names.get(draft["seat"], draft["seat"])
        result = draft.get("result") or {}
        fate = (
            f"sent by {_person(result.get('by', {}))}"
            + (f" as move {result['move_id']}" if "move_id" in result else "")
            if draft["status"] == "submitted"
            else draft["status"]
        )
        lines.append(
            f"{seat}, turn {draft['turn']}, draft {draft['id']} by {_person(draft['author'])} "
            f"({fate})"
        )
        for revision in draft.get("revisions") or []:
            text = _content(draft, revision["content"], names)
            lines.append(f"    revision {revision['revision']}: {text}")
        for comment in draft.get("comments") or []:
            lines.append(f"    {_person(comment['author'])} commented: {comment['text']}")
        approvals = ", ".join(_person(a) for a in draft.get("approvals") or [])
        if approvals:
            lines.append(f"    approved by {approvals}")
    return lines
