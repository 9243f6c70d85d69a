"""Rate limits per token (or per address for anonymous callers)."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from wargame.games.access import Principal


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def get_rate(self) -> str:
        # Read per request (DRF reads its own setting once, at import), so it can be tuned.
        return settings.WARGAME_THROTTLE_RATE

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.user, Principal):
            ident = request.user.throttle_key
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
