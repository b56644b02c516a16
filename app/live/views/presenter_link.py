"""Views: the presenter view behind a read-only link (no login, no control over phones)."""

from flask import Blueprint, abort, request, url_for

from app import live
from app.live import presenter

bp = Blueprint("presenter", __name__, url_prefix="/p")



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
    return presenter.page(meeting, request.args.get("prompt"), live_url=live_url)


@bp.get("/<token>/live")
def live_fragment(token):
    """The live part of the presenter view as HTML, with a strong ETag (304 when unchanged)."""
    return presenter.fragment(_meeting(token), request.args.get("prompt"))
