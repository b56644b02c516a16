"""Views: what the facilitator controls of the live view from the meeting page: the
read-only presenter link (create, replace, revoke), holding results back until a share
of the room answered, revealing a prompt's results now, and resetting a prompt."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app import live, meetings
from app.auth import audit
from app.auth.session import current_user, login_required
from app.live.views import bp


def _meeting(meeting_id: int):
    return meetings.meeting_for(current_user(), meeting_id)


def _back(meeting, anchor: str):
    if request.form.get("back") == "cockpit":  # the form was on the cockpit (cockpit.py)
        return redirect(url_for(".cockpit", meeting_id=meeting.id), 303)
    return redirect(url_for("meetings.meeting", meeting_id=meeting.id, _anchor=anchor))


@bp.post("/meetings/<int:meeting_id>/presenter-link")
@login_required
def presenter_link(meeting_id):
    """Create the read-only presenter link, or replace it (the old one stops working)."""
    found = _meeting(meeting_id)
    replaced = found.presenter_token is not None
    live.create_presenter_link(found)
    audit.record(current_user(), "presenter_link", found, "replaced" if replaced else "made")
    flash(_("A new presenter link was made; the old one no longer works.") if replaced
          else _("Presenter link made. Open it on the room's computer."))
    return _back(found, "live-view")


@bp.post("/meetings/<int:meeting_id>/presenter-link/revoke")
@login_required
def revoke_presenter_link(meeting_id):
    found = _meeting(meeting_id)
    live.revoke_presenter_link(found)
    audit.record(current_user(), "revoke_presenter_link", found)
    flash(_("The presenter link no longer works."))
    return _back(found, "live-view")


@bp.post("/meetings/<int:meeting_id>/reveal-share")
@login_required
def reveal_share(meeting_id):
    """Hide each prompt's results on the projector until this share of the room answered."""
    found = _meeting(meeting_id)
    share = request.form.get("reveal_share", "")
    if not share.isdigit() or int(share) > 100:
        abort(400)
    live.set_reveal_share(found, int(share))
    flash(_("Results show at once.") if int(share) == 0
          else _("Results show once %(share)s%% of the room answered.", share=int(share)))
    return _back(found, "live-view")


@bp.post("/meetings/<int:meeting_id>/prompts/<int:prompt_id>/reveal")
@login_required
def reveal_prompt(meeting_id, prompt_id):
    """Show a prompt's results now (revealed=1), or hold them back again (revealed=0)."""
    found = _meeting(meeting_id)
    prompt = meetings.prompt_of(found, prompt_id)
    wanted = request.form.get("revealed", "1")
    if wanted not in ("0", "1"):
        abort(400)
    live.reveal(prompt, wanted == "1")
    return _back(found, f"prompt-{prompt.id}")


@bp.post("/meetings/<int:meeting_id>/prompts/<int:prompt_id>/reset")
@login_required
def reset_prompt(meeting_id, prompt_id):
    """Delete a prompt's answers, once confirmed. Phones replaying them are told "duplicate"."""
    found = _meeting(meeting_id)
    prompt = meetings.prompt_of(found, prompt_id)
    if request.form.get("confirm") != "yes":
        abort(400)
    deleted = live.reset(prompt)
    audit.record(current_user(), "reset_prompt", found, f"prompt {prompt.id}: {deleted} answers")
    flash(ngettext("%(num)s answer deleted. A phone that sends it again is told it was already "
                   "received, so it is not counted again.",
                   "%(num)s answers deleted. Phones that send one of them again are told it was already "
                   "received, so it is not counted again.", deleted))
    return _back(found, f"prompt-{prompt.id}")
