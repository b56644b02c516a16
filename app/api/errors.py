"""The one error shape of the API: {"error": {"code": ..., "message": ...}}."""

from flask import jsonify
from werkzeug.exceptions import HTTPException


def error_response(status: int, code: str, message) -> tuple:
    return jsonify(error={"code": code, "message": str(message)}), status


def from_http_exception(exc: HTTPException) -> tuple:
    """Werkzeug's 404, 405, 413... in the API's shape."""
    code = (exc.name or "error").lower().replace(" ", "_")
    return error_response(exc.code or 500, code, exc.description or exc.name)
