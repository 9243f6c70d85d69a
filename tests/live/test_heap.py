"""The server keeps big blocks out of glibc's arenas (wargame/live/heap.py), so that the space of
the views it drops goes back to the system."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(
    platform.libc_ver()[0] != "glibc", reason="the settings are glibc's"
)

# Frees a big block, as a dropped view, then makes a smaller one, as the next view: is it mapped
# on its own (returned to the system when freed) or carved out of an arena?
PROBE = """
import ctypes, sys
from wargame.live.heap import tune_allocator

class Mallinfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]

libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = Mallinfo2
if sys.argv[1] == "tuned":
    assert tune_allocator()
dropped = bytearray(900_000)
del dropped
before = libc.mallinfo2().hblkhd
kept = bytearray(600_000)
print(libc.mallinfo2().hblkhd - before >= 600_000)
"""


def mapped_after_a_drop(mode: str) -> bool:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, mode],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip() == "True"


def test_a_big_block_stays_mapped_after_a_bigger_one_was_freed():
    # glibc left alone raises its threshold past the freed block: the next one is in an arena.
    assert not mapped_after_a_drop("default")
    assert mapped_after_a_drop("tuned")
