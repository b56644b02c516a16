"""Facilitator accounts: log in, log out, and the login_required guard."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.auth import views  # noqa: E402, F401
