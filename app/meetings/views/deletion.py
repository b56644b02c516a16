"""Views: deleting a whole meeting, after a page that names what goes and asks for its title."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app import meetings
from app.auth.session import current_user, login_required
from app.meetings import deletion
from app.meetings.views import bp


def _meeting(meeting_id: int):
    return deletion.deletable_by(current_user(), meetings.meeting_for(current_user(), meeting_id))


def _page(meeting, error: str | None = None, status: int = 200):
    page = render_template("facilitator/delete.html", meeting=meeting, counts=deletion.shown_counts(meeting),
                           error=error)
    return page, status


@bp.get("/meetings/<int:meeting_id>/delete")
@login_required
def delete_meeting_page(meeting_id):
    """What deleting the meeting removes, with counts; the form asks for the meeting's title."""
    return _page(_meeting(meeting_id))


@bp.post("/meetings/<int:meeting_id>/delete")
@login_required
def delete_meeting(meeting_id):
    """Delete the meeting and everything on it, once its title was typed; audited."""
    found = _meeting(meeting_id)
    if (request.form.get("title") or "").strip() != found.title.strip():
        return _page(found, _("Type the meeting's title exactly to delete it."), 400)
    deletion.delete_meeting(current_user(), found)
    flash(_("The meeting and all its answers were deleted."))
    return redirect(url_for(".index"))
