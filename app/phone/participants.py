"""Anonymous participants: joining with a group, and finding a phone by its token.
The device token is a bearer secret held by the phone; the server keeps only its
SHA-256, so the database alone cannot be used to act as a participant."""

import functools
import hashlib
import secrets
from datetime import datetime

from sqlalchemy import bindparam, select

from app.extensions import db
from app.models import Answer, FollowUp, Meeting, Participant
from app.models.base import utcnow
from app.models.people import GROUPS


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def join(meeting: Meeting | FollowUp, group: str, language: str) -> tuple[Participant, str]:
    """Create a participant (of a meeting, or of a follow-up review) and return it
    with its new device token."""
    assert group in GROUPS
    token = secrets.token_urlsafe(32)
    participant = Participant(
        meeting_id=meeting.id, token_hash=hash_token(token), group=group, language=language
    )
    if isinstance(meeting, FollowUp):
        participant.meeting_id, participant.followup_id = meeting.meeting_id, meeting.id
    db.session.add(participant)
    db.session.commit()
    return participant, token


def by_token(meeting: Meeting | FollowUp, token: str | None) -> Participant | None:
    """A meeting's phone answers the meeting only, a follow-up's the follow-up only."""
    if not token:
        return None
    if isinstance(meeting, FollowUp):
        where = Participant.followup_id == meeting.id
    else:
        where = (Participant.meeting_id == meeting.id) & Participant.followup_id.is_(None)
    return db.session.scalar(select(Participant).where(Participant.token_hash == hash_token(token), where))


def phone(token: str, device: str | None) -> tuple[Meeting, Participant] | None:
    """A meeting's phone and the meeting, by the meeting's token and the device token, in
    one query (the answer path's first step); None for anything else (a follow-up's phone,
    an unknown token): the caller then says what is wrong."""
    if not device:
        return None
    row = db.session.execute(phone_query(), {"token": token, "token_hash": hash_token(device)}).first()
    return (row[0], row[1]) if row else None


@functools.cache
def phone_query():
    """Built once per process: SQLAlchemy finds it in its compiled cache."""
    return (select(Meeting, Participant).join(Participant, Participant.meeting_id == Meeting.id)
            .where(Meeting.token == bindparam("token"), Participant.token_hash == bindparam("token_hash"),
                   Participant.followup_id.is_(None)))


def can_change_group(participant: Participant, group: str) -> bool:
    """A phone may correct its group only before its first answer: otherwise one phone
    could answer as a youngster, then as an officer, and be counted in both groups'
    results over time, or be moved into a small group to fill it up."""
    if group == participant.group:
        return True
    first = db.session.scalar(select(Answer.id).where(Answer.participant_id == participant.id).limit(1))
    return first is None


def change(participant: Participant, group: str, language: str) -> None:
    """A phone may correct its group (see can_change_group) or language."""
    participant.group = group
    participant.language = language
    db.session.commit()


MAX_WAITING = 10_000


def note_waiting(participant: Participant, waiting: int, now: datetime | None = None) -> None:
    """Remember how many answers the phone said it still holds (the caller commits).
    A phone that had nothing waiting and still has nothing is left alone: no write."""
    if waiting == 0 and not participant.waiting:
        return
    participant.waiting, participant.waiting_at = waiting, now or utcnow()


def valid_waiting(raw) -> int | None:
    """An outbox count as a phone may report it (0 to MAX_WAITING), or None. 3.0 is
    3: JSON has one number type, and JSON Schema calls 3.0 an integer (schemathesis)."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= MAX_WAITING:
        return None
    return raw
