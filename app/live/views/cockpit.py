"""Views: the cockpit, one page made for the facilitator's phone to run the meeting
standing in the room: step through the prompts (as the presenter's arrows do: every
phone and the projector follow), see how many of each group answered, reveal or hold
back the results, moderate incoming text, close the meeting. Plain forms with big
buttons; static/js/facilitator.js keeps the counts fresh, moderation.js the queue."""

from flask import abort, redirect, render_template, request, url_for

from app import live, meetings
from app.auth.session import current_user, login_required
from app.live import paired
from app.live.views import bp
from app.live.views.moderation import lists_context
from app.meetings.labels import GROUP_LABELS, STATUS_LABELS
from app.results import disclosure


def _meeting(meeting_id: int):
    return meetings.meeting_for(current_user(), meeting_id)


@bp.get("/meetings/<int:meeting_id>/cockpit")
@login_required
def cockpit(meeting_id):
    meeting = _meeting(meeting_id)
    ids = paired.steps(meeting)  # a barometer pair is one step
    prompt = paired.shown_prompt(meeting, None)
    at = ids.index(prompt.id) if prompt else -1
    joined = disclosure.joined(meeting)
    rule = disclosure.Rule.of(meeting, joined)
    answered = disclosure.answers_per_prompt(meeting, rule)
    # A barometer pair: each group's count is of its own half (app/live/paired.py).
    halves = paired.halves(meeting, prompt) if prompt else {}
    counts = {g: answered.get(halves[g], {}).get(g) for g in answered.get(prompt.id, {})} if prompt else {}
    return render_template(
        "facilitator/cockpit.html", prompt=prompt, number=at + 1, total=len(ids),
        previous=ids[at - 1] if at > 0 else None, following=ids[at + 1] if at + 1 < len(ids) else None,
        joined=joined, answered=counts, halves=halves, group_labels=GROUP_LABELS,
        status_labels=STATUS_LABELS, k=rule.k, **lists_context(meeting))


@bp.post("/meetings/<int:meeting_id>/cockpit/show")
@login_required
def cockpit_show(meeting_id):
    """Every phone and the projector show this prompt (or none: the big QR code). A
    meeting at each person's own pace moves together from now on."""
    meeting = _meeting(meeting_id)
    chosen = request.form.get("prompt_id", "")
    if not (chosen == "" or chosen.isdigit()):
        abort(400)
    if meeting.pacing != "facilitator":
        meetings.update_meeting(meeting, meeting.title, meeting.language, "facilitator")
    live.show_prompt(meeting, int(chosen) if chosen else None)
    return redirect(url_for(".cockpit", meeting_id=meeting.id), 303)
