"""Where an exported log came from: an Ed25519 signature over its head, by this server's key.

A hash chain proves that a log holds together, not who wrote it: anyone can edit an event and
recompute every hash after it. So every export ends with a signature line,

    {"signature": {"algorithm": "ed25519", "key": "ed25519:<public key>", "game_id", "title",
                   "engine_version", "seq", "head_hash", "signed_at", "value": "<signature>"}}

where ``value`` signs (base64, standard alphabet) the bytes ``SIGNED_PREFIX`` followed by the
canonical JSON of every other field. The head hash covers the whole chain, so the signature
covers every event. ``import_log`` trusts this server's own key and the keys in
``WARGAME_TRUSTED_KEYS`` (see docs/protocol.md).

The private key is ``WARGAME_SIGNING_KEY`` (base64 of the 32-byte Ed25519 seed) or, without it,
the file ``WARGAME_SIGNING_KEY_FILE`` (default ``.signing_key``), generated once with mode 0600
and kept like the secret key.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from wargame.engine import canonical_json

ALGORITHM = "ed25519"
KEY_PREFIX = "ed25519:"
SIGNED_PREFIX = b"wargame-export-signature-v1\n"
SIGNED_FIELDS = ("algorithm", "key", "game_id", "title", "engine_version", "seq", "head_hash")


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _seed(text: str, where: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise ImproperlyConfigured(f"{where}: not an Ed25519 private key (base64 of 32 bytes)")
    return raw


def new_private_key_text() -> str:
    """A fresh private key, as ``WARGAME_SIGNING_KEY`` holds it."""
    return _b64(os.urandom(32))


@cache
def private_key() -> Ed25519PrivateKey:
    if settings.WARGAME_SIGNING_KEY:
        return Ed25519PrivateKey.from_private_bytes(
            _seed(settings.WARGAME_SIGNING_KEY, "WARGAME_SIGNING_KEY")
        )
    path = Path(settings.WARGAME_SIGNING_KEY_FILE)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created with 0600 from the start, and never overwritten if two processes race.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(new_private_key_text() + "\n")
    return Ed25519PrivateKey.from_private_bytes(_seed(path.read_text(), str(path)))


def public_key_text(key: Ed25519PublicKey | None = None) -> str:
    """``ed25519:`` and the base64 of the raw 32-byte public key."""
    key = key or private_key().public_key()
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return KEY_PREFIX + _b64(key.public_bytes(Encoding.Raw, PublicFormat.Raw))


def own_key() -> str:
    return public_key_text()


def trusted_keys() -> set[str]:
    """This server's own key and the operator's ``WARGAME_TRUSTED_KEYS``."""
    return {own_key(), *(k.strip() for k in settings.WARGAME_TRUSTED_KEYS if k.strip())}


def _message(fields: dict) -> bytes:
    return SIGNED_PREFIX + canonical_json({k: fields[k] for k in (*SIGNED_FIELDS, "signed_at")})


def signature_line(*, game_id: str, title: str, engine_version: str, seq: int, head: str) -> dict:
    fields = {
        "algorithm": ALGORITHM,
        "key": own_key(),
        "game_id": game_id,
        "title": title,
        "engine_version": engine_version,
        "seq": seq,
        "head_hash": head,
        "signed_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
    }
    fields["value"] = _b64(private_key().sign(_message(fields)))
    return {"signature": fields}


class BadSignature(ValueError):
    pass


@dataclass(frozen=True)
class Signature:
    key: str
    game_id: str
    title: str
    engine_version: str
    seq: int
    head_hash: str
    signed_at: str


def check(signature: object) -> Signature:
    """The signature line's fields once its value verifies under its own key; BadSignature
    says what is wrong. Whether the key is trusted is the caller's question."""
    if not isinstance(signature, dict):
        raise BadSignature("the signature line is not an object")
    for name, kind in (
        ("algorithm", str),
        ("key", str),
        ("game_id", str),
        ("title", str),
        ("engine_version", str),
        ("seq", int),
        ("head_hash", str),
        ("signed_at", str),
        ("value", str),
    ):
        value = signature.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            kind_name = "whole number" if kind is int else "text"
            raise BadSignature(f"the signature's field {name!r} is missing or not a {kind_name}")
        if kind is str and len(value) > 300:
            raise BadSignature(f"the signature's field {name!r} is too long")
    if signature["algorithm"] != ALGORITHM:
        raise BadSignature(f"unknown signature algorithm {signature['algorithm']!r}")
    unknown = set(signature) - {*SIGNED_FIELDS, "signed_at", "value"}
    if unknown:
        raise BadSignature(f"the signature has unknown fields: {', '.join(sorted(unknown))}")
    key_text = signature["key"]
    try:
        if not key_text.startswith(KEY_PREFIX):
            raise ValueError
        raw = base64.b64decode(key_text[len(KEY_PREFIX) :], validate=True)
        key = Ed25519PublicKey.from_public_bytes(raw)
        value = base64.b64decode(signature["value"], validate=True)
    except (binascii.Error, ValueError):
        raise BadSignature("the signature's key or value is not valid base64 Ed25519") from None
    try:
        key.verify(value, _message(signature))
    except InvalidSignature:
        raise BadSignature(
            "the signature does not match the log's head: the log was changed after it was signed"
        ) from None
    return Signature(
        key=key_text,
        game_id=signature["game_id"],
        title=signature["title"],
        engine_version=signature["engine_version"],
        seq=signature["seq"],
        head_hash=signature["head_hash"],
        signed_at=signature["signed_at"],
    )
