"""The live view's state, kept in the database so that any server process can answer
a presenter: the version a presenter's ETag is made of (see `etag`), and `touch`,
which every facilitator action the projector shows must call before committing.

Answers do not touch the meeting row (a hot row would serialise hundreds of phones
answering at once); the ETag reads their count and latest arrival instead."""

import hashlib

from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Meeting, Participant


def touch(meeting: Meeting) -> None:
    """Mark a change the projector must show (the caller commits)."""
    meeting.version = (meeting.version or 0) + 1


def fingerprint(meeting: Meeting) -> tuple:
    """What changes whenever the live view could: the meeting's version, who joined
    (and what their phones still hold), and the answers' count and latest arrival."""
    joined = db.session.execute(
        select(func.count(), func.max(Participant.id), func.coalesce(func.sum(Participant.waiting), 0),
               func.max(Participant.waiting_at))
        .where(Participant.meeting_id == meeting.id)
    ).one()
    answered = db.session.execute(
        select(func.count(), func.max(Answer.received_at))
        .join(Participant, Answer.participant_id == Participant.id)
        .where(Participant.meeting_id == meeting.id)
    ).one()
    return (meeting.id, meeting.version, meeting.status, meeting.current_prompt_id, *joined, *answered)


def etag(meeting: Meeting, *extra) -> str:
    """A strong ETag for a live response; `extra` adds what the response also depends
    on (the language, the prompt shown...)."""
    raw = repr((fingerprint(meeting), extra)).encode()
    return hashlib.sha256(raw).hexdigest()[:32]
