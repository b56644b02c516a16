"""Account pages: log in and out (login.py), one's own account (account.py), a
password reset (reset.py). The views register on `bp`; create_app imports each module."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
