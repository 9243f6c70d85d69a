"""How the OpenAPI document describes the API's two ways of authenticating."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "wargame.api.auth.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A facilitator's API token, a seat's join token or the observer token.",
        }


class FacilitatorSessionScheme(OpenApiAuthenticationExtension):
    target_class = "wargame.api.auth.FacilitatorSessionAuthentication"
    name = "facilitatorSession"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
