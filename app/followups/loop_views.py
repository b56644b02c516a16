"""Views: "you said → we did" (app/followups/loop.py): the hosts' page to write and
moderate the entries of a meeting and its series, and the projector's page (logged in, or
behind the presenter link). The participants' page is a phone page: app/phone/views/pages.py."""

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app import live, meetings
from app.auth.session import current_user, login_required
from app.followups import loop
from app.meetings.forms import strip

bp = Blueprint("loop", __name__)


class EntryForm(FlaskForm):
    happened_on = DateField(_l("Date"), [DataRequired()], default=date.today)
    said = TextAreaField(_l("You said / what we agreed"), [DataRequired(), Length(max=loop.MAX_TEXT)],
                         filters=[strip])
    did = TextAreaField(_l("We did / what happened since"), [Optional(), Length(max=loop.MAX_TEXT)],
                        filters=[strip])
    whole_series = BooleanField(_l("For the whole series (every meeting of it shows it)"))
    answer = SelectField(_l("Linked to an approved “futures” answer (optional)"), default="")

    def fill(self, meeting):
        self.answer.choices = [("", _("none"))] + [(str(i), text[:80]) for i, text in
                                                   loop.linkable(meeting).items()]
        return self


def _page(meeting, form, status=200):
    return render_template("facilitator/loop.html", meeting=meeting, form=form,
                           entries=loop.entries_for(meeting), flagged=loop.flagged), status


@bp.get("/f/meetings/<int:meeting_id>/loop")
@login_required
def hosts_page(meeting_id):
    meeting = meetings.meeting_for(current_user(), meeting_id)
    return _page(meeting, EntryForm(formdata=None).fill(meeting))


@bp.post("/f/meetings/<int:meeting_id>/loop")
@login_required
def write_entry(meeting_id):
    meeting = meetings.meeting_for(current_user(), meeting_id)
    form = EntryForm().fill(meeting)
    if not form.validate_on_submit():
        return _page(meeting, form, 400)
    try:
        loop.write(current_user(), meeting, form.whole_series.data, form.happened_on.data, form.said.data,
                   form.did.data, int(form.answer.data) if form.answer.data else None)
    except loop.Refused:
        form.whole_series.errors = [_("Your organisation does not host this meeting's series.")]
        return _page(meeting, form, 400)
    flash(_("Saved. It is shown once a host approves it."))
    return redirect(url_for(".hosts_page", meeting_id=meeting.id))


@bp.post("/f/meetings/<int:meeting_id>/loop/<int:loop_entry_id>")
@login_required
def decide_entry(meeting_id, loop_entry_id):
    meeting = meetings.meeting_for(current_user(), meeting_id)
    entry = loop.entry_of(meeting, loop_entry_id)
    if entry is None:
        abort(404)
    try:
        loop.decide(meeting, entry, request.form.get("decision", ""))
    except loop.Refused:
        abort(400)
    return redirect(url_for(".hosts_page", meeting_id=meeting.id))


@bp.get("/f/meetings/<int:meeting_id>/present/loop")
@login_required
def present(meeting_id):
    meeting = meetings.meeting_for(current_user(), meeting_id)
    return render_template("presenter/loop.html", meeting=meeting, entries=loop.shown(meeting),
                           back=url_for("live.present", meeting_id=meeting.id))


@bp.get("/p/<token>/loop")
def present_by_link(token):
    meeting = live.by_presenter_token(token)
    if meeting is None:
        abort(404)
    asked = request.args.get("lang")
    with force_locale(asked if asked in current_app.config["LANGUAGES"] else meeting.language):
        return render_template("presenter/loop.html", meeting=meeting, entries=loop.shown(meeting),
                               back=url_for("presenter.present", token=token))
