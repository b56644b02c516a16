"""Participant pages: the home page with the code field, and a meeting's join page."""

from flask import Blueprint

bp = Blueprint("join", __name__)

from app.join import privacy, views  # noqa: E402, F401
