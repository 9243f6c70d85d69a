"""What is generated from the command models (docs/engine.md's command tables and the pages'
frontend/src/server/commands.gen.ts) is current: a model changed without `manage.py commanddocs`
fails here."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from wargame import engine

ROOT = Path(__file__).resolve().parents[2]
GENERATED = [Path("docs/engine.md"), Path("frontend/src/server/commands.gen.ts")]


def test_the_generated_command_docs_and_types_are_current():
    call_command("commanddocs", "--check")


def test_a_stale_generated_file_is_caught_and_written_again(tmp_path, settings):
    for path in GENERATED:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / path, tmp_path / path)
    types = tmp_path / "frontend/src/server/commands.gen.ts"
    types.write_text(types.read_text().replace('"add_note"', '"add_notes"'))
    settings.BASE_DIR = tmp_path
    with pytest.raises(CommandError, match="commands.gen.ts"):
        call_command("commanddocs", "--check")
    call_command("commanddocs", stdout=io.StringIO())
    call_command("commanddocs", "--check")
    assert types.read_text() == (ROOT / "frontend/src/server/commands.gen.ts").read_text()


def test_every_command_is_in_the_tables_and_the_union():
    doc = (ROOT / "docs/engine.md").read_text()
    types = (ROOT / "frontend/src/server/commands.gen.ts").read_text()
    for kind in engine.COMMAND_TYPES:
        assert f"| `{kind}` |" in doc
        assert f'type: "{kind}";' in types
