"""Origin checks for websockets.

A browser always sends ``Origin``; a page on another site must not open a socket that rides on
the facilitator's session cookie, so a present Origin must name one of ALLOWED_HOSTS. Scripts
and notebooks send no Origin and carry no ambient credentials, only their token: they pass.
"""

from channels.security.websocket import OriginValidator
from django.conf import settings


class BrowserOriginValidator(OriginValidator):
    def valid_origin(self, parsed_origin) -> bool:
        if parsed_origin is None:
            return True
        return self.validate_origin(parsed_origin)


def validate_origins(application):
    return BrowserOriginValidator(application, settings.ALLOWED_HOSTS)
