"""Rate limits per token (or per address for anonymous callers).

A caller may make ``N`` requests in any period of the rate (``WARGAME_THROTTLE_RATE``,
"N/period"), in a burst or spread out; then one more each ``period / N``. That is the generic
cell rate algorithm: one number per caller in the cache (the moment its allowance is next full),
where DRF's own throttle keeps and rewrites a list of every request's time in the period, which
cost more with every request a busy caller made.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from wargame.games.access import Principal


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"
    wait_seconds: float | None = None

    def get_rate(self) -> str:
        # Read per request (DRF reads its own setting once, at import), so it can be tuned.
        return settings.WARGAME_THROTTLE_RATE

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.user, Principal):
            ident = request.user.throttle_key
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        interval = self.duration / self.num_requests
        now = self.timer()
        # When this caller's requests so far would all have been spent at the steady rate.
        spent_until = max(self.cache.get(key, now), now)
        early = spent_until + interval - now - self.duration
        if early > 0:
            self.wait_seconds = early
            return False
        self.cache.set(key, spent_until + interval, self.duration)
        return True

    def wait(self) -> float | None:
        return self.wait_seconds
