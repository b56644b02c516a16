"""Storing answers sent by phones, exactly once.

Every answer carries a UUID made on the phone. A batch is judged item by item:
- "stored": new, or a newer edit of this phone's answer to that prompt;
- "duplicate": this UUID was accepted before (a retried sync): nothing changes;
- "superseded": an older edit that arrived after a newer one: kept as seen, not applied;
- "rejected": can never be stored (closed meeting, bad value...); the phone shows
  the reason and stops retrying it.
The first three are successes: the phone may drop the item from its outbox.
Which edit wins is decided by the time the phone recorded it, then by UUID, so
any order of arrival gives the same result.
"""

import uuid as uuidlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app import moderation, participants
from app.extensions import db
from app.models import Answer, Meeting, Participant, Prompt, Receipt
from app.models.base import utcnow
from app.prompt_kinds import InvalidValue, clean_value

SUCCESS = ("stored", "duplicate", "superseded")
CLOCK_SKEW = timedelta(minutes=5)
ATTEMPTS = 3


@dataclass
class Outcome:
    uuid: str
    status: str
    error: str | None = None
    message: str | None = None

    def as_json(self) -> dict:
        return {k: str(v) for k, v in vars(self).items() if v is not None}


class Rejected(Exception):
    def __init__(self, error: str, message):
        super().__init__(error)
        self.error, self.message = error, message


class Stale(Exception):
    """Another request changed a stored answer between this one's read and write."""


def parse_uuid(raw) -> str:
    if isinstance(raw, str):
        try:
            return str(uuidlib.UUID(raw))
        except ValueError:
            pass
    raise Rejected("invalid_uuid", _l("Each answer needs a valid UUID."))


def parse_prompt(raw, prompts: dict[int, Prompt]) -> Prompt:
    # A bool is an int in Python: without the check, true would find prompt 1.
    if isinstance(raw, bool) or not isinstance(raw, int) or raw not in prompts:
        raise Rejected("unknown_prompt", _l("This question is not part of this meeting."))
    return prompts[raw]


def parse_time(raw, now: datetime) -> datetime:
    """An aware ISO 8601 time, in UTC, never later than now."""
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC)  # overflows for times near year 1 or 9999
    except (AttributeError, ValueError, OverflowError):  # AttributeError: not a string
        raise Rejected("invalid_time", _l("recorded_at must be an ISO 8601 time.")) from None
    if moment.tzinfo is None:
        raise Rejected("invalid_time", _l("recorded_at must include a time zone."))
    return min(moment, now)  # a phone clock running fast cannot win every edit


def accepts_at(meeting: Meeting, recorded_at: datetime, now: datetime) -> None:
    """Open meetings accept answers; a closed one accepts those recorded before it
    closed that arrive within the grace window (phones that were offline)."""
    if meeting.status == "open":
        return
    if meeting.status == "closed" and meeting.closed_at:
        grace = timedelta(hours=current_app.config["SYNC_GRACE_HOURS"])
        if recorded_at <= meeting.closed_at + CLOCK_SKEW and now <= meeting.closed_at + grace:
            return
        raise Rejected("meeting_closed", _l("This meeting is closed: the answer came too late."))
    raise Rejected("meeting_not_open", _l("This meeting has not started yet."))


def store_batch(meeting: Meeting, participant: Participant, items: list,
                waiting: int | None = None) -> list[Outcome]:
    """Judge and store a batch in one transaction. A race with another request
    (the same UUID from two tabs at once) shows as an IntegrityError or a Stale
    answer: roll back and judge again, when the other request's rows are visible.
    `waiting`: how many answers the phone still holds after this batch, if it said."""
    for attempt in range(ATTEMPTS):
        try:
            judge = Judge(meeting, participant, items)
            outcomes = [judge.outcome(item) for item in items]
            if waiting is not None:
                participants.note_waiting(participant, waiting, judge.now)
            db.session.commit()
            return outcomes
        except (IntegrityError, Stale):
            db.session.rollback()
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


class Judge:
    """One attempt at a batch, against the rows as they were when it started."""

    def __init__(self, meeting: Meeting, participant: Participant, items: list):
        self.meeting, self.participant, self.now = meeting, participant, utcnow()
        self.prompts = {p.id: p for p in meeting.round_prompts}
        keys = {self.key_of(item) for item in items} - {None}
        self.seen = {r.uuid: r for r in db.session.scalars(select(Receipt).where(Receipt.uuid.in_(keys)))}
        answers = db.session.scalars(select(Answer).where(Answer.participant_id == participant.id))
        self.current = {a.prompt_id: a for a in answers}
        self.unclaimed = set(self.current.values())

    @staticmethod
    def key_of(item) -> str | None:
        try:
            return parse_uuid(item.get("uuid")) if isinstance(item, dict) else None
        except Rejected:
            return None

    def outcome(self, item) -> Outcome:
        raw = item.get("uuid") if isinstance(item, dict) else None
        echo = raw[:64] if isinstance(raw, str) else ""  # as sent: the phone matches on it
        try:
            return Outcome(echo, self.judge(item))
        except Rejected as rejected:
            return Outcome(echo, "rejected", rejected.error, rejected.message)

    def judge(self, item) -> str:
        if not isinstance(item, dict):
            raise Rejected("invalid_item", _l("Each answer must be a JSON object."))
        key = parse_uuid(item.get("uuid"))
        if key in self.seen:
            if self.seen[key].participant_id != self.participant.id:
                raise Rejected("uuid_conflict", _l("This UUID belongs to another answer."))
            return "duplicate"
        prompt = parse_prompt(item.get("prompt_id"), self.prompts)
        if prompt.audience not in ("everyone", self.participant.group):
            raise Rejected("not_for_group", _l("This question is for another group."))
        recorded_at = parse_time(item.get("recorded_at"), self.now)
        accepts_at(self.meeting, recorded_at, self.now)
        try:
            value = clean_value(prompt.kind, prompt.options, item.get("value"))
        except InvalidValue as invalid:
            raise Rejected("invalid_value", invalid.args[0]) from None

        self.seen[key] = Receipt(uuid=key, participant_id=self.participant.id, prompt_id=prompt.id,
                                 received_at=self.now)
        db.session.add(self.seen[key])
        answer = self.current.get(prompt.id)
        if answer is None:
            answer = self.current[prompt.id] = Answer(participant_id=self.participant.id, prompt_id=prompt.id)
            db.session.add(answer)
        elif (recorded_at, key) <= (answer.recorded_at, answer.uuid):
            return "superseded"
        else:
            self.claim(answer)
        answer.uuid, answer.value, answer.recorded_at, answer.received_at = key, value, recorded_at, self.now
        answer.review = moderation.initial_review(prompt.kind)  # an edit is moderated again
        return "stored"

    def claim(self, answer: Answer) -> None:
        """Before replacing a stored answer, lock its row and check it is still the
        one this attempt read: otherwise a concurrent, newer edit could be overwritten."""
        if answer not in self.unclaimed:
            return
        still = db.session.execute(
            update(Answer).where(Answer.id == answer.id, Answer.uuid == answer.uuid)
            .values(uuid=answer.uuid).execution_options(synchronize_session=False)
        )
        if still.rowcount != 1:
            raise Stale(answer.id)
        self.unclaimed.discard(answer)
