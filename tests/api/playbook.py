"""A game of the tutorial played through the API, using every command type.

Secrets carry marker strings, each with the roles allowed to see it, so a test can search the
raw bytes of every role's responses for markers that must not be there.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.players import SEATS, Caller, GameHandle

Step = Callable[[], None]


class Playbook:
    def __init__(self, game: GameHandle) -> None:
        self.game = game
        self.markers: dict[str, set[str]] = {}
        self.commands_sent: set[str] = set()
        self.after_each: list[Callable[[str], None]] = []
        # An analyst granted the public record: it may see what the observer sees, and the
        # study's record (markers allowed "analyst"), never a secret.
        self.analyst_name = self.mark("ANALYST-NAME", "analyst")
        self.analyst_id, self.analyst = self.add_analyst(self.analyst_name)

    def add_analyst(self, name: str, grant: str = "public") -> tuple[str, Caller]:
        """An analyst added by the White Cell: its id and its own link."""
        response = self.game.control.post(
            f"/api/games/{self.game.id}/analysts/", {"name": name, "grant": grant}
        )
        assert response.status_code == 201, response.content
        body = response.json()
        self.commands_sent.add("add_analyst")
        return body["id"], Caller(body["token"])

    def mark(self, name: str, *allowed: str) -> str:
        text = f"MARK-{name}-x7q"
        self.markers[text] = {"control", *allowed}
        return text

    def send(self, role: str, body: dict, status: int = 201, *, via: Caller | None = None) -> dict:
        caller = via or (
            self.game.control
            if role == "control"
            else (self.game.observer if role == "observer" else self.game.seats[role])
        )
        response = caller.command(self.game.id, body)
        assert response.status_code == status, (role, body, response.content)
        self.commands_sent.add(body["type"])
        for check in self.after_each:
            check(body["type"])
        return response.json()

    def state(self, role: str = "control") -> dict:
        caller = self.game.control if role == "control" else self.game.seats[role]
        return caller.get(f"/api/games/{self.game.id}/state/").json()["view"]

    def phase(self) -> str:
        return self.game.control.get(f"/api/games/{self.game.id}/").json()["phase"]

    def advance_to(self, phase: str) -> None:
        while self.phase() != phase:
            self.send("control", {"type": "advance_phase", "force": True})

    def add_member(self, seat: str, name: str) -> tuple[str, Caller]:
        """A named member of ``seat`` added by the White Cell: its id and its own link."""
        response = self.game.control.post(
            f"/api/games/{self.game.id}/members/", {"seat": seat, "name": name}
        )
        assert response.status_code == 201, response.content
        body = response.json()
        self.commands_sent.add("add_member")
        return body["id"], Caller(body["token"])

    def drafts(self, member: Caller) -> None:
        """Beijing's member and its shared link work out a message in a draft: written,
        commented on, approved, revised, sent; and a move drafted and withdrawn. Only Beijing
        and control see the drafts; Moscow reads the message once it is sent."""
        send, mark = self.send, self.mark
        first = mark("DRAFT-FIRST", "beijing")
        draft = send(
            "beijing", {"type": "draft_message", "to": ["moscow"], "text": first}, via=member
        )["events"][0]["data"]["draft_id"]
        comment = {"type": "comment_draft", "draft_id": draft}
        send("beijing", comment | {"text": mark("DRAFT-COMMENT", "beijing")})
        send("beijing", {"type": "approve_draft", "draft_id": draft})
        send("beijing", {"type": "withdraw_approval", "draft_id": draft})
        sent_text = mark("DRAFT-SENT", "beijing", "moscow")
        revised = {"type": "draft_message", "to": ["moscow"], "text": sent_text, "draft_id": draft}
        send("beijing", revised, via=member)
        send("beijing", {"type": "approve_draft", "draft_id": draft})
        send("beijing", {"type": "set_draft_policy", "submitter": "lead"}, via=member)
        refused = send("beijing", {"type": "set_draft_policy", "submitter": "lead"}, 422)
        assert refused["error"]["code"] == "policy_unchanged", refused
        events = send("beijing", {"type": "submit_draft", "draft_id": draft}, via=member)["events"]
        assert [e["type"] for e in events] == ["message_sent", "draft_submitted"]
        send("control", {"type": "set_draft_policy", "seat": "beijing", "submitter": "any"})
        moved = send(
            "beijing",
            {
                "type": "draft_move",
                "action": "beijing.trade_squeeze",
                "rationale": mark("DRAFT-RATIONALE", "beijing"),
            },
        )["events"][0]["data"]["draft_id"]
        send("beijing", {"type": "withdraw_draft", "draft_id": moved})
        refused = send("moscow", {"type": "comment_draft", "draft_id": moved, "text": "x"}, 400)
        assert refused["error"]["code"] == "unknown_draft", refused

    def sent(self, command_type: str) -> None:
        self.commands_sent.add(command_type)
        for check in self.after_each:
            check(command_type)

    def add_adjudicator(self, name: str) -> tuple[str, Caller]:
        """A named adjudicator added by the White Cell: its id and its own link."""
        response = self.game.control.post(
            f"/api/games/{self.game.id}/adjudicators/", {"name": name}
        )
        assert response.status_code == 201, response.content
        body = response.json()
        self.sent("add_adjudicator")
        return body["id"], Caller(body["token"])

    def estimate(self, link: Caller, body: dict) -> dict:
        response = link.post(f"/api/games/{self.game.id}/estimates/", body)
        assert response.status_code == 201, response.content
        self.sent("estimate_probability")
        return response.json()

    def play(self) -> None:
        send, mark = self.send, self.mark
        # A named member of Beijing, whose name only Beijing and control may read, leads the
        # team and sends one of its messages through a link of the member's own.
        member_id, member = self.add_member("beijing", mark("MEMBER-NAME", "beijing"))
        send("beijing", {"type": "choose_lead", "member": member_id}, via=member)
        gone_id, gone = self.add_member("moscow", mark("MEMBER-GONE", "moscow"))
        send("control", {"type": "remove_member", "member": gone_id})
        # The tutorial's seats have no doctrines: no bot can play them (the bots' own tests
        # play triangle-2024), and the refusals say why.
        refused = send("control", {"type": "assign_bot", "seat": "beijing", "doctrine": "x"}, 400)
        assert refused["error"]["code"] == "unknown_doctrine", refused
        refused = send("control", {"type": "remove_bot", "seat": "beijing"}, 422)
        assert refused["error"]["code"] == "no_bot", refused
        assert gone.get(f"/api/games/{self.game.id}/state/").status_code == 401
        plan = [
            {
                "id": "initiative",
                "question": mark("PLAN-QUESTION", "analyst"),
                "indicators": ["escalation"],
                "decisions": ["beijing"],
                "tags": ["initiative"],
            }
        ]
        send("control", {"type": "set_collection_plan", "questions": plan})
        other_id, _ = self.add_analyst(mark("ANALYST-GONE", "analyst"))
        send("control", {"type": "grant_analyst", "analyst": other_id, "grant": "all"})
        send("control", {"type": "remove_analyst", "analyst": other_id})
        # Turns by the clock: set, then cleared, so the rest of the play keeps its own deadlines.
        timed = [{"phase": "orders", "seconds": 3600, "on_expiry": "lock_orders"}]
        send("control", {"type": "set_clock", "phases": timed})
        send("control", {"type": "set_clock", "phases": []})
        send("control", {"type": "start_game"})
        send("control", {"type": "set_deadline", "minutes": 30})
        passed = send(
            "control",
            {"type": "set_deadline", "deadline": "2020-01-01T12:00:00Z", "on_expiry": "alert"},
        )["events"][0]["data"]["deadline_id"]
        send("control", {"type": "expire_deadline", "deadline_id": passed})
        send("control", {"type": "expire_deadline", "deadline_id": passed}, status=422)
        send("control", {"type": "publish_narrative", "text": "The world this month."})
        # The run-sheet: an edited inject released early to Beijing only, and an edited
        # narrative that is skipped (its text never reaches anyone but control).
        send("control", {"type": "hold_inject", "inject_id": "narrative:2"})
        send(
            "control",
            {"type": "edit_inject", "inject_id": "narrative:2", "text": mark("EDIT-SKIPPED")},
        )
        send(
            "control",
            {"type": "skip_inject", "inject_id": "narrative:2", "reason": mark("SKIP-REASON")},
        )
        send(
            "control",
            {
                "type": "edit_inject",
                "inject_id": "t2.floods",
                "text": mark("EDIT-RELEASED", "beijing"),
                "audience": ["beijing"],
            },
        )
        send("control", {"type": "release_inject", "inject_id": "t2.floods"})
        self.advance_to("diplomacy")
        send(
            "moscow",
            {
                "type": "send_message",
                "to": ["pyongyang"],
                "text": mark("MSG-MP", "moscow", "pyongyang"),
            },
        )
        send(
            "beijing",
            via=member,
            body={
                "type": "send_message",
                "to": ["moscow", "washington"],
                "text": mark("MSG-BMW", "beijing", "moscow", "washington"),
            },
        )
        self.drafts(member)
        send(
            "control",
            {"type": "send_message", "to": ["washington"], "text": mark("MSG-CW", "washington")},
        )
        send(
            "control",
            {
                "type": "issue_inject",
                "title": "Rumour",
                "audience": ["pyongyang"],
                "text": mark("INJECT-P", "pyongyang"),
            },
        )
        self.advance_to("orders")

        secret = send(
            "pyongyang",
            {
                "type": "submit_move",
                "action": "pyongyang.covert_mobilisation",
                "targets": [],
                "visibility": "secret",
                "rationale": mark("RATIONALE-SECRET", "pyongyang"),
            },
        )["events"][0]["data"]["move_id"]
        public = send(
            "beijing",
            {
                "type": "submit_move",
                "action": "beijing.trade_squeeze",
                "targets": ["pyongyang"],
                "visibility": "public",
                "rationale": mark("RATIONALE-PUBLIC", "beijing"),
            },
        )["events"][0]["data"]["move_id"]
        opposed = send(
            "moscow",
            {
                "type": "submit_move",
                "action": "moscow.arms_for_shells",
                "targets": ["pyongyang"],
                "visibility": "public",
                "rationale": mark("RATIONALE-OPPOSED", "moscow"),
            },
        )["events"][0]["data"]["move_id"]
        withdrawn = send(
            "washington",
            {
                "type": "submit_move",
                "action": "free",
                "argument": {"action": "Withdrawn idea", "result": "None", "reasons": []},
                "visibility": "public",
                "rationale": mark("RATIONALE-WITHDRAWN", "washington"),
            },
        )["events"][0]["data"]["move_id"]
        send("washington", {"type": "withdraw_move", "move_id": withdrawn})
        free = send(
            "washington",
            {
                "type": "submit_move",
                "action": "free",
                "targets": ["beijing"],
                "argument": {
                    "action": "Offer talks",
                    "result": "Tension falls",
                    "reasons": ["Both need calm", "Markets are nervous"],
                },
                "visibility": "public",
                "rationale": mark("RATIONALE-FREE", "washington"),
            },
        )["events"][0]["data"]["move_id"]
        for seat in SEATS:
            send(seat, {"type": "lock_orders"})
        send("control", {"type": "advance_phase"})
        assert self.phase() == "adjudication"

        pro = send(
            "washington",
            {"type": "add_argument", "move_id": public, "stance": "pro", "text": "It will work"},
        )["events"][0]["data"]["argument_id"]
        send(
            "moscow",
            {
                "type": "add_argument",
                "move_id": public,
                "stance": "con",
                "text": "It will backfire",
            },
        )
        # Two named adjudicators estimate the move blind, through links of their own; a third
        # joins and leaves. Their estimates and reasons are the White Cell's alone.
        judges = [self.add_adjudicator(name) for name in ("Ines", "Jun", "Kit")]
        for (_, link), (probability, reason) in zip(
            judges[:2], [(35, mark("ESTIMATE-REASON")), (70, "Likely")], strict=False
        ):
            self.estimate(link, {"move_id": public, "probability": probability, "reason": reason})
        gone = self.game.control.request(
            "delete", f"/api/games/{self.game.id}/adjudicators/{judges[2][0]}/"
        )
        assert gone.status_code == 204, gone.content
        self.sent("remove_adjudicator")
        # The White Cell asks Beijing why it made the move; a member of the team answers.
        question = send(
            "control",
            {
                "type": "ask_question",
                "text": mark("QUESTION-B", "beijing"),
                "seats": ["beijing"],
                "about_moves": [public],
            },
        )["events"][0]["data"]["question_id"]
        send(
            "beijing",
            via=member,
            body={
                "type": "answer_question",
                "question_id": question,
                "text": mark("ANSWER-B", "beijing"),
            },
        )
        send("control", {"type": "propose_probability", "move_id": public, "strong": [pro]})
        send(
            "control",
            {
                "type": "propose_probability",
                "move_id": public,
                "probability": 60,
                "reason": mark("OVERRIDE-REASON"),
            },
        )
        send(
            "control",
            {
                "type": "adjudicate",
                "move_id": public,
                "method": "roll",
                "opposed_move_id": opposed,
                "narrative": "The two efforts collide",
            },
        )
        decided = send(
            "control",
            {
                "type": "adjudicate",
                "move_id": free,
                "method": "decide",
                "outcome": "success",
                "reason": "Plausible",
                "narrative": "Talks open",
                "effects": [{"indicator": "us_china_tension", "delta": -3}],
            },
        )["events"][0]["data"]["adjudication_id"]
        send(
            "control",
            {"type": "void_adjudication", "adjudication_id": decided, "reason": "Wrong indicator"},
        )
        send(
            "control",
            {
                "type": "adjudicate",
                "move_id": free,
                "method": "roll",
                "probability": 50,
                "reason": "Even odds",
                "narrative": "Again",
            },
        )
        send(
            "control",
            {"type": "adjudicate", "move_id": secret, "method": "roll", "narrative": "Quiet work"},
        )
        send(
            "control",
            {
                "type": "amend_narrative",
                "move_id": secret,
                "text": mark("AMEND-SECRET", "pyongyang"),
            },
        )
        send(
            "control",
            {
                "type": "adjust_indicator",
                "indicator": "escalation",
                "delta": 1,
                "reason": "Correction after review",
            },
        )
        send("control", {"type": "add_note", "text": mark("NOTE-CONTROL")})
        send("observer", {"type": "add_note", "text": mark("NOTE-OBSERVER", "observer")})
        observed = {"type": "add_observation", "tags": ["initiative", "restraint"], "seq": 3}
        send("analyst", {**observed, "text": mark("OBSERVATION", "analyst")}, via=self.analyst)
        send("control", {**observed, "text": mark("OBSERVATION-CONTROL", "analyst")})
        send("control", {"type": "pause", "reason": "Coffee"})
        send("beijing", {"type": "lock_orders"}, status=422)
        send("control", {"type": "resume"})
        self.secret_move = secret
        self.advance_to("results")
        send("control", {"type": "advance_phase"})  # turn 2
        self.advance_to("orders")
        send(
            "beijing",
            {
                "type": "submit_move",
                "action": "beijing.call_for_restraint",
                "rationale": "Calm",
            },
        )
        self.advance_to("adjudication")
        send("control", {"type": "roll_remaining"})
        send("control", {"type": "roll_remaining"}, status=422)
        self.advance_to("results")
        send("control", {"type": "reveal_move", "move_id": secret, "reason": "Satellite photos"})
        # Revealed: the move is public now, but its rationale stays with its team until replay.
        send("control", {"type": "end_game"})
        send("control", {"type": "open_record"})
