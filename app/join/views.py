from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from app import meetings
from app.join import bp


@bp.get("/")
def home():
    """Home page: type the meeting's short code."""
    return render_template("join/home.html")


@bp.get("/join")
def enter_code():
    """Send a typed code to its meeting's join page, or say it is unknown."""
    typed = request.args.get("code", "")[:20]
    meeting = meetings.open_by_code(typed)
    if meeting is None:
        error = _("No open meeting has this code. Check the code on the screen.")
        return render_template("join/home.html", error=error, code=typed), 404
    return redirect(url_for("join.meeting", token=meeting.token))


@bp.get("/j/<token>")
def meeting(token):
    """The participant page of one meeting (works offline once opened)."""
    found = meetings.by_token(token)
    if found is None:
        return render_template("join/unknown.html"), 404
    return render_template("join/meeting.html", meeting=found)
