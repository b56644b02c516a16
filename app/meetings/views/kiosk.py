"""View: turn this device into a kiosk for one meeting (app/phone/kiosk.py)."""

from flask import redirect, url_for

from app import meetings
from app.auth.session import current_user, log_out, login_required
from app.meetings.views import bp
from app.phone import kiosk


@bp.post("/meetings/<int:meeting_id>/kiosk")
@login_required
def make_kiosk(meeting_id):
    """Only a host of the meeting. The facilitator's session ends on this device: a
    kiosk must not lead back into the facilitator's pages."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    log_out()
    response = redirect(url_for("join.kiosk_page", token=meeting.token, lang=meeting.language))
    kiosk.set_cookie(response, meeting)
    return response
