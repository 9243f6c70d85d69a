"""What the Content-Security-Policy (django-csp, settings.CONTENT_SECURITY_POLICY) lets a page
add: the <style> blocks of a page generated whole (the printable report, the API's docs page),
allowed by their SHA-256, never by 'unsafe-inline'. No page has an inline script."""

from __future__ import annotations

import base64
import hashlib
import re

from drf_spectacular.views import SpectacularSwaggerSplitView

_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def style_hashes(html: str) -> list[str]:
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for block in _STYLE.findall(html)
    ]


def allow_inline_styles(response, html: str | None = None):
    """Let the response's own <style> blocks apply under the policy."""
    text = html if html is not None else response.content.decode("utf-8", errors="replace")
    hashes = style_hashes(text)
    if hashes:
        update = dict(getattr(response, "_csp_update", None) or {})
        update["style-src"] = [*update.get("style-src", []), *hashes]
        response._csp_update = update
    return response


# The Swagger UI's files come from its CDN (drf-spectacular's SWAGGER_UI_DIST).
SWAGGER_CDN = "https://cdn.jsdelivr.net"


class ApiDocs(SpectacularSwaggerSplitView):
    """The browsable API docs: the Swagger UI with its start-up script served as a file of its
    own (``?script``) rather than inline, its styles hashed, its CDN named."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response._csp_update = {
            "script-src": [SWAGGER_CDN],
            "style-src": [SWAGGER_CDN],
            "img-src": [SWAGGER_CDN],
        }
        if hasattr(response, "add_post_render_callback") and "script" not in request.GET:
            response.add_post_render_callback(lambda r: allow_inline_styles(r) and None)
        return response
