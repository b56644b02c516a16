"""The learning network: organisations and people (admins), invitations, co-hosting,
series of meetings, and the network-wide practice log. Thin views; the rules live in
app/organisations.py, app/series.py and app/practice.py."""

from flask import Blueprint

bp = Blueprint("network", __name__, url_prefix="/n")

from app.network import people, practice_log, second_factor_views, series_views  # noqa: E402, F401
