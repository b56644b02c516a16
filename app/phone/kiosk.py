"""Kiosk mode (issue 20): a tablet or laptop bound to one meeting, answered on by one
person after another. The facilitator binds the device (app/meetings/views/kiosk.py):
a signed cookie naming the meeting, valid for a day, sent only to that meeting's pages.
Each person on the kiosk is an anonymous participant of their own (the page forgets
its record on "done — hand it on"; static/js/participant/kiosk.js)."""

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

MAX_AGE = 24 * 3600  # one meeting day
IDLE_SECONDS = 90  # no touch this long: back to the start for the next person


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="allo-kiosk")


def cookie_name() -> str:
    return "__Host-allo_kiosk" if current_app.config["SESSION_COOKIE_SECURE"] else "allo_kiosk"


def set_cookie(response, meeting) -> None:
    """Bind the device that gets this response to the meeting."""
    response.set_cookie(cookie_name(), binding(meeting), max_age=MAX_AGE, path="/", httponly=True,
                        samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])


def is_bound_here(meeting, cookies) -> bool:
    return is_bound(meeting, cookies.get(cookie_name()))


def binding(meeting) -> str:
    """The cookie's value that binds a device to this meeting."""
    return _signer().dumps({"meeting": meeting.token})


def is_bound(meeting, value: str | None) -> bool:
    """Does this cookie value bind the device to this meeting (signed by us, not expired)?"""
    if not value:
        return False
    try:
        data = _signer().loads(value, max_age=MAX_AGE)
    except BadSignature:
        return False
    return isinstance(data, dict) and data.get("meeting") == meeting.token
