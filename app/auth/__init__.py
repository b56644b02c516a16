"""Facilitator accounts: log in (with a second factor), log out, a password reset by
e-mail, one's own account page, and the login_required guard."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.auth import account, reset_views, views  # noqa: E402, F401
