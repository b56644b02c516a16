"""The read-only presenter link: /p/<presenter_token> shows a meeting's presenter view on
the room's PC without a login; /p/<presenter_token>/live is its live fragment. view.py
renders the presenter view for this blueprint and the facilitator's own presenter page."""

from flask import Blueprint

bp = Blueprint("presenter", __name__, url_prefix="/p")


from app.presenter import routes  # noqa: E402, F401
