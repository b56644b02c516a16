"""View: link a new prompt to one of the meeting's prompts (app/meetings/rounds.py): ask a line-up
again after the discussion (round 2), or let each group guess how the other answered."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from app import meetings
from app.auth.session import current_user, login_required
from app.meetings.rounds import can_ask_again, can_guess
from app.meetings.views import bp


@bp.post("/meetings/<int:meeting_id>/prompts/<int:prompt_id>/link")
@login_required
def link_prompt(meeting_id, prompt_id):
    """Add, at the end, a copy of the prompt linked to it: "round" (a line-up's second
    round) or "guess" (the other group's answer guessed). Edit it like any prompt."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    prompt = meetings.prompt_of(meeting, prompt_id)
    link = request.form.get("link")
    if link == "round" and can_ask_again(prompt.kind, prompt.options):
        added = meetings.add_round_two(meeting, prompt)
        flash(_("Round 2 added: show it after the discussion."))
    elif link == "guess" and can_guess(prompt.kind, prompt.options, prompt.audience):
        added = meetings.add_guess(meeting, prompt)
        flash(_("Guess added: youngsters guess the officers' answer, officers the youngsters'."))
    else:
        abort(400)
    return redirect(url_for(".meeting", meeting_id=meeting.id, _anchor=f"prompt-{added.id}"))
