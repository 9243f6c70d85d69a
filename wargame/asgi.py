"""ASGI entry point: HTTP through Django on kept threads (wargame/sync_http.py), websockets
through Channels."""

import gc
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wargame.settings")
django.setup(set_prefix=False)

from channels.auth import AuthMiddlewareStack  # noqa: E402  (these need Django set up)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from wargame.live.heap import tune_allocator  # noqa: E402
from wargame.live.routing import websocket_urlpatterns  # noqa: E402
from wargame.live.security import validate_origins  # noqa: E402
from wargame.sync_http import SyncHttp  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": SyncHttp(),
        "websocket": validate_origins(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

# Big views are made and dropped many times a second: keep them out of the allocator's arenas,
# where their freed space would stay in the process (wargame/live/heap.py).
tune_allocator()

# Everything loaded so far (Django, the apps, the URL and routing tables) lives as long as the
# process: keep it out of the garbage collector's full passes, which would otherwise walk those
# hundred thousand objects again every few seconds and stall every request and socket meanwhile.
gc.collect()
gc.freeze()
