"""Every error the app answers with, in one place: the API's one JSON shape
{"error": {"code": ..., "message": ...}} and the HTML error pages, for HTTP errors,
refused forms (CSRF), the API's own refusals (`ApiError`) and rate limits.
`register(app)` installs the handlers; create_app calls it."""

from flask import Flask, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

# Werkzeug's descriptions are English only; these are the ones a phone can meet.
MESSAGES = {
    404: _l("We could not find this page."),
    405: _l("This address does not accept this method."),
    413: _l("The request is too large."),
    500: _l("Something went wrong."),
}


class ApiError(Exception):
    """A refusal of the participant API: raise it anywhere under /api."""

    def __init__(self, status: int, code: str, message):
        super().__init__(code)
        self.status, self.code, self.message = status, code, message

    def response(self):
        # RFC 9110: a 401 names the scheme the client should use.
        headers = {"WWW-Authenticate": "Bearer"} if self.status == 401 else None
        return error_response(self.status, self.code, self.message, headers)


def wants_json() -> bool:
    """The API answers in JSON, and so does a page's script that asks for it."""
    if request.path == "/api" or request.path.startswith("/api/"):
        return True
    return request.accept_mimetypes.best == "application/json"


def error_response(status: int, code: str, message, headers: dict | None = None) -> tuple:
    return jsonify(error={"code": code, "message": str(message)}), status, headers or {}


def from_http_exception(exc: HTTPException) -> tuple:
    """Werkzeug's 404, 405, 413... in the API's shape, keeping headers such as Allow."""
    code = (exc.name or "error").lower().replace(" ", "_")
    message = MESSAGES.get(exc.code) or exc.description or exc.name
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
    return error_response(exc.code or 500, code, message, headers)


def handle_http_error(exc: HTTPException):
    if wants_json():
        return from_http_exception(exc)
    return render_template("errors/error.html", error=exc), exc.code


def handle_csrf_error(exc: CSRFError):
    if wants_json():
        return error_response(400, "csrf", exc.description)
    return render_template("errors/error.html", error=exc), 400


def handle_api_error(error: ApiError):
    return error.response()


RATE_LIMITED = _l("Too many attempts. Wait a moment and try again.")


def handle_rate_limited(exc: RateLimitExceeded):
    """429 with Retry-After (the seconds app/ops/limits.py noted when the limit was
    breached, else the window's length): JSON for the API, a page for a person."""
    retry_after = g.get("retry_after") or max(1, int(exc.limit.limit.get_expiry()))
    headers = {"Retry-After": str(retry_after)}
    if wants_json():
        return error_response(429, "rate_limited", RATE_LIMITED, headers)
    return render_template("errors/rate_limited.html", message=RATE_LIMITED), 429, headers


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(RateLimitExceeded, handle_rate_limited)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(ApiError, handle_api_error)
