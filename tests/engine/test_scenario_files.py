"""Hostile scenario files fail fast with "file: where: problem", never a traceback."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from wargame.engine import ScenarioError, load_scenario_file

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
slug: *i
"""


def refusal(tmp_path: Path, content: str | bytes) -> ScenarioError:
    path = tmp_path / "hostile.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ScenarioError) as caught:
        load_scenario_file(path)
    assert time.monotonic() - started < 2, "a hostile file must fail fast"
    assert str(caught.value).startswith(f"{path}: ")
    return caught.value


def test_billion_laughs_is_refused_at_the_first_alias(tmp_path):
    error = refusal(tmp_path, BILLION_LAUGHS)
    assert error.path == "line 2, column 8"
    assert "alias (*a) is not allowed" in error.problem


def test_a_merge_key_is_an_alias_too(tmp_path):
    error = refusal(tmp_path, "base: &base {x: 1}\nother:\n  <<: *base\n")
    assert "alias (*base)" in error.problem


def test_a_5000_digit_number_is_refused(tmp_path):
    text = TUTORIAL.read_text().replace("turns: ", "turns: " + "9" * 5000 + " #", 1)
    assert "9" * 5000 in text
    error = refusal(tmp_path, text)
    assert error.path.startswith("line ")
    assert "a number of 5000 characters" in error.problem


def test_deep_nesting_is_refused(tmp_path):
    error = refusal(tmp_path, "slug: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nested more than" in error.problem


def test_a_deep_condition_is_refused(tmp_path):
    deep = "(" * 3000 + "beijing_leverage >= 60" + ")" * 3000
    text = TUTORIAL.read_text().replace("condition: beijing_leverage >= 60", f"condition: {deep}")
    assert deep in text
    error = refusal(tmp_path, text)
    assert "nested too deeply" in error.problem


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    error = refusal(tmp_path, b"slug: caf\xe9\ntitle: x\n")
    assert error.path == "line 1, byte 9"
    assert "not UTF-8" in error.problem


def test_a_huge_file_is_refused_before_parsing(tmp_path):
    error = refusal(tmp_path, "# " + "x" * (2 << 20) + "\n")
    assert "bytes (at most" in error.problem


def test_the_shipped_scenarios_still_load():
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        assert load_scenario_file(path)["slug"]


@pytest.mark.django_db
def test_loadscenarios_prints_file_path_problem_without_traceback(tmp_path):
    bad = tmp_path / "laughs.yaml"
    bad.write_text(BILLION_LAUGHS)
    digits = tmp_path / "digits.yaml"
    digits.write_text("slug: x\nturns: " + "1" * 5000 + "\n")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"title: \xff\n")
    done = subprocess.run(
        [sys.executable, "manage.py", "loadscenarios", str(bad), str(digits), str(latin)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{bad}: line 2, column 8: an alias (*a)" in done.stderr
    assert f"{digits}: line 2, column 8: a number of 5000 characters" in done.stderr
    assert f"{latin}: line 1, byte 7: not UTF-8" in done.stderr
