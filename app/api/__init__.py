"""The JSON API used by participants' phones (and their offline outbox)."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")

from app.api import answers, meetings, openapi, push  # noqa: E402, F401
