"""Views: the network-wide practice log (no participant data in it)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app import meetings
from app.auth.session import current_user, login_required
from app.meetings.forms import choice_list
from app.network import practice
from app.network.forms import PracticeForm
from app.network.views import bp


def _form(user, entry=None) -> PracticeForm:
    form = PracticeForm(obj=entry)
    form.meeting_id.choices = choice_list([(0, "—")] + [(m.id, m.title) for m in meetings.meetings_of(user)])
    if entry is not None and request.method == "GET":
        form.tags.data = ", ".join(entry.tag_list)
        form.meeting_id.data = entry.meeting_id or 0
    if entry is not None:
        form.meeting_id.render_kw = {"disabled": True}
    return form


@bp.get("/practice")
@login_required
def practice_log():
    """Search what facilitators across the network learned."""
    text, tag = request.args.get("q", "")[:200], request.args.get("tag", "")[:40]
    return render_template("network/practice.html", entries=practice.search(text, tag), q=text, tag=tag,
                           tags=practice.tag_counts())


@bp.get("/practice/new")
@login_required
def new_practice():
    """Write down what a meeting taught."""
    form = _form(current_user())
    chosen = request.args.get("meeting", "")
    if chosen.isdigit():
        form.meeting_id.data = meetings.meeting_for(current_user(), int(chosen)).id
    return render_template("network/practice_form.html", form=form, entry=None)


@bp.post("/practice")
@login_required
def write_practice():
    """Save a new entry in the practice log."""
    user = current_user()
    form = _form(user)
    if not form.validate_on_submit():
        return render_template("network/practice_form.html", form=form, entry=None), 400
    meeting = meetings.meeting_for(user, form.meeting_id.data) if form.meeting_id.data else None
    entry = practice.write(user, form.title.data, form.learned.data, form.futures.data, form.tags.data,
                           meeting)
    flash(_("Saved in the practice log."))
    return redirect(url_for(".practice_entry", entry_id=entry.id))


@bp.get("/practice/<int:entry_id>")
@login_required
def practice_entry(entry_id):
    """One entry of the practice log."""
    entry = practice.entry(entry_id)
    user = current_user()
    return render_template("network/practice_entry.html", entry=entry,
                           can_edit=practice.can_edit(user, entry), sees_meeting=entry.meeting is not None
                           and meetings.is_host(user.organisation_id, entry.meeting))


@bp.get("/practice/<int:entry_id>/edit")
@login_required
def edit_practice(entry_id):
    """Change an entry (the writing organisation's members only)."""
    entry = practice.editable(current_user(), entry_id)
    return render_template("network/practice_form.html", form=_form(current_user(), entry), entry=entry)


@bp.post("/practice/<int:entry_id>")
@login_required
def update_practice(entry_id):
    """Save changes to an entry."""
    user = current_user()
    entry = practice.editable(user, entry_id)
    form = _form(user, entry)
    form.meeting_id.data = entry.meeting_id or 0
    if not form.validate_on_submit():
        return render_template("network/practice_form.html", form=form, entry=entry), 400
    practice.update(entry, form.title.data, form.learned.data, form.futures.data, form.tags.data)
    flash(_("Saved in the practice log."))
    return redirect(url_for(".practice_entry", entry_id=entry.id))
