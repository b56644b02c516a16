"""Views: write, edit, reorder and delete a meeting's prompts."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app import meetings
from app.auth import audit
from app.auth.session import current_user, login_required
from app.meetings.prompt_forms import FORMS
from app.meetings.prompt_kinds import default_options
from app.meetings.rounds import kept_links
from app.meetings.views import bp


def _to_meeting(meeting, prompt_id=None):
    anchor = f"prompt-{prompt_id}" if prompt_id else "prompts"
    return redirect(url_for(".meeting", meeting_id=meeting.id, _anchor=anchor))


def _editor(meeting, kind, form, prompt=None):
    """The editor page; 400 when the form came back with errors."""
    page = render_template("facilitator/prompt.html", meeting=meeting, kind=kind, form=form, prompt=prompt)
    return page, 400 if form.errors else 200


@bp.route("/meetings/<int:meeting_id>/prompts/new", methods=["GET", "POST"])
@login_required
def new_prompt(meeting_id):
    """Write a new prompt of the kind chosen on the meeting's page."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    kind = request.args.get("kind")
    if kind not in FORMS:
        abort(404)
    form = FORMS[kind](None, default_options(kind))
    if form.validate_on_submit():
        prompt = meetings.add_prompt(meeting, kind, form.text(), form.options(), form.audience.data)
        flash(_("Prompt added."))
        return _to_meeting(meeting, prompt.id)
    return _editor(meeting, kind, form)


@bp.route("/meetings/<int:meeting_id>/prompts/<int:prompt_id>", methods=["GET", "POST"])
@login_required
def edit_prompt(meeting_id, prompt_id):
    """Change a prompt's wording, audience and options."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    prompt = meetings.prompt_of(meeting, prompt_id)
    form = FORMS[prompt.kind](prompt.text, prompt.options, prompt.audience)
    if form.validate_on_submit():
        # A second round or a guess keeps its link (app/meetings/rounds.py): the editor does not show it.
        options = kept_links(prompt.options, form.options())
        meetings.update_prompt(prompt, form.text(), options, form.audience.data)
        flash(_("Prompt saved."))
        return _to_meeting(meeting, prompt.id)
    return _editor(meeting, prompt.kind, form, prompt)


@bp.post("/meetings/<int:meeting_id>/prompts/<int:prompt_id>/move")
@login_required
def move_prompt(meeting_id, prompt_id):
    """Move a prompt one place up or down."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    prompt = meetings.prompt_of(meeting, prompt_id)
    step = {"up": -1, "down": 1}.get(request.form.get("direction"))
    if step is None:
        abort(400)
    meetings.move_prompt(prompt, step)
    return _to_meeting(meeting, prompt.id)


@bp.post("/meetings/<int:meeting_id>/prompts/<int:prompt_id>/delete")
@login_required
def delete_prompt(meeting_id, prompt_id):
    """Delete a prompt and its answers (the page asks to confirm first)."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    prompt = meetings.prompt_of(meeting, prompt_id)
    meetings.delete_prompt(prompt)
    audit.record(current_user(), "delete_prompt", meeting, f"prompt {prompt_id}")
    flash(_("Prompt deleted."))
    return _to_meeting(meeting)

