"""Storing answers sent by phones, exactly once.

Every answer carries a UUID made on the phone. A batch is judged item by item:
- "stored": new, or a newer edit of this phone's answer to that prompt;
- "duplicate": this UUID was accepted before (a retried sync): nothing changes;
- "superseded": an older edit that arrived after a newer one: kept as seen, not applied;
- "rejected": can never be stored (closed meeting, bad value...); the phone shows
  the reason and stops retrying it.
The first three are successes: the phone may drop the item from its outbox.
Which edit wins is decided by the time the phone recorded it, then by UUID, so
any order of arrival gives the same result. A batch may carry the phone's clock at
send (`sent_at`): its times are then put on the server's clock, and a closed
meeting's late answers are judged by app/phone/late_answers.py.

The answer path is the hot one (hundreds of phones in the same second), so a batch
costs few statements: the prompts come from a per-process cache keyed by the
meeting's version (`rules_of`), the phone's current answers to the batch's prompts
are read in one query, and the writes (receipts, then each prompt's final answer)
are plain Core statements at the end. A batch of one answer does not read the
receipts: the receipt's INSERT ... ON CONFLICT DO NOTHING finds a replay, and the
batch is judged again with the receipts read.
"""

import uuid as uuidlib
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.live import moderation
from app.meetings.prompt_kinds import InvalidValue, clean_value
from app.meetings.rounds import answered_by
from app.models import Answer, Meeting, Participant, Receipt
from app.models.base import utcnow
from app.phone import late_answers, participants
from app.phone.late_answers import UNTIMED, PhoneClock

SUCCESS = ("stored", "duplicate", "superseded")
ATTEMPTS = 4  # a replay found by the receipt's INSERT takes one


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


class Replayed(Exception):
    """A batch of one whose UUID was accepted before: its receipt's INSERT did nothing."""


def parse_uuid(raw) -> str:
    if isinstance(raw, str):
        try:
            return str(uuidlib.UUID(raw))
        except ValueError:
            pass
    raise Rejected("invalid_uuid", _l("Each answer needs a valid UUID."))


@dataclass(frozen=True)
class Rules:
    """What judging an answer needs of its prompt."""
    id: int
    kind: str
    options: dict
    audience: str


_RULES: dict[tuple, dict[int, Rules]] = {}


def rules_of(meeting: Meeting, fresh: bool = False) -> dict[int, Rules]:
    """The meeting's prompts by id, kept per process under (token, version): every
    change of a meeting's prompts bumps its version (live.touch in app/meetings/__init__.py),
    so answers need no prompt query until a facilitator edits them. Whatever has no
    version (a follow-up review) is read every time."""
    version = getattr(meeting, "version", None)
    key = (type(meeting).__name__, meeting.token, version)
    rules = None if fresh or version is None else _RULES.get(key)
    if rules is None:
        rules = {p.id: Rules(p.id, p.kind, p.options, p.audience) for p in meeting.round_prompts}
        if version is not None:
            if len(_RULES) >= 2000:  # old versions and finished meetings: start again
                _RULES.clear()
            _RULES[key] = rules
    return rules


def cached_rules(token: str, version: int) -> dict[int, Rules] | None:
    """A meeting's prompts if this process has them for this version (app/sync_single.py)."""
    return _RULES.get(("Meeting", token, version))


def parse_prompt(raw, prompts: dict[int, Rules]) -> Rules:
    # A bool is an int in Python: without the check, true would find prompt 1.
    if isinstance(raw, bool) or not isinstance(raw, int) or raw not in prompts:
        raise Rejected("unknown_prompt", _l("This question is not part of this meeting."))
    return prompts[raw]


def parse_time(raw, now: datetime, clock: PhoneClock = UNTIMED) -> datetime:
    """An aware ISO 8601 time, in UTC, on the server's clock when the phone sent its own,
    never later than now."""
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            # overflows for times near year 1 or 9999
            moment = clock.on_server(moment.astimezone(UTC))
    except (AttributeError, ValueError, OverflowError):  # AttributeError: not a string
        raise Rejected("invalid_time", _l("recorded_at must be an ISO 8601 time.")) from None
    if moment.tzinfo is None:
        raise Rejected("invalid_time", _l("recorded_at must include a time zone."))
    if clock.measured and moment > now + late_answers.SKEW:
        raise Rejected("invalid_time", _l("recorded_at is later than the phone's own sent_at."))
    return min(moment, now)  # a phone clock running fast cannot win every edit


def accepts_at(meeting: Meeting, recorded_at: datetime, now: datetime, clock: PhoneClock = UNTIMED,
               participant: Participant | None = None) -> None:
    """Open meetings accept answers; a closed one only what a late phone could really
    have recorded before it closed (app/phone/late_answers.py)."""
    if meeting.status == "open":
        return
    if meeting.status == "closed" and meeting.closed_at:
        if late_answers.accepts(meeting.closed_at, recorded_at, now, clock, participant):
            return
        raise Rejected("meeting_closed", _l("This meeting is closed: the answer came too late."))
    raise Rejected("meeting_not_open", _l("This meeting has not started yet."))


def store_batch(meeting: Meeting, participant: Participant, items: list,
                waiting: int | None = None, sent_at=None) -> list[Outcome]:
    """Judge and store a batch in one transaction. A race with another request
    (the same UUID from two tabs at once) shows as an IntegrityError or a Stale
    answer: roll back and judge again, when the other request's rows are visible.
    `waiting`: how many answers the phone still holds after this batch, if it said;
    `sent_at`: the phone's clock when it sent the batch, as sent (if it did)."""
    read_receipts = fresh_prompts = False
    for attempt in range(ATTEMPTS):
        try:
            judge = Judge(meeting, participant, items, read_receipts, fresh_prompts, sent_at)
            outcomes = [judge.outcome(item) for item in items]
            judge.write()
            if waiting is not None:
                participants.note_waiting(participant, waiting, judge.now)
            db.session.commit()
            return outcomes
        except Replayed:  # nothing was written: judge again, the receipt read (a duplicate)
            read_receipts = True
        except (IntegrityError, Stale):  # IntegrityError: maybe also a prompt deleted meanwhile
            db.session.rollback()
            if attempt == ATTEMPTS - 1:
                raise
            read_receipts = fresh_prompts = True
    raise AssertionError("unreachable")


def check_item(meeting, group: str, prompt: Rules, item: dict, now: datetime, clock: PhoneClock = UNTIMED,
               participant: Participant | None = None) -> tuple[datetime, object]:
    """(recorded_at, cleaned value) of an item for a known prompt, or Rejected."""
    if not answered_by(prompt.audience, prompt.options, group):  # app/meetings/rounds.py
        raise Rejected("not_for_group", _l("This question is for another group."))
    recorded_at = parse_time(item.get("recorded_at"), now, clock)
    accepts_at(meeting, recorded_at, now, clock, participant)
    try:
        return recorded_at, clean_value(prompt.kind, prompt.options, item.get("value"))
    except InvalidValue as invalid:
        raise Rejected("invalid_value", invalid.args[0]) from None


def judge_item(meeting, group: str, prompts: dict[int, Rules], item: dict,
               now: datetime, clock: PhoneClock = UNTIMED) -> tuple[str, Rules, datetime, object]:
    """(uuid, prompt, recorded_at, value) of a new item for an open meeting, or Rejected
    (app/sync_single.py)."""
    key = parse_uuid(item.get("uuid"))
    prompt = parse_prompt(item.get("prompt_id"), prompts)
    return key, prompt, *check_item(meeting, group, prompt, item, now, clock)


@dataclass
class Current:
    """A stored answer as this attempt read it (id None: none stored yet)."""
    id: int | None
    uuid: str
    recorded_at: datetime


class Judge:
    """One attempt at a batch, against the rows as they were when it started. A later
    attempt reads the receipts even for a batch of one, and maybe the prompts afresh."""

    def __init__(self, meeting: Meeting, participant: Participant, items: list,
                 read_receipts: bool = False, fresh_prompts: bool = False, sent_at=None):
        self.meeting, self.participant, self.now = meeting, participant, utcnow()
        self.clock = late_answers.clock_at_send(sent_at, self.now)
        self.prompts = rules_of(meeting, fresh=fresh_prompts)
        self.fresh_prompts = fresh_prompts
        keys = {self.key_of(item) for item in items} - {None}
        # uuid -> the participant whose receipt it is. A single new UUID is not looked
        # up: its INSERT finds a replay (see write).
        self.seen: dict[str, int] = {}
        self.receipts_read = read_receipts or len(keys) > 1
        if self.receipts_read and keys:
            self.seen = dict(db.session.execute(
                select(Receipt.uuid, Receipt.participant_id).where(Receipt.uuid.in_(keys))).all())
        asked = {item.get("prompt_id") for item in items
                 if isinstance(item, dict) and type(item.get("prompt_id")) is int} & self.prompts.keys()
        self.current: dict[int, Current] = {}
        if asked:
            rows = db.session.execute(
                select(Answer.prompt_id, Answer.id, Answer.uuid, Answer.recorded_at)
                .where(Answer.participant_id == participant.id, Answer.prompt_id.in_(asked)))
            self.current = {row.prompt_id: Current(row.id, row.uuid, row.recorded_at) for row in rows}
        self.read = {prompt_id: answer.uuid for prompt_id, answer in self.current.items()}
        self.receipts: list[dict] = []
        self.changed: dict[int, dict] = {}  # prompt id -> its answer's new columns

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
            if self.read_receipt(self.key_of(item)):
                return self.outcome(item)  # accepted before: a duplicate, whatever changed since
            return Outcome(echo, "rejected", rejected.error, rejected.message)

    def read_receipt(self, key: str | None) -> bool:
        """Read a receipt the batch did not (a batch of one): True if there is one."""
        if key is None or self.receipts_read:
            return False
        self.receipts_read = True
        owner = db.session.scalar(select(Receipt.participant_id).where(Receipt.uuid == key))
        if owner is not None:
            self.seen[key] = owner
        return owner is not None

    def prompt(self, raw) -> Rules:
        try:
            return parse_prompt(raw, self.prompts)
        except Rejected:
            if self.fresh_prompts:
                raise
            self.prompts, self.fresh_prompts = rules_of(self.meeting, fresh=True), True
            return parse_prompt(raw, self.prompts)

    def judge(self, item) -> str:
        if not isinstance(item, dict):
            raise Rejected("invalid_item", _l("Each answer must be a JSON object."))
        key = parse_uuid(item.get("uuid"))
        if key in self.seen:
            if self.seen[key] != self.participant.id:
                raise Rejected("uuid_conflict", _l("This UUID belongs to another answer."))
            return "duplicate"
        prompt = self.prompt(item.get("prompt_id"))
        recorded_at, value = check_item(self.meeting, self.participant.group, prompt, item, self.now,
                                        self.clock, self.participant)

        self.seen[key] = self.participant.id
        self.receipts.append({"uuid": key, "participant_id": self.participant.id, "prompt_id": prompt.id,
                              "received_at": self.now})
        answer = self.current.get(prompt.id)
        if answer is not None and (recorded_at, key) <= (answer.recorded_at, answer.uuid):
            return "superseded"
        self.current[prompt.id] = Current(answer and answer.id, key, recorded_at)
        # An edit is moderated again.
        review = moderation.initial_review(prompt.kind, value)
        self.changed[prompt.id] = {"uuid": key, "value": value, "recorded_at": recorded_at,
                                   "received_at": self.now, "review": review}
        return "stored"

    def write(self) -> None:
        """The batch's receipts, then each prompt's final answer. A stored answer is
        replaced only if it is still the one this attempt read: otherwise a concurrent,
        newer edit could be overwritten (Stale: judge again). A concurrent first answer
        or receipt shows as an IntegrityError."""
        connection, answers = db.session.connection(), Answer.__table__
        if len(self.receipts) == 1 and not self.receipts_read:
            # RETURNING, not rowcount: psycopg's rowcount says -1 here.
            new_receipt = insert_new(Receipt.__table__).returning(Receipt.__table__.c.uuid)
            if connection.execute(new_receipt, self.receipts[0]).first() is None:
                raise Replayed()
        elif self.receipts:
            connection.execute(insert(Receipt.__table__), self.receipts)
        new = []
        for prompt_id, columns in self.changed.items():
            if prompt_id not in self.read:
                new.append({"participant_id": self.participant.id, "prompt_id": prompt_id, **columns})
                continue
            replaced = connection.execute(
                update(answers).where(answers.c.participant_id == self.participant.id,
                                      answers.c.prompt_id == prompt_id,
                                      answers.c.uuid == self.read[prompt_id]).values(**columns))
            if replaced.rowcount != 1:
                raise Stale(prompt_id)
        if new:
            connection.execute(insert(answers), new)


def insert_new(table):
    """INSERT ... ON CONFLICT DO NOTHING (SQLite and PostgreSQL): a row whose key
    exists already is left out (RETURNING returns nothing for it)."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing()
