"""The one error body of the API: {"error": {"code", "message"}} with the contract statuses."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.db import OperationalError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from wargame.games.access import FORBIDDEN, NO_ROLE, AccessDenied


class ApiError(exceptions.APIException):
    """An error with an explicit status and stable code."""

    def __init__(self, status_code: int, code: str, message: str) -> None:
        super().__init__(detail=message, code=code)
        self.status_code = status_code
        self.error_code = code
        self.message = message


_CODES = {
    status.HTTP_400_BAD_REQUEST: "invalid_request",
    status.HTTP_401_UNAUTHORIZED: "not_authenticated",
    status.HTTP_403_FORBIDDEN: "forbidden",
    status.HTTP_404_NOT_FOUND: "not_found",
    status.HTTP_405_METHOD_NOT_ALLOWED: "method_not_allowed",
    status.HTTP_406_NOT_ACCEPTABLE: "not_acceptable",
    status.HTTP_409_CONFLICT: "conflict",
    status.HTTP_413_REQUEST_ENTITY_TOO_LARGE: "too_large",
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: "unsupported_media_type",
    status.HTTP_422_UNPROCESSABLE_ENTITY: "rules",
    status.HTTP_429_TOO_MANY_REQUESTS: "throttled",
}


# An access refusal (wargame/games/access.py) as an HTTP status and error code.
# A role the game does not have is not found, as /seats/{role}/token/ says of a seat.
ACCESS_STATUS = {FORBIDDEN: (403, "forbidden"), NO_ROLE: (404, "not_found")}


def error_body(code: str, message: str, **extra: object) -> dict:
    return {"error": {"code": code, "message": message, **extra}}


def _flatten(detail: object) -> str:
    if isinstance(detail, dict):
        return "; ".join(f"{key}: {_flatten(value)}" for key, value in detail.items())
    if isinstance(detail, list):
        return "; ".join(_flatten(item) for item in detail)
    return str(detail)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, reshaped into the contract's error body."""
    if isinstance(exc, ApiError):
        return Response(error_body(exc.error_code, exc.message), status=exc.status_code)
    if isinstance(exc, AccessDenied):
        status_code, code = ACCESS_STATUS[exc.reason]
        return Response(error_body(code, exc.message), status=status_code)
    if isinstance(exc, RequestDataTooBig):
        return Response(
            error_body("too_large", "the request body is larger than 64 KiB"),
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, OperationalError):
        # The database is down, or every pooled connection stayed busy: nothing the client
        # sent is wrong, and a command retried with its Idempotency-Key cannot apply twice.
        response = Response(
            error_body(
                "unavailable",
                "the database is busy or unreachable: try again in a moment "
                "(a command with the same Idempotency-Key)",
            ),
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
        )
        response["Retry-After"] = "1"
        return response
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("no such resource")
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        exc.status_code = status.HTTP_401_UNAUTHORIZED
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = _CODES.get(response.status_code, "error")
    response.data = error_body(code, _flatten(getattr(exc, "detail", str(exc))))
    return response


def _plain_handler(status_code: int, default):
    """A Django error handler that answers paths under /api/ with the JSON error body."""

    def handler(request, exception=None, **kwargs):
        if request.path.startswith("/api/"):
            from django.http import JsonResponse

            code = _CODES.get(status_code, "error")
            messages = {
                400: "the request could not be understood",
                403: "forbidden",
                404: "no such resource under /api/ (see /api/schema/)",
                500: "the server failed",
            }
            return JsonResponse(error_body(code, messages[status_code]), status=status_code)
        if status_code == 500:
            return default(request)
        return default(request, exception)

    return handler


def handlers():
    """handler400, handler403, handler404 and handler500 for the project's URLconf."""
    from django.views import defaults

    return (
        _plain_handler(400, defaults.bad_request),
        _plain_handler(403, defaults.permission_denied),
        _plain_handler(404, defaults.page_not_found),
        _plain_handler(500, defaults.server_error),
    )
