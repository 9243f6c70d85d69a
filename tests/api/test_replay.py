"""The replay's access rules, the after-action report and the indicator series."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command

from tests.api.playbook import Playbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(game):
    playbook = Playbook(game)
    original = playbook.play
    # Play everything but the last command: the record is not open yet.
    playbook.send_original = playbook.send

    def send(role, body, status=201, **how):
        if body["type"] == "open_record":
            return {}
        return playbook.send_original(role, body, status, **how)

    playbook.send = send
    original()
    return game, playbook


def test_seats_see_only_their_own_chair_until_control_opens_the_record(finished):
    game, playbook = finished
    base = f"/api/games/{game.id}"
    assert game.seats["beijing"].get(f"{base}/state/?as=pyongyang").status_code == 403
    assert game.observer.get(f"{base}/state/?as=control").status_code == 403
    assert game.control.get(f"{base}/state/?as=pyongyang&at=20").status_code == 200
    game.control.command(game.id, {"type": "open_record"})
    as_pyongyang = game.seats["beijing"].get(f"{base}/state/?as=pyongyang&at=20")
    assert as_pyongyang.status_code == 200
    by_control = game.control.get(f"{base}/state/?as=pyongyang&at=20")
    assert as_pyongyang.json()["view"] == by_control.json()["view"]


def test_the_report_of_a_seat_holds_none_of_another_seats_secrets(finished):
    game, playbook = finished
    report = game.seats["beijing"].get(f"/api/games/{game.id}/report/?format=md").content.decode()
    assert "Beijing" in report
    for marker, allowed in playbook.markers.items():
        if "beijing" not in allowed:
            assert marker not in report
    # How Beijing decided is in Beijing's report; Moscow's has no drafts at all.
    assert "How the teams decided" in report and "commented: MARK-DRAFT-COMMENT" in report
    moscow = game.seats["moscow"].get(f"/api/games/{game.id}/report/?format=md").content.decode()
    assert "How the teams decided" not in moscow


def test_controls_report_has_the_whole_record(finished):
    game, playbook = finished
    report = game.control.get(f"/api/games/{game.id}/report/").content.decode()
    assert report.startswith("<!doctype html>") and 'alt="Each indicator over the game: ' in report
    for marker in playbook.markers:
        assert marker in report
    for heading in ("Turn 1", "Corrections", "Objectives and scores", "Hotwash", "drafts"):
        assert heading in report
    assert game.control.get(f"/api/games/{game.id}/report/?format=pdf").status_code == 400


def test_indicator_series_follow_each_roles_audience(finished):
    game, _ = finished

    def series(caller):
        text = caller.get(f"/api/games/{game.id}/indicators/").content.decode()
        return list(csv.DictReader(io.StringIO(text)))

    everything = {row["indicator"] for row in series(game.control)}
    for_beijing = {row["indicator"] for row in series(game.seats["beijing"])}
    assert "pyongyang_readiness" in everything
    assert "pyongyang_readiness" not in for_beijing and for_beijing < everything
    rows = series(game.control)
    assert {"indicator", "name", "seq", "turn", "value", "delta", "cause"} == set(rows[0])


def test_the_aar_command_writes_html_and_markdown(finished, tmp_path):
    game, _ = finished
    html_file, md_file = tmp_path / "aar.html", tmp_path / "aar.md"
    call_command("aar", game.id, "-o", str(html_file))
    call_command("aar", game.id, "-o", str(md_file), "--format", "md")
    assert "<h2>Hotwash: analyst notes</h2>" in html_file.read_text()
    assert md_file.read_text().startswith("# After-action report")
    # As control, it opens with the playbook's collection plan and the analyst's observation.
    markdown = md_file.read_text()
    assert markdown.index("## Study question: MARK-PLAN-QUESTION") < markdown.index("## Summary")
    assert "MARK-OBSERVATION-x7q" in markdown
    seat_file = tmp_path / "beijing.md"
    call_command("aar", game.id, "-o", str(seat_file), "--format", "md", "--as", "beijing")
    assert "Study question" not in seat_file.read_text()
