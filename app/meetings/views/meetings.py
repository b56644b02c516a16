"""Views: the organisation's meetings, a meeting's page, its status, pacing and live counts."""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app import meetings
from app.auth.session import current_user, login_required
from app.live import paired
from app.meetings.forms import MeetingForm, ProtectionForm
from app.meetings.views import bp
from app.results import disclosure


def _meeting(meeting_id: int):
    return meetings.meeting_for(current_user(), meeting_id)


def _index(form: MeetingForm):
    found = meetings.meetings_of(current_user())
    counts = {m.id: disclosure.joined(m) for m in found}
    return render_template("facilitator/index.html", meetings=found, counts=counts, form=form)


def _protection_form(meeting) -> ProtectionForm:
    seats = meeting.seats or {}
    data = {f"seats_{g}": n for g, n in seats.items()}
    return ProtectionForm(data={**data, "min_group_size": disclosure.threshold(meeting),
                                "show_same": meeting.show_same})


def _page(meeting, settings: MeetingForm | None = None, protection: ProtectionForm | None = None):
    joined = disclosure.joined(meeting)
    rule = disclosure.Rule.of(meeting, joined)
    return render_template(
        "facilitator/meeting.html", meeting=meeting, settings=settings or MeetingForm(obj=meeting),
        protection=protection or _protection_form(meeting), overfull=rule.frozen,
        participants=joined, answers=disclosure.answers_per_prompt(meeting, rule), k=rule.k,
        shown_now=paired.shown_now(meeting),
    )


@bp.get("/")
@login_required
def index():
    """The meetings of the facilitator's organisation, and a form for a new one."""
    return _index(MeetingForm())


@bp.post("/meetings")
@login_required
def create():
    """Create a meeting, then go to its page to add prompts."""
    form = MeetingForm()
    if not form.validate_on_submit():
        return _index(form), 400
    meeting = meetings.create_meeting(current_user(), form.title.data, form.language.data, form.pacing.data)
    flash(_("Meeting created. Now add its prompts."))
    return redirect(url_for(".meeting", meeting_id=meeting.id))


@bp.get("/meetings/<int:meeting_id>")
@login_required
def meeting(meeting_id):
    """A meeting's page: its prompts, status, pacing and live counts."""
    return _page(_meeting(meeting_id))


@bp.post("/meetings/<int:meeting_id>/settings")
@login_required
def settings(meeting_id):
    """Change a meeting's title, main language or pacing."""
    found = _meeting(meeting_id)
    form = MeetingForm()
    if not form.validate_on_submit():
        return _page(found, form), 400
    meetings.update_meeting(found, form.title.data, form.language.data, form.pacing.data)
    flash(_("Settings saved."))
    return redirect(url_for(".meeting", meeting_id=found.id))


@bp.post("/meetings/<int:meeting_id>/protection")
@login_required
def protection(meeting_id):
    """Who is in the room, K and whether identical answers of a small group show."""
    found = _meeting(meeting_id)
    form = ProtectionForm()
    if not form.validate_on_submit():
        return _page(found, protection=form), 400
    meetings.set_protection(found, form.seats(), form.min_group_size.data, form.show_same.data)
    flash(_("Saved: who is in the room and when answers are shown."))
    return redirect(url_for(".meeting", meeting_id=found.id, _anchor="protection"))


@bp.post("/meetings/<int:meeting_id>/status")
@login_required
def status(meeting_id):
    """Open, close or reopen the meeting."""
    found = _meeting(meeting_id)
    wanted = request.form.get("status")
    if wanted not in ("open", "closed"):
        abort(400)
    meetings.set_status(found, wanted)
    flash(_("The meeting is open: people can join.") if wanted == "open"
          else _("The meeting is closed: no one can join or answer any more."))
    if request.form.get("back") == "cockpit":  # closed from the phone's cockpit
        return redirect(url_for("live.cockpit", meeting_id=found.id), 303)
    return redirect(url_for(".meeting", meeting_id=found.id))


@bp.post("/meetings/<int:meeting_id>/current")
@login_required
def current(meeting_id):
    """Choose the prompt every phone shows now (facilitator pacing only)."""
    found = _meeting(meeting_id)
    chosen = request.form.get("prompt_id", "")
    if found.pacing != "facilitator" or not (chosen == "" or chosen.isdigit()):
        abort(400)
    meetings.set_current_prompt(found, int(chosen) if chosen else None)
    return redirect(url_for(".meeting", meeting_id=found.id, _anchor="prompts"))


@bp.get("/meetings/<int:meeting_id>/counts.json")
@login_required
def counts(meeting_id):
    """Live counts for the meeting and presenter pages: who joined, who answered what."""
    found = _meeting(meeting_id)
    joined = disclosure.joined(found)
    response = jsonify(
        status=found.status, current_prompt_id=found.current_prompt_id, participants=joined,
        answers=disclosure.answers_per_prompt(found, disclosure.Rule.of(found, joined)),
    )
    response.cache_control.no_store = True
    return response
