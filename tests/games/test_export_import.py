"""Export a finished game, import it on a fresh database: the same state hash at every seq."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings

from tests.api.playbook import Playbook
from tests.engine.harness import as_version_2
from tests.players import create_game
from wargame.games.exports import export_lines

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.fixture
def exported(facilitator, tmp_path):
    handle = create_game(facilitator, "To be exported")
    Playbook(handle).play()
    from wargame.games.models import Game

    path = tmp_path / "game.jsonl"
    path.write_text("".join(export_lines(Game.objects.get(pk=handle.id))))
    return path


def sqlite_env(path: Path) -> dict:
    import os

    env = {**os.environ, "WARGAME_DATABASE_URL": f"sqlite:///{path}"}
    env.pop("WARGAME_REDIS_URL", None)
    env.pop("WARGAME_TRUSTED_KEYS", None)
    return env


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory) -> Path:
    """A migrated database with the facilitator ``analyst``, made once and copied per test."""
    path = tmp_path_factory.mktemp("template") / "fresh.sqlite3"
    env = sqlite_env(path)
    assert manage(env, "migrate", "--no-input").returncode == 0
    assert manage(env, "facilitator", "analyst").returncode == 0
    return path


@pytest.fixture
def fresh_database(migrated_database, tmp_path) -> dict:
    """A database of its own for each test, as `migrate` leaves it, on another server."""
    path = tmp_path / "fresh.sqlite3"
    with (
        closing(sqlite3.connect(migrated_database)) as source,
        closing(sqlite3.connect(path)) as copy,
    ):
        source.backup(copy)
    return sqlite_env(path)


def importing(env: dict, path: Path, *flags: str) -> subprocess.CompletedProcess:
    return manage(env, "import_log", str(path), "--facilitator", "analyst", *flags)


def event_lines(path: Path) -> list[str]:
    return [line for line in path.read_text().splitlines() if '"signature"' not in line[:14]]


def test_an_imported_log_rebuilds_to_the_same_state_at_every_seq(
    exported, fresh_database, tmp_path
):
    imported = importing(fresh_database, exported)
    assert imported.returncode == 0, imported.stderr
    assert "signed by this server" in imported.stderr
    new_id = imported.stdout.strip()
    assert manage(fresh_database, "verify_log", new_id).returncode == 0
    again = tmp_path / "again.jsonl"
    assert manage(fresh_database, "export_log", new_id, "-o", str(again)).returncode == 0

    original = [json.loads(line) for line in event_lines(exported)]
    copied = [json.loads(line) for line in event_lines(again)]
    assert len(original) == len(copied) > 50
    assert [e["state_hash"] for e in copied] == [e["state_hash"] for e in original]
    assert copied == original  # every event byte for byte, hashes and chain included
    signature = json.loads(again.read_text().splitlines()[-1])["signature"]
    assert signature["game_id"] == new_id and signature["head_hash"] == copied[-1]["hash"]


def test_import_needs_a_facilitator_who_exists(exported, fresh_database):
    result = manage(fresh_database, "import_log", str(exported))
    assert result.returncode != 0 and "--facilitator" in result.stderr
    result = manage(fresh_database, "import_log", str(exported), "--facilitator", "nobody")
    assert result.returncode == 1 and "no facilitator 'nobody'" in result.stderr


@pytest.mark.parametrize("where", ["data", "hash", "drop"])
def test_a_tampered_export_is_refused_naming_the_bad_seq(exported, fresh_database, where):
    lines = exported.read_text().splitlines()
    bad = 17
    event = json.loads(lines[bad - 1])
    if where == "data":
        event["data"]["forged"] = True
        lines[bad - 1] = json.dumps(event)
    elif where == "hash":
        event["hash"] = "0" * 64
        lines[bad - 1] = json.dumps(event)
    else:
        del lines[bad - 1]
    exported.write_text("\n".join(lines) + "\n")
    result = importing(fresh_database, exported, "--unverified")
    assert result.returncode == 1
    assert f"seq {bad}" in result.stderr
    listed = manage(fresh_database, "verify_log")
    assert listed.stdout.strip() == ""  # nothing was imported


def test_a_file_that_is_not_a_log_is_refused_with_the_line(fresh_database, tmp_path):
    path = tmp_path / "junk.jsonl"
    path.write_text('{"seq": 1}\nnot json\n')
    result = importing(fresh_database, path)
    assert result.returncode == 1 and "line 1" in result.stderr


def rechained(lines: list[str], change) -> str:
    """The exported events after ``change(event)``, with a hash chain made valid again (what
    anyone can compute), and the original signature line kept as it was."""
    from wargame.games.store import GENESIS_HASH, chain_record, event_hash

    out, prev = [], GENESIS_HASH
    for line in lines:
        event = json.loads(line)
        if "signature" in event:
            out.append(line)
            continue
        change(event)
        event["prev_hash"] = prev
        event["hash"] = prev = event_hash(prev, chain_record(event))
        out.append(json.dumps(event))
    return "\n".join(out) + "\n"


def without_signature(text: str) -> str:
    return "".join(line + "\n" for line in text.splitlines() if not line.startswith('{"signature"'))


def signed(text: str, key=None) -> str:
    """``text``'s events signed again by ``key`` (default: this server's own key)."""
    from wargame.games import signing

    lines = without_signature(text).splitlines()
    first, last = json.loads(lines[0]), json.loads(lines[-1])
    fields = {
        "algorithm": "ed25519",
        "key": signing.public_key_text(key.public_key() if key else None),
        "game_id": "elsewhere",
        "title": first["data"].get("title", ""),
        "engine_version": str(first["data"].get("engine_version", "1")),
        "seq": last["seq"],
        "head_hash": last["hash"],
        "signed_at": "2026-01-01T00:00:00Z",
    }
    signer = key or signing.private_key()
    import base64

    fields["value"] = base64.b64encode(signer.sign(signing._message(fields))).decode()
    return "\n".join([*lines, json.dumps({"signature": fields})]) + "\n"


def forge_message(event: dict) -> None:
    if event["type"] == "message_sent":
        event["data"]["text"] = "FORGED: we agreed to everything"


def test_a_rechained_forged_export_is_refused(exported, fresh_database, tmp_path):
    """Message text edited and the chain recomputed: the signature no longer matches."""
    original = exported.read_text()
    assert '"message_sent"' in original
    forged = rechained(original.splitlines(), forge_message)
    assert "FORGED" in forged
    exported.write_text(forged)
    for flags in ((), ("--unverified",)):
        result = importing(fresh_database, exported, *flags)
        assert result.returncode == 1, result.stdout
        assert "the log was changed after it was signed" in result.stderr
    # Without its signature line it is an unsigned log: refused unless explicitly unverified.
    exported.write_text(without_signature(forged))
    result = importing(fresh_database, exported)
    assert result.returncode == 1 and "the log is unsigned" in result.stderr
    result = importing(fresh_database, exported, "--unverified")
    assert result.returncode == 0, result.stderr
    report = tmp_path / "report.md"
    assert (
        manage(
            fresh_database, "aar", result.stdout.strip(), "--format", "md", "-o", str(report)
        ).returncode
        == 0
    )
    text = report.read_text()
    assert "Origin not verified" in text and "FORGED" in text
    head = json.loads(forged.splitlines()[-2])["hash"]
    assert head in text
    # Exported again, the unverified record leaves unsigned: this server does not vouch for it,
    # so it cannot come back in as "verified, signed by this server".
    again = tmp_path / "again.jsonl"
    exported_again = manage(fresh_database, "export_log", result.stdout.strip(), "-o", str(again))
    assert exported_again.returncode == 0, exported_again.stderr
    assert '"signature"' not in again.read_text()
    reimported = importing(fresh_database, again)
    assert reimported.returncode == 1 and "the log is unsigned" in reimported.stderr


@pytest.mark.parametrize("flags", [(), ("--unverified",)])
def test_blanked_state_hashes_are_refused(exported, fresh_database, flags):
    def blank(event: dict) -> None:
        event["state_hash"] = ""

    exported.write_text(signed(rechained(exported.read_text().splitlines(), blank)))
    result = importing(fresh_database, exported, *flags)
    assert result.returncode == 1
    assert "line 1: field 'state_hash': blank" in result.stderr


def as_version_1(event: dict) -> None:
    if event["seq"] == 1:
        del event["data"]["engine_version"]  # as version 1 wrote game_created


@pytest.mark.parametrize("flags", [(), ("--unverified",)])
def test_an_unsigned_log_of_another_engine_version_is_refused(exported, fresh_database, flags):
    """Engine version 1 cannot have its states checked here: claiming it must not skip checks."""

    def forge(event: dict) -> None:
        as_version_1(event)
        forge_message(event)

    exported.write_text(without_signature(rechained(exported.read_text().splitlines(), forge)))
    result = importing(fresh_database, exported, *flags)
    assert result.returncode == 1
    assert "recorded by engine version '1'" in result.stderr
    assert "only signed by a trusted key" in result.stderr


def as_version_2_log(event: dict) -> None:
    as_version_2(event)  # the shape version 2 wrote, before the run-sheet and clock
    event["state_hash"] = "1" * 64  # a state of version 2's shape: not reproducible here


@pytest.mark.parametrize("version, shape", [("1", as_version_1), ("2", as_version_2_log)])
def test_a_log_of_another_engine_version_signed_by_a_trusted_key_is_accepted(
    exported, fresh_database, version, shape
):
    """A server vouches for its own record of an older engine version: the chain and the fold
    are checked, the state hashes (of another shape) are not compared, and it says so."""
    exported.write_text(signed(rechained(exported.read_text().splitlines(), shape)))
    result = importing(fresh_database, exported)
    assert result.returncode == 0, result.stderr
    assert "state hashes not compared" in result.stderr
    verified = manage(fresh_database, "verify_log", result.stdout.strip())
    assert verified.returncode == 0
    assert f"recorded by engine version {version}, not compared" in verified.stdout


def test_state_hashes_of_this_version_must_be_reproduced_even_when_signed(exported, fresh_database):
    def wrong(event: dict) -> None:
        event["state_hash"] = "1" * 64

    exported.write_text(signed(rechained(exported.read_text().splitlines(), wrong)))
    result = importing(fresh_database, exported)
    assert result.returncode == 1
    assert "seq 1" in result.stderr and "another state" in result.stderr


def test_a_key_is_trusted_only_when_the_operator_says_so(exported, fresh_database):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from wargame.games import signing

    other = Ed25519PrivateKey.generate()
    other_key = signing.public_key_text(other.public_key())
    exported.write_text(signed(exported.read_text(), other))
    result = importing(fresh_database, exported)
    assert result.returncode == 1
    assert f"signed by a key this server does not trust ({other_key})" in result.stderr
    marked = importing(fresh_database, exported, "--unverified")
    assert marked.returncode == 0, marked.stderr
    assert "origin not verified" in marked.stderr
    trusting = {**fresh_database, "WARGAME_TRUSTED_KEYS": f"ed25519:AAAA, {other_key}"}
    trusted = importing(trusting, exported)
    assert trusted.returncode == 0, trusted.stderr
    assert f"signed by trusted key {other_key}" in trusted.stderr


def test_signing_key_prints_the_public_key(fresh_database):
    from wargame.games import signing

    result = manage(fresh_database, "signing_key")
    assert result.returncode == 0
    assert result.stdout.strip() == signing.own_key()
    fresh = manage(fresh_database, "signing_key", "--new").stdout.strip()
    other = manage({**fresh_database, "WARGAME_SIGNING_KEY": fresh}, "signing_key")
    assert other.returncode == 0 and other.stdout.strip() not in {"", signing.own_key()}
