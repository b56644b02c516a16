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
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Answer, Meeting, Participant, Receipt
from app.models.base import utcnow
from app.prompt_kinds import InvalidValue, clean_value

SUCCESS = ("stored", "duplicate", "superseded")
CLOCK_SKEW = timedelta(minutes=5)


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


def parse_uuid(raw) -> str:
    try:
        return str(uuidlib.UUID(str(raw)))
    except ValueError:
        raise Rejected("invalid_uuid", _l("Each answer needs a valid UUID.")) from None


def parse_time(raw, now: datetime) -> datetime:
    try:
        moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
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


def store_batch(meeting: Meeting, participant: Participant, items: list[dict]) -> list[Outcome]:
    """Judge and store a batch in one transaction. A race with another request
    (the same UUID from two tabs at once) shows as an IntegrityError: roll back
    and judge again, when the other request's rows are visible."""
    for attempt in range(3):
        try:
            outcomes = _judge(meeting, participant, items, utcnow())
            db.session.commit()
            return outcomes
        except IntegrityError:
            db.session.rollback()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _judge(meeting, participant, items, now) -> list[Outcome]:
    prompts = {p.id: p for p in meeting.prompts}
    uuids = [str(item.get("uuid")) for item in items if isinstance(item, dict)]
    seen = {r.uuid: r for r in db.session.scalars(select(Receipt).where(Receipt.uuid.in_(uuids)))}
    current = {
        a.prompt_id: a
        for a in db.session.scalars(select(Answer).where(Answer.participant_id == participant.id))
    }
    outcomes = []
    for item in items:
        raw_uuid = item.get("uuid") if isinstance(item, dict) else None
        try:
            outcomes.append(_judge_one(meeting, participant, item, now, prompts, seen, current))
        except Rejected as rejected:
            outcomes.append(Outcome(str(raw_uuid)[:36], "rejected", rejected.error, rejected.message))
    return outcomes


def _judge_one(meeting, participant, item, now, prompts, seen, current) -> Outcome:
    if not isinstance(item, dict):
        raise Rejected("invalid_item", _l("Each answer must be a JSON object."))
    key = parse_uuid(item.get("uuid"))
    if key in seen:
        if seen[key].participant_id != participant.id:
            raise Rejected("uuid_conflict", _l("This UUID belongs to another answer."))
        return Outcome(key, "duplicate")
    prompt = prompts.get(item.get("prompt_id"))
    if prompt is None:
        raise Rejected("unknown_prompt", _l("This question is not part of this meeting."))
    if prompt.audience not in ("everyone", participant.group):
        raise Rejected("not_for_group", _l("This question is for another group."))
    recorded_at = parse_time(item.get("recorded_at"), now)
    accepts_at(meeting, recorded_at, now)
    try:
        value = clean_value(prompt.kind, prompt.options, item.get("value"))
    except InvalidValue as invalid:
        raise Rejected("invalid_value", invalid.args[0]) from None

    receipt = Receipt(uuid=key, participant_id=participant.id, prompt_id=prompt.id, received_at=now)
    db.session.add(receipt)
    seen[key] = receipt
    answer = current.get(prompt.id)
    if answer is None:
        answer = Answer(participant_id=participant.id, prompt_id=prompt.id)
        db.session.add(answer)
        current[prompt.id] = answer
    elif (recorded_at, key) <= (answer.recorded_at, answer.uuid):
        return Outcome(key, "superseded")
    answer.uuid, answer.value, answer.recorded_at, answer.received_at = key, value, recorded_at, now
    return Outcome(key, "stored")
