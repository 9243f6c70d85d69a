"""Reports and exports neutralise what a viewer could execute: players' text in the Markdown
report shows as text (no raw HTML, no links or images), and CSV cells that a spreadsheet would
take for a formula start with a quote (OWASP, CSV injection)."""

from __future__ import annotations

import csv
import io

from wargame.games.report import csv_cell, escape_markdown, indicator_csv

HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> "
    "[click](javascript:alert(3)) ![x](http://evil.example/t.png) `code` *em*\n# Heading"
)


def test_players_text_is_escaped_in_the_markdown_report(game):
    control = game.control
    control.command(game.id, {"type": "start_game"})
    control.command(game.id, {"type": "advance_phase", "force": True})
    sent = game.seats["beijing"].command(
        game.id, {"type": "send_message", "to": ["moscow"], "text": HOSTILE}
    )
    assert sent.status_code == 201, sent.content
    assert game.observer.command(game.id, {"type": "add_note", "text": HOSTILE}).status_code == 201
    for caller, role in ((control, "control"), (game.seats["moscow"], "moscow")):
        report = caller.get(f"/api/games/{game.id}/report/?format=md").content.decode()
        assert "alert(1)" in report or "alert\\(1\\)" in report, role  # the text is there...
        for raw in ("<script", "<img", "](javascript", "![x](", "\n# Heading", "`code`"):
            assert raw not in report, (role, raw)  # ...but nothing a renderer would run
        assert "&lt;script&gt;" in report and "\\[click\\]\\(javascript:alert\\(3\\)\\)" in report
        html_report = caller.get(f"/api/games/{game.id}/report/").content.decode()
        assert "<script>alert" not in html_report and "&lt;script&gt;" in html_report


def test_escape_markdown_leaves_plain_text_alone():
    assert escape_markdown("Beijing → Moscow: hello, 3 - 2 = 1.") == (
        "Beijing → Moscow: hello, 3 - 2 = 1."
    )
    assert escape_markdown("a\nb\r\nc") == "a b c"


def test_formula_cells_are_quoted_in_the_indicator_csv():
    view = {
        "indicators": [
            {
                "id": "tension",
                "name": name,
                "history": [
                    {"seq": 3, "turn": 1, "value": 4, "delta": -2, "cause": {"kind": kind}},
                ],
            }
            for name, kind in (
                ('=HYPERLINK("http://evil")', "+cmd"),
                ("@SUM(A1)", "-1+1"),
                ("\tTabbed", "\rreturn"),
                ("Plain", "move"),
            )
        ]
    }
    text = indicator_csv(view)
    rows = list(csv.reader(io.StringIO(text)))
    names = [row[1] for row in rows[1:]]
    causes = [row[6] for row in rows[1:]]
    assert names == ['\'=HYPERLINK("http://evil")', "'@SUM(A1)", "'\tTabbed", "Plain"]
    assert causes == ["'+cmd", "'-1+1", "'\rreturn", "move"]
    assert [row[5] for row in rows[1:]] == ["-2"] * 4  # numbers stay numbers
    assert "\"'=HYPERLINK" in text  # text cells are quoted
    assert csv_cell(-2) == -2 and csv_cell("ok") == "ok"
