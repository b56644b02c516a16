"""The live meeting under /f: the facilitator's presenter page (presenter.py), what the
meeting page controls of it (controls.py), the moderation queue (moderation.py) and the
phone's cockpit that runs the meeting (cockpit.py).
The read-only presenter link /p/... has its own blueprint (presenter_link.py). Views
register on `bp`; create_app imports each module."""

from flask import Blueprint

bp = Blueprint("live", __name__, url_prefix="/f")
