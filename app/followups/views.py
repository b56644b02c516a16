"""Views: scheduling a follow-up review of a meeting (N days later, a few prompts,
optionally the meeting's futures shown again), and cancelling it."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app import followups, meetings
from app.auth.session import current_user, login_required
from app.extensions import db
from app.followups import push
from app.meetings.forms import MAX_PROMPT_TEXT, strip
from app.meetings.prompt_kinds import KIND_LABELS
from app.models import PushDelivery, PushSubscription

bp = Blueprint("followups", __name__, url_prefix="/f")


# Kinds that work without options to set first (more can be edited in afterwards).
FOLLOWUP_KINDS = ("scale", "text", "words")


class FollowUpForm(FlaskForm):
    days = IntegerField(_l("Days after the meeting"), [DataRequired(), NumberRange(1, 180)], default=14)
    question_1 = StringField(_l("Question 1"), [DataRequired(), Length(max=MAX_PROMPT_TEXT)], filters=[strip],
                             default=_l("What became of what we agreed?"))
    kind_1 = SelectField(_l("Kind"), default="text")
    question_2 = StringField(_l("Question 2 (optional)"), [Optional(), Length(max=MAX_PROMPT_TEXT)],
                             filters=[strip])
    kind_2 = SelectField(_l("Kind"), default="scale")
    futures = SelectField(_l("Show the meeting's futures from"), default="",
                          description=_l("Its approved answers are shown above the follow-up's questions."))

    def fill(self, meeting):
        kinds = [(k, KIND_LABELS[k]) for k in FOLLOWUP_KINDS]
        self.kind_1.choices = self.kind_2.choices = kinds
        self.futures.choices = [("", _("nothing"))] + [
            (str(p.id), (p.text.get(meeting.language) or p.text.get("nl") or "")[:60])
            for p in followups.futures_candidates(meeting)]
        return self


def overview(meeting) -> list[dict]:
    rows = []
    for followup in followups.of_meeting(meeting):
        sent = db.session.scalar(select(func.count()).where(
            PushDelivery.followup_id == followup.id, PushDelivery.state == "sent"))
        rows.append({"followup": followup, "sent": sent})
    return rows


def section(meeting) -> dict:
    """The meeting page's follow-up section (templates/facilitator/_followups.html; a
    template global, `followup_section`, set in create_app)."""
    subscribers = db.session.scalar(select(func.count()).where(PushSubscription.meeting_id == meeting.id))
    return {"rows": overview(meeting), "form": FollowUpForm(formdata=None).fill(meeting),
            "subscribers": subscribers, "push_enabled": push.enabled()}


@bp.post("/meetings/<int:meeting_id>/followups")
@login_required
def schedule_followup(meeting_id):
    meeting = meetings.meeting_for(current_user(), meeting_id)
    form = FollowUpForm().fill(meeting)
    if not form.validate_on_submit():
        flash(_("The follow-up was not scheduled: check its fields."))
        return render_template("facilitator/followup_error.html", meeting=meeting, form=form), 400
    questions = [(form.kind_1.data, {meeting.language: form.question_1.data, "nl": form.question_1.data})]
    if form.question_2.data:
        text = form.question_2.data
        questions.append((form.kind_2.data, {meeting.language: text, "nl": text}))
    futures = int(form.futures.data) if form.futures.data else None
    followup = followups.schedule(meeting, form.days.data, questions, futures)
    flash(_("Follow-up scheduled for %(day)s.", day=format_date(followup.due_at, "long")))
    return redirect(url_for("meetings.meeting", meeting_id=meeting.id, _anchor="followups"))


@bp.post("/meetings/<int:meeting_id>/followups/<int:followup_id>/delete")
@login_required
def cancel_followup(meeting_id, followup_id):
    meeting = meetings.meeting_for(current_user(), meeting_id)
    followup = next((f for f in followups.of_meeting(meeting) if f.id == followup_id), None)
    if followup is None:
        return redirect(url_for("meetings.meeting", meeting_id=meeting.id))
    followups.cancel(followup)
    flash(_("Follow-up deleted, with its questions and answers."))
    return redirect(url_for("meetings.meeting", meeting_id=meeting.id, _anchor="followups"))
