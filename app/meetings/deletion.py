"""Deleting a whole meeting: everything that hangs on it, in one transaction, audited.

What goes, child rows first so that no database's foreign keys have to cascade:
push deliveries, push subscriptions, answers, receipts, barometer links and
summaries, participants, prompts (follow-up prompts too), follow-ups, co-hosts,
and the meeting itself. Practice-log entries are the organisation's own notes:
they stay, without their link to the meeting. The audit trail keeps one event
(`delete_meeting`, with the title and the counts): it has no foreign key to the
meeting, so it outlives it.

Only the owning organisation deletes; a co-host sees the meeting but may not."""

from flask import abort
from sqlalchemy import Select, delete, func, or_, select, update

from app.auth import audit
from app.extensions import db
from app.models import (
    Answer,
    FollowUp,
    Meeting,
    Participant,
    PracticeEntry,
    Prompt,
    PushDelivery,
    PushSubscription,
    Receipt,
    User,
    meeting_host,
)
from app.models.library import BarometerPrompt, BarometerSummary, BarometerSummaryCell
from app.results.disclosure import answers_per_prompt, total

# What the audit event counts (its detail has 200 characters).
NOTED = ("participants", "answers", "receipts", "prompts", "follow_ups", "push_subscriptions", "summaries")


def deletable_by(user: User, meeting: Meeting) -> Meeting:
    """The meeting, if the user's organisation owns it (co-hosts get 403)."""
    if meeting.organisation_id != user.organisation_id:
        abort(403)
    return meeting


def _rows(meeting_id: int) -> dict:
    """{what: (model, WHERE clause)} of every row that goes with the meeting, children first."""
    prompts = select(Prompt.id).where(Prompt.meeting_id == meeting_id)
    people = select(Participant.id).where(Participant.meeting_id == meeting_id)
    followups = select(FollowUp.id).where(FollowUp.meeting_id == meeting_id)
    subscriptions = select(PushSubscription.id).where(PushSubscription.meeting_id == meeting_id)
    return {
        "push_deliveries": (PushDelivery, or_(PushDelivery.subscription_id.in_(subscriptions),
                                              PushDelivery.followup_id.in_(followups))),
        "push_subscriptions": (PushSubscription, PushSubscription.meeting_id == meeting_id),
        "answers": (Answer, or_(Answer.prompt_id.in_(prompts), Answer.participant_id.in_(people))),
        "receipts": (Receipt, or_(Receipt.prompt_id.in_(prompts), Receipt.participant_id.in_(people))),
        "barometer_items": (BarometerPrompt, BarometerPrompt.prompt_id.in_(prompts)),
        "summary_cells": (BarometerSummaryCell, BarometerSummaryCell.meeting_id == meeting_id),
        "summaries": (BarometerSummary, BarometerSummary.meeting_id == meeting_id),
        "participants": (Participant, Participant.meeting_id == meeting_id),
        "prompts": (Prompt, Prompt.meeting_id == meeting_id),
        "follow_ups": (FollowUp, FollowUp.meeting_id == meeting_id),
    }


def _count(model, where) -> Select:
    return select(func.count()).select_from(model).where(where)


def what_goes(meeting: Meeting) -> dict[str, int]:
    """How many rows of each kind go with the meeting (for the confirmation page)."""
    rows = _rows(meeting.id).items()
    counts = {what: db.session.scalar(_count(model, where)) for what, (model, where) in rows}
    counts["practice_entries_kept"] = db.session.scalar(
        _count(PracticeEntry, PracticeEntry.meeting_id == meeting.id))
    return counts


def shown_counts(meeting: Meeting) -> dict[str, int]:
    """what_goes as the confirmation page may say it: answers through the disclosure rule
    (a count that moved when one officer took an answer back would tell that they did)."""
    counts = what_goes(meeting)
    counts["answers"] = sum(total(per_group) for per_group in answers_per_prompt(meeting).values())
    counts.pop("receipts")
    return counts


def delete_meeting(user: User, meeting: Meeting) -> dict[str, int]:
    """Delete the meeting and everything that hangs on it, audited, in one commit."""
    meeting_id, title, counts = meeting.id, meeting.title, what_goes(meeting)
    for model, where in _rows(meeting_id).values():
        db.session.execute(delete(model).where(where).execution_options(synchronize_session=False))
    db.session.execute(update(PracticeEntry).where(PracticeEntry.meeting_id == meeting_id)
                       .values(meeting_id=None).execution_options(synchronize_session=False))
    db.session.execute(delete(meeting_host).where(meeting_host.c.meeting_id == meeting_id))
    db.session.execute(delete(Meeting).where(Meeting.id == meeting_id)
                       .execution_options(synchronize_session=False))
    note = ", ".join(f"{counts[what]} {what}" for what in NOTED if counts[what])
    audit.record(user, "delete_meeting", meeting_id, f"{title[:80]}: {note or 'no answers'}", commit=False)
    db.session.commit()
    db.session.expire_all()
    return counts
