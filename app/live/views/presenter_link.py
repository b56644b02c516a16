"""Views: the presenter view behind a read-only link (no login, no control over phones).
It speaks the meeting's language, whatever the room's PC's browser prefers (?lang= still
chooses another)."""

from flask import Blueprint, abort, current_app, request, url_for
from flask_babel import force_locale

from app import live
from app.live import presenter

bp = Blueprint("presenter", __name__, url_prefix="/p")


def _language(meeting) -> str:
    asked = request.args.get("lang")
    return asked if asked in current_app.config["LANGUAGES"] else meeting.language


def _meeting(token: str):
    meeting = live.by_presenter_token(token)
    if meeting is None:
        abort(404)  # unknown or revoked: the same page, at once
    return meeting


@bp.get("/<token>")
def present(token):
    """The presenter view for the room's PC: it browses and toggles locally, nothing more."""
    meeting = _meeting(token)
    live_url = url_for(".live_fragment", token=token)
    with force_locale(_language(meeting)):
        return presenter.page(meeting, request.args.get("prompt"), live_url=live_url)


@bp.get("/<token>/live")
def live_fragment(token):
    """The live part of the presenter view as HTML, with a strong ETag (304 when unchanged)."""
    meeting = _meeting(token)
    with force_locale(_language(meeting)):
        return presenter.fragment(meeting, request.args.get("prompt"))
