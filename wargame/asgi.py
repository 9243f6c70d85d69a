"""ASGI entry point: HTTP through Django, websockets through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wargame.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402  (these need Django set up)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from wargame.live.routing import websocket_urlpatterns  # noqa: E402
from wargame.live.security import validate_origins  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": validate_origins(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
