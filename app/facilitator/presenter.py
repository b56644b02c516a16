"""View: the presenter page, projected in the room while people join."""

from flask import render_template
from flask_babel import gettext as _

from app import meetings, qr, results
from app.auth.session import current_user, login_required
from app.facilitator import bp


@bp.get("/meetings/<int:meeting_id>/present")
@login_required
def present(meeting_id):
    """The projector screen: a huge QR code, the short code and who has joined."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    url = qr.join_url(meeting)
    return render_template(
        "facilitator/present.html", meeting=meeting, join_url=url, host=qr.join_host(),
        qr_svg=qr.svg(url, _("QR code to join the meeting")),
        participants=results.participants_per_group(meeting),
    )
