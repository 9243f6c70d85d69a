"""The server of bench/bench_soak.py with a census of its heap: ``wargame.asgi`` as it is, plus
a thread that, every ``SOAK_CENSUS_SECONDS`` (default 30), appends to ``SOAK_CENSUS_FILE`` one
JSON line: the live objects by type (the 25 most numerous), the bytes the view cache holds, the
states and journals kept, the sockets daphne holds and the tasks on the event loop.

Run: ``PYTHONPATH=. daphne bench.soak_census:application`` (``bench_soak.py --census FILE``).
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
import json
import os
import threading
import time
from collections import Counter

from wargame.asgi import application  # noqa: F401  (what daphne serves)

INTERVAL = float(os.environ.get("SOAK_CENSUS_SECONDS", "30"))
FILE = os.environ.get("SOAK_CENSUS_FILE", "")


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class _Mallinfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _malloc() -> dict | None:
    """glibc's view of the heap, in MiB: in use, free inside its arenas, mapped on its own."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = _Mallinfo2
        info = libc.mallinfo2()
    except (OSError, AttributeError):
        return None
    mib = 1 << 20
    return {
        "in_use": round(info.uordblks / mib, 1),
        "free_in_arenas": round(info.fordblks / mib, 1),
        "mmapped": round(info.hblkhd / mib, 1),
        "arena": round(info.arena / mib, 1),
    }


def _write_buffers(servers: list) -> tuple[int, int]:
    """Bytes the sockets' transports hold unsent, and the largest of them."""
    sizes = []
    for server in servers:
        for protocol in list(server.connections):
            transport = getattr(protocol, "transport", None)
            if transport is None:
                continue
            held = len(getattr(transport, "dataBuffer", b"")) + getattr(
                transport, "_tempDataLen", 0
            )
            sizes.append(held)
    return sum(sizes), max(sizes, default=0)


def _traceback_origins(objects: list) -> list:
    """Where the live tracebacks end (the frame that raised), most common first."""
    origins: Counter[str] = Counter()
    for tb in objects:
        if type(tb).__name__ != "traceback":
            continue
        while tb.tb_next is not None:
            tb = tb.tb_next
        code = tb.tb_frame.f_code
        origins[f"{code.co_filename.rsplit('/', 2)[-1]}:{tb.tb_lineno} {code.co_name}"] += 1
    return origins.most_common(6)


def _task_kinds() -> list:
    kinds: Counter[str] = Counter()
    for task in list(asyncio.tasks._all_tasks):
        coro = task.get_coro()
        kinds[getattr(coro, "__qualname__", type(coro).__name__)] += 1
    return kinds.most_common(6)


def census() -> dict:
    from wargame.games import caches

    objects = gc.get_objects()
    types = Counter(type(o).__qualname__ for o in objects)
    servers = [
        o for o in objects if type(o).__module__ == "daphne.server" and hasattr(o, "connections")
    ]
    connections = sum(len(s.connections) for s in servers)
    journals = list(caches.journals._values.values())
    consumers = sum(type(o).__name__ == "GameConsumer" for o in objects)
    layers = [o for o in objects if type(o).__name__ == "InMemoryChannelLayer"]
    layer = layers[0] if layers else None
    tracebacks = _traceback_origins(objects)
    del objects
    unsent, largest_unsent = _write_buffers(servers)
    tasks = len(asyncio.tasks._all_tasks)  # a WeakSet: its length needs no iteration
    return {
        "t": round(time.time()),
        "rss_mib": round(_rss_kib() / 1024, 1),
        "gc_objects": sum(types.values()),
        "gc_frozen": gc.get_freeze_count(),
        "view_cache": {"views": len(caches.views._values), "bytes": caches.views.bytes},
        "journal_entries": [len(j.entries) for j in journals],
        "daphne_connections": connections,
        "consumers": consumers,
        "asyncio_tasks": tasks,
        "layer_channels": len(layer.channels) if layer is not None else None,
        "layer_queued": (
            sum(q.qsize() for q in list(layer.channels.values())) if layer is not None else None
        ),
        "layer_groups": {g: len(c) for g, c in layer.groups.items()} if layer is not None else None,
        "threads": threading.active_count(),
        "malloc_mib": _malloc(),
        "unsent_bytes": unsent,
        "largest_unsent": largest_unsent,
        "tracebacks": tracebacks,
        "task_kinds": _task_kinds(),
        "types": types.most_common(25),
    }


def _run() -> None:
    while True:
        time.sleep(INTERVAL)
        try:
            line = json.dumps(census())
        except Exception as error:  # a census must never stop the server
            line = json.dumps({"error": repr(error)})
        with open(FILE, "a") as out:
            out.write(line + "\n")


if FILE:
    threading.Thread(target=_run, name="soak-census", daemon=True).start()
