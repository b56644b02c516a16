"""A meeting's results under /f: the report (report.py) and the exports (exports.py).
Views register on `bp`; create_app imports each module."""

from flask import Blueprint

bp = Blueprint("results", __name__, url_prefix="/f")
