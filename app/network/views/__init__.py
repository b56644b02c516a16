"""Pages of the learning network under /n: organisations and people (people.py),
series (series.py), the practice log (practice_log.py), an organisation's second-factor
rule (second_factor.py). The dashboard (dashboard.py) has its own blueprint under /f.
Thin views; the rules live in app/network/. Views register on `bp`; create_app imports
each module."""

from flask import Blueprint

bp = Blueprint("network", __name__, url_prefix="/n")
