"""View: a meeting's report, to read on screen or print on A4 after the meeting."""

from flask import render_template

from app import meetings
from app.auth.session import current_user, login_required
from app.results import disclosure, mirrored, per_prompt
from app.results.views import bp


@bp.get("/meetings/<int:meeting_id>/report")
@login_required
def report(meeting_id):
    """Every prompt's results per group, behind the anonymity threshold (whatever the
    projector showed or hid), with who took part and links to the exports; every word of a
    cloud, not the top 30 (the record of what was said)."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    # Barometer items face to face: youngsters about officers next to officers about youngsters.
    results = mirrored.pair_up(meeting, per_prompt.meeting_results(meeting, top_words=None), meeting.language)
    return render_template(
        "facilitator/report.html", meeting=meeting, results=results,
        participants=disclosure.joined(meeting), k=disclosure.threshold(meeting),
    )
