"""The after-action report shows how the White Cell steered the game: the scripted text
against its edit and who edited it, skipped items with their reasons, amended narratives, and
deadline expiries with what they did."""

from __future__ import annotations

from tests.engine.harness import Game, load
from wargame.engine import CONTROL, OBSERVER, decide
from wargame.games.report import render_markdown


def test_the_report_shows_the_run_sheet_the_clock_and_amendments() -> None:
    game = Game(load("tutorial"))
    game.ok(CONTROL, type="start_game")
    assert game.state is not None
    game.append(
        decide(
            game.state,
            {"type": "edit_inject", "inject_id": "t2.floods", "text": "Rain in the North."},
            actor={"role": CONTROL, "name": "Ann"},
            now="2024-06-01T12:00:00+00:00",
        )  # type: ignore[arg-type]
    )
    game.ok(CONTROL, type="release_inject", inject_id="t2.floods")
    game.ok(CONTROL, type="skip_inject", inject_id="narrative:2", reason="Running late")
    game.ok(CONTROL, type="set_deadline", deadline="2024-06-01T11:00:00Z", on_expiry="advance")
    game.ok(CONTROL, type="expire_deadline", deadline_id="dl1")
    game.advance_to("orders")
    move_id = game.ok("beijing", type="submit_move", action="beijing.trade_squeeze", rationale="r")[
        0
    ]["data"]["move_id"]
    game.advance_to("adjudication")
    game.ok(CONTROL, type="adjudicate", move_id=move_id, method="roll", narrative="First.")
    game.ok(CONTROL, type="amend_narrative", move_id=move_id, text="Second.")

    # Markdown escapes punctuation (players' text shows as text); read it as a person would.
    report = render_markdown(game.view(CONTROL)).replace("\\", "")
    assert "Scripted inject 'Floods in the North': issued" in report
    assert "edited by Ann; as issued or last edited (to everyone): Rain in the North." in report
    assert "as scripted (to everyone): Heavy rain destroys crops" in report
    assert "not issued, skipped by the White Cell: Running late" in report
    assert "Narrative: Second." in report
    assert "Earlier narrative (by White Cell" in report and "since amended: First." in report
    assert "The deadline passed: the phase advances" in report
    assert "diplomacy phase opened when the deadline passed" in report

    seen = render_markdown(game.view(OBSERVER))
    assert "Running late" not in seen and "as scripted" not in seen
    assert "Narrative: Second." in seen
