"""Views: the facilitator's presenter page (projected in the room), its live fragment,
and moving the phones to a prompt from it with a clicker (facilitator pacing)."""

from flask import abort, request, url_for

from app import live, meetings
from app.auth.session import current_user, login_required
from app.live import presenter
from app.live.views import bp


@bp.get("/meetings/<int:meeting_id>/present")
@login_required
def present(meeting_id):
    """The projector screen: the join QR and code, the prompt shown and its live results."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    paced = meeting.pacing == "facilitator"
    controls = {"show": url_for(".present_show", meeting_id=meeting.id)} if paced else None
    return presenter.page(meeting, request.args.get("prompt"),
                     live_url=url_for(".present_live", meeting_id=meeting.id),
                     controls=controls, back_url=url_for("meetings.meeting", meeting_id=meeting.id))


@bp.get("/meetings/<int:meeting_id>/present/live")
@login_required
def present_live(meeting_id):
    """The presenter page's live fragment (HTML), 304 while unchanged."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    return presenter.fragment(meeting, request.args.get("prompt"), controls=meeting.pacing == "facilitator")


@bp.post("/meetings/<int:meeting_id>/present/show")
@login_required
def present_show(meeting_id):
    """The clicker's → and ←: every phone (and projector) shows this prompt, or none. 204."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    chosen = request.form.get("prompt_id", "")
    if meeting.pacing != "facilitator" or not (chosen == "" or chosen.isdigit()):
        abort(400)
    live.show_prompt(meeting, int(chosen) if chosen else None)
    return "", 204
