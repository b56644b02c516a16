"""Views: the moderation queue, on the facilitator's own phone or laptop.

Plain forms first (CSRF token, redirect back); static/js/moderation.js sends the same
forms with fetch (X-CSRFToken header, "Accept: application/json") to decide without a
reload, and polls the lists as an HTML fragment for new answers. Answer texts are only
ever escaped by Jinja."""

from flask import flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import live, meetings
from app.auth import audit
from app.auth.session import current_user, login_required
from app.errors import wants_json
from app.live import moderation
from app.live.views import bp

DECIDED_SHOWN = 10
REVIEW_LABELS = {"approved": _l("Approved"), "rejected": _l("Rejected"), "pending": _l("Waiting")}


def lists_context(meeting) -> dict:
    """What the page and its polled fragment show."""
    return {"meeting": meeting, "queue": moderation.queue(meeting),
            "decided": moderation.decided(meeting, DECIDED_SHOWN), "counts": moderation.counts(meeting),
            "review_labels": REVIEW_LABELS}


def _back(meeting, status: int = 200, message: str | None = None):
    """The reply to a decision: JSON for the script, else back to the queue."""
    if wants_json():
        body = {"ok": status == 200, "pending_total": moderation.pending_total(meeting)}
        if message:
            body["message"] = message
        return jsonify(body), status
    if message:
        flash(message)
    return redirect(url_for(".moderation_page", meeting_id=meeting.id), 303)


@bp.get("/meetings/<int:meeting_id>/moderation")
@login_required
def moderation_page(meeting_id):
    """The queue: pending open answers and words (filtered words first, then oldest
    first), the latest decisions to undo, and the counts per prompt."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    return render_template("facilitator/moderation.html", **lists_context(meeting))


@bp.get("/meetings/<int:meeting_id>/moderation/lists")
@login_required
def moderation_lists(meeting_id):
    """The same lists as an HTML fragment, for the script's polling; 304 while
    nothing changed (ETag from app/live/__init__.py: answers and decisions change it)."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    tag = live.etag(meeting, "moderation", str(get_locale()))
    if tag in request.if_none_match:
        response = make_response("", 304)
    else:
        response = make_response(render_template("facilitator/_moderation.html", **lists_context(meeting)))
    response.set_etag(tag)
    response.headers["Cache-Control"] = "no-cache, private"
    return response


@bp.post("/meetings/<int:meeting_id>/moderation/<int:answer_id>")
@login_required
def moderation_decide(meeting_id, answer_id):
    """Approve, reject or undo one answer, as the moderator saw it (its UUID)."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    review = request.form.get("review", "")
    if review not in moderation.DECISIONS:
        return _back(meeting, 400, _("Choose approve or reject."))
    try:
        moderation.decide(meeting, answer_id, request.form.get("uuid", ""), review)
    except moderation.Changed as changed:
        return _back(meeting, 409, str(changed.message))
    # Who decided what, never the answer's text.
    audit.record(current_user(), "moderate", meeting, f"{review} answer {answer_id}")
    return _back(meeting)


@bp.post("/meetings/<int:meeting_id>/moderation/approve-all")
@login_required
def moderation_approve_all(meeting_id):
    """Approve every answer the moderator saw ("answer_id:uuid" in `seen`)."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    seen = []
    for raw in request.form.getlist("seen"):
        answer_id, _sep, uuid = raw.partition(":")
        if answer_id.isdigit() and uuid:
            seen.append((int(answer_id), uuid))
    approved, changed = moderation.approve_many(meeting, seen)
    if approved:
        audit.record(current_user(), "moderate", meeting, f"approved {approved} answers (approve all)")
    message = ngettext("%(num)s answer approved.", "%(num)s answers approved.", approved)
    if changed:
        message += " " + ngettext("%(num)s answer was changed meanwhile; look again.",
                                  "%(num)s answers were changed meanwhile; look again.", changed)
    return _back(meeting, message=message)
