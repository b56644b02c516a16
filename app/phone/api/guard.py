"""Protection for the participant API without CSRF tokens: a token in a
cookie-less header, JSON-only bodies and a same-origin check. Nothing here
expires, so an outbox replayed days later still lands (flask-wtf's CSRF token
would have expired after an hour)."""

from urllib.parse import urlsplit

from flask import request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest

from app.errors import ApiError
from app.phone.tokens import device_token  # noqa: F401 - the API's views read it here


def same_origin(origin: str | None) -> bool:
    """No Origin (a same-origin GET, an old browser) passes; one from elsewhere does not."""
    if not origin:
        return True
    try:
        return urlsplit(origin).netloc == request.host
    except ValueError:  # e.g. "http://[::1": not even a URL
        return False


def json_body() -> dict:
    """The request's JSON object, or a clear 4xx."""
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type", _l("Send JSON (Content-Type: application/json)."))
    if not same_origin(request.headers.get("Origin")):
        raise ApiError(403, "foreign_origin", _l("Requests must come from this site."))
    try:
        body = request.get_json()
    except (BadRequest, RecursionError):  # RecursionError: [[[[...]]]] nested too deep
        raise ApiError(400, "malformed_json", _l("The body is not valid JSON.")) from None
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_body", _l("The body must be a JSON object."))
    return body

