"""The JSON API used by participants' phones (and their offline outbox): reading and
joining a meeting (meetings.py), sending answers (answers.py), opting in to a
follow-up notification (push.py) and the API's contract (openapi.py). Errors have one
shape (app/errors.py). The views register on `bp`; create_app imports each module."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")
