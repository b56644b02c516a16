"""Participant pages: the home page with the code field, and a meeting's page."""

from flask import redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from app import followups, meetings
from app.followups import loop
from app.meetings import defaults
from app.phone import kiosk
from app.phone.api.meetings import meeting_json
from app.phone.views import bp
from app.phone.views.strings import LANGUAGE_NAMES, kiosk_strings, participant_strings


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
    found = followups.meeting_or_followup(token)
    if found is None:
        return render_template("join/unknown.html"), 404
    if found.status == "draft":
        return render_template("join/draft.html", meeting=found)
    said_did = loop.shown(getattr(found, "meeting", found))  # a follow-up's entries are its meeting's
    if found.status == "closed":
        return render_template("join/closed.html", meeting=found, said_did=said_did, token=token)
    return _meeting_page(found, token, said_did)


def _meeting_page(found, token, said_did, kiosk_mode=False):
    data = {
        "meeting": meeting_json(found),
        "lang": str(get_locale()),
        "faces": defaults.FACES,
        "languages": list(LANGUAGE_NAMES.items()),  # a list: JSON objects lose the order
    }
    strings = participant_strings()
    if kiosk_mode:  # no follow-up opt-in: the device is not the person's
        data["kiosk"] = {"idle": kiosk.IDLE_SECONDS}
        strings.update(kiosk_strings())
    else:
        data.update(followups.page_data(found, request.args.get("g")))
    return render_template("join/meeting.html", meeting=found, data=data, strings=strings,
                           futures=data.get("futures"), kiosk=kiosk_mode,
                           loop_url=url_for(".said_did", token=token) if said_did else None)


@bp.get("/j/<token>/kiosk")
def kiosk_page(token):
    """The meeting's page on a kiosk: only on a device the facilitator bound to it."""
    found = meetings.by_token(token)
    bound = found is not None and kiosk.is_bound_here(found, request.cookies)
    if not bound or found.status != "open":
        return redirect(url_for(".meeting", token=token))
    return _meeting_page(found, token, None, kiosk_mode=True)


@bp.get("/j/<token>/loop")
def said_did(token):
    """"You said → we did" (app/followups/loop.py) behind the meeting's (or a follow-up's) own link."""
    found = followups.meeting_or_followup(token)
    if found is None:
        return render_template("join/unknown.html"), 404
    meeting = getattr(found, "meeting", found)
    return render_template("join/loop.html", meeting=meeting, entries=loop.shown(meeting),
                           back=url_for(".meeting", token=token))
