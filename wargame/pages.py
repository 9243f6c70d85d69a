"""The pages: one built single-page app (frontend/dist/index.html) behind several routes.

The facilitator's pages need a logged-in session; players' and observers' pages carry their
token in the URL fragment, which only the page itself reads.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

INDEX = Path(settings.BASE_DIR) / "frontend" / "dist" / "index.html"


def app(request: HttpRequest, **kwargs: object) -> HttpResponse:
    if not INDEX.exists():
        return HttpResponse(
            "The pages are not built yet: run `make run` (or `make frontend`).",
            status=503,
            content_type="text/plain",
        )
    get_token(request)  # sets the CSRF cookie the page sends back on unsafe requests
    response = HttpResponse(INDEX.read_bytes(), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


facilitator_app = login_required(app)
