"""The one error shape of the API: {"error": {"code": ..., "message": ...}}."""

from flask import jsonify
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

# Werkzeug's descriptions are English only; these are the ones a phone can meet.
MESSAGES = {
    404: _l("We could not find this page."),
    405: _l("This address does not accept this method."),
    413: _l("The request is too large."),
    500: _l("Something went wrong."),
}


def error_response(status: int, code: str, message, headers: dict | None = None) -> tuple:
    return jsonify(error={"code": code, "message": str(message)}), status, headers or {}


def from_http_exception(exc: HTTPException) -> tuple:
    """Werkzeug's 404, 405, 413... in the API's shape, keeping headers such as Allow."""
    code = (exc.name or "error").lower().replace(" ", "_")
    message = MESSAGES.get(exc.code) or exc.description or exc.name
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
    return error_response(exc.code or 500, code, message, headers)
