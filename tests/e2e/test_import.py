"""The lobby's "Import a game record": an unsigned export is refused until the facilitator
accepts it as unverified; the games list and the replay then say "origin not verified", and the
replay shows the log's head hash."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import DESKTOP

pytestmark = pytest.mark.e2e


@pytest.fixture
def unsigned_export(white_cell, tmp_path):
    """An exported log without its signature line (made before the browser starts: Django's
    ORM is not used once Playwright runs)."""
    from tests.games.helpers import note, tutorial_game
    from wargame.games import service
    from wargame.games.exports import export_lines
    from wargame.games.models import Game

    game = tutorial_game("Record from elsewhere")
    service.execute(game=game, command={"type": "start_game"}, actor={"role": "control"})
    note(game, "kept for the record")
    lines = "".join(export_lines(Game.objects.get(pk=game.pk))).splitlines()[:-1]
    path = tmp_path / "record.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path, json.loads(lines[-1])["hash"]


def test_a_facilitator_imports_an_unsigned_record_from_the_lobby(
    unsigned_export, server, browser, white_cell
):
    from playwright.sync_api import expect

    path, head = unsigned_export
    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(f"{server.url}/")
    page.get_by_label("User name").fill(white_cell["username"])
    page.get_by_label("Password").fill(white_cell["password"])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{server.url}/")

    section = page.locator("section", has=page.get_by_role("heading", name="Import a game record"))
    section.get_by_label("Exported log (.jsonl)").set_input_files(str(path))
    section.get_by_role("button", name="Import").click()
    expect(section).to_contain_text("The log is unsigned. To import it anyway, tick")
    section.get_by_role("checkbox").check()
    section.get_by_role("button", name="Import").click()
    expect(section.get_by_role("status")).to_contain_text("(origin not verified)")

    row = page.get_by_test_id("games").locator("tr", has_text="(origin not verified)")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Record from elsewhere")
    row.get_by_role("link", name="Replay").click()
    record = page.get_by_test_id("log-record")
    expect(record).to_contain_text("Origin not verified.")
    expect(record).to_contain_text(head)
