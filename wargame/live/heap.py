"""How a long-running server asks glibc's allocator to hand memory back.

A server's biggest allocations are the views it encodes for its sockets (one bytes object each,
hundreds of kilobytes in a long game), made and dropped many times a second. glibc serves a
block above its mmap threshold with a mapping of its own, returned to the system when freed;
but it raises that threshold to the size of each such block freed, so soon every view comes
from the heap's arenas instead, where freed space stays in the process and is split and
scattered by the next, larger views. Under the soak (bench/bench_soak.py) the arenas held
80–135 MiB free after three minutes and the resident size kept rising. A fixed threshold keeps
big blocks mapped and returned; fewer arenas (one per thread by default, up to eight per core,
and every HTTP request runs on a thread of its own) leave less free space scattered among them.

``MALLOC_MMAP_THRESHOLD_`` and ``MALLOC_ARENA_MAX`` in the environment win over these defaults.
Elsewhere than glibc (musl, macOS) nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os

logger = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
MMAP_THRESHOLD = 128 * 1024  # glibc's initial threshold, kept from rising
ARENA_MAX = 2


def tune_allocator() -> bool:
    """Fix glibc's mmap threshold and cap its arenas, unless the environment sets them; True
    when glibc took the settings."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    taken = True
    if "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        taken = mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 and taken
    if "MALLOC_ARENA_MAX" not in os.environ:
        taken = mallopt(M_ARENA_MAX, ARENA_MAX) == 1 and taken
    if not taken:
        logger.warning("the allocator refused its settings: memory may stay high after peaks")
    return taken
