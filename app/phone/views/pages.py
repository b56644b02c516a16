"""Participant pages: the home page with the code field, and a meeting's page."""

from flask import redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from app import followups, meetings
from app.meetings import defaults
from app.phone.api.meetings import meeting_json
from app.phone.views import bp
from app.phone.views.strings import LANGUAGE_NAMES, participant_strings


@bp.context_processor
def language_links():
    """Links to this same page in each language (?lang= is kept in the session)."""
    here = dict(request.args, **(request.view_args or {}))
    links = [
        {"code": code, "name": name, "url": url_for(request.endpoint, **{**here, "lang": code})}
        for code, name in LANGUAGE_NAMES.items()
    ]
    return {"language_links": links, "locale": str(get_locale())}


@bp.get("/")
def home():
    """Home page: type the meeting's short code."""
    return render_template("join/home.html")


@bp.get("/join")
def enter_code():
    """Send a typed code to its meeting's page, or say it is unknown."""
    typed = request.args.get("code", "").strip()[:20]
    if not typed:
        return redirect(url_for("join.home"))
    meeting = meetings.by_code(typed)
    if meeting is None or meeting.status != "open":
        # A closed or not yet opened meeting says so; its link stays unknown to a guessed code.
        error = _("No open meeting has this code. Check the code on the screen.")
        if meeting is not None and meeting.status == "closed":
            error = _("This meeting is closed. Thank you for taking part!")
        elif meeting is not None:
            error = _("This meeting has not started yet. "
                      "Wait until the facilitator opens it, then try again.")
        return render_template("join/home.html", error=error, code=typed), 404
    return redirect(url_for("join.meeting", token=meeting.token))


@bp.get("/j/<token>")
def meeting(token):
    """A meeting's page: its prompts while open, a friendly notice otherwise."""
    found = meetings.by_token(token) or followups.by_token(token)
    if found is None:
        return render_template("join/unknown.html"), 404
    if found.status == "draft":
        return render_template("join/draft.html", meeting=found)
    if found.status == "closed":
        return render_template("join/closed.html", meeting=found)
    data = {
        "meeting": meeting_json(found),
        "lang": str(get_locale()),
        "faces": defaults.FACES,
        "languages": list(LANGUAGE_NAMES.items()),  # a list: JSON objects lose the order
    }
    data.update(followups.page_data(found, request.args.get("g")))
    return render_template("join/meeting.html", meeting=found, data=data, strings=participant_strings(),
                           futures=data.get("futures"))
