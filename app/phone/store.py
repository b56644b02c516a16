"""Storing answers sent by phones, exactly once: one path for a single answer and a batch.

Every answer carries a UUID made on the phone. Each item of a batch is judged on its own
(app/phone/checks.py), then written with two statements, in SQLAlchemy Core on the
session's connection:
1. its receipt: INSERT ... ON CONFLICT DO NOTHING RETURNING. Nothing returned: the UUID
   was accepted before, a "duplicate" (or another phone's UUID: rejected);
2. the answer: one upsert on (participant, prompt) whose WHERE keeps the newest edit
   (`newer`, the only place that rule lives). A row returned: "stored"; none: the stored
   answer is newer, this edit is "superseded", and the outcome carries the stored answer
   ("current": its uuid and value) so the phone never shows its lost edit as sent.
An item that fails a check is "rejected" (the phone shows the reason and stops retrying
it), unless its UUID was accepted before: then it is a duplicate, whatever changed since.
"stored", "duplicate" and "superseded" are successes: the phone may drop the item.

The database decides races itself: a second request with the same UUID waits for the
first one's receipt and finds it; two edits at once both go through the upsert, whose
WHERE sees the row as committed. The batch is one transaction; a prompt deleted meanwhile
(a foreign key) rolls it back, and it is judged again with the prompts read afresh."""

import functools
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.live import moderation
from app.models import Answer, Participant, Receipt
from app.models.base import utcnow
from app.phone import checks, late_answers, participants
from app.phone.checks import Rejected, Rules

SUCCESS = ("stored", "duplicate", "superseded")
ATTEMPTS = 3  # a prompt deleted during the batch costs one
REPLACED = ("uuid", "value", "seq", "recorded_at", "received_at", "review")  # what a newer edit replaces


@dataclass
class Outcome:
    uuid: str
    status: str
    error: str | None = None
    message: str | None = None
    current: dict | None = None  # the stored answer, when it is not this item's edit

    def as_json(self) -> dict:
        out = {k: str(v) for k, v in vars(self).items() if v is not None and k != "current"}
        return out | ({"current": self.current} if self.current is not None else {})


def store_batch(meeting, participant: Participant, items: list, waiting: int | None = None,
                sent_at=None) -> list[Outcome]:
    """Judge and store a batch in one transaction, one outcome per item, in order.
    `waiting`: how many answers the phone still holds after this batch, if it said;
    `sent_at`: the phone's clock when it sent the batch, as sent (if it did)."""
    for attempt in range(ATTEMPTS):
        try:
            batch = Batch(meeting, participant, sent_at, fresh_prompts=attempt > 0)
            # Every item judged first, then written: on SQLite the write lock is held for
            # the statements only, not for the judging.
            outcomes = batch.write([batch.judge(item) for item in items])
            if waiting is not None:
                participants.note_waiting(participant, waiting, batch.now)
            db.session.commit()
            return outcomes
        except IntegrityError:  # a prompt deleted meanwhile: judge again, the prompts read afresh
            db.session.rollback()
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


@dataclass(eq=False)
class Write:
    """An item that passed every check, to be written."""
    echo: str
    key: str
    prompt: Rules
    edit: checks.Edit


@dataclass
class Refused:
    """An item that failed a check: rejected, unless its UUID was accepted before."""
    echo: str
    key: str
    rejected: Rejected


class Batch:
    """One attempt at a batch: the clock it is judged by, and the meeting's prompts."""

    def __init__(self, meeting, participant: Participant, sent_at=None, fresh_prompts: bool = False):
        self.meeting, self.participant, self.now = meeting, participant, utcnow()
        self.clock = late_answers.clock_at_send(sent_at, self.now)
        self.prompts = checks.rules_of(meeting, fresh=fresh_prompts)
        self.fresh_prompts = fresh_prompts

    def judge(self, item) -> Outcome | Refused | Write:
        """What to do with an item, reading nothing of the answers."""
        raw = item.get("uuid") if isinstance(item, dict) else None
        echo = raw[:64] if isinstance(raw, str) else ""  # as sent: the phone matches on it
        try:
            key = checks.key_of(item)
        except Rejected as rejected:
            return Outcome(echo, "rejected", rejected.error, rejected.message)
        try:
            prompt = self.prompt(item.get("prompt_id"))
            edit = checks.check_item(self.meeting, self.participant, prompt, item, self.now, self.clock)
            return Write(echo, key, prompt, edit)
        except Rejected as rejected:
            return Refused(echo, key, rejected)

    def prompt(self, raw) -> Rules:
        """The item's prompt; one not in the cache sends this batch to read them afresh."""
        try:
            return checks.parse_prompt(raw, self.prompts)
        except Rejected:
            if self.fresh_prompts:
                raise
            self.prompts, self.fresh_prompts = checks.rules_of(self.meeting, fresh=True), True
            return checks.parse_prompt(raw, self.prompts)

    def write(self, steps: list) -> list[Outcome]:
        """The receipts of every item to write in one statement; the answers of those
        whose receipt is new, one statement per round (the nth edit of each prompt in the
        batch: the upsert's rule then orders a batch's edits of one prompt as it orders
        edits arriving one by one); then one outcome per item, in order."""
        writes = [step for step in steps if isinstance(step, Write)]
        new = set(db.session.scalars(new_receipt(), [self.receipt(w) for w in writes])) if writes else set()
        first = {}  # uuid -> the write that inserted its receipt
        for w in writes:
            if w.key in new:
                first.setdefault(w.key, w)
        rounds: list[list[Write]] = []
        per_prompt: dict[int, int] = {}
        for w in first.values():
            n = per_prompt[w.prompt.id] = per_prompt.get(w.prompt.id, -1) + 1
            if n == len(rounds):
                rounds.append([])
            rounds[n].append(w)
        stored = set()
        for group in rounds:
            stored |= set(db.session.scalars(upsert_answer(), [self.answer(w) for w in group]).all())
        return [self.outcome(step, first, stored) for step in steps]

    def outcome(self, step, first: dict, stored: set) -> Outcome:
        if isinstance(step, Outcome):
            return step
        if isinstance(step, Refused):
            # Accepted before (maybe earlier in this batch): a duplicate, whatever changed since.
            rejected = step.rejected
            return self.replayed(step.echo, step.key) or Outcome(step.echo, "rejected", rejected.error,
                                                                 rejected.message)
        if first.get(step.key) is not step:  # its receipt was there already: a replay
            return self.replayed(step.echo, step.key) or Outcome(step.echo, "duplicate")
        if step.key in stored:
            return Outcome(step.echo, "stored")
        return Outcome(step.echo, "superseded", current=self.current(step.prompt.id))

    def receipt(self, w: Write) -> dict:
        return {"uuid": w.key, "participant_id": self.participant.id, "prompt_id": w.prompt.id,
                "received_at": self.now}

    def answer(self, w: Write) -> dict:
        # An edit is moderated again.
        edit = w.edit
        return {**self.receipt(w), "value": edit.value, "seq": edit.seq, "recorded_at": edit.recorded_at,
                "review": moderation.initial_review(w.prompt.kind, edit.value)}

    def replayed(self, echo: str, key: str) -> Outcome | None:
        """The outcome of a UUID that has a receipt already, or None: a duplicate (with
        the stored answer when a newer edit replaced this one), or another phone's."""
        receipt = db.session.execute(select(Receipt.participant_id, Receipt.prompt_id)
                                     .where(Receipt.uuid == key)).first()
        if receipt is None:
            return None
        if receipt.participant_id != self.participant.id:
            return Outcome(echo, "rejected", "uuid_conflict", _l("This UUID belongs to another answer."))
        current = self.current(receipt.prompt_id)
        return Outcome(echo, "duplicate", current=current if current and current["uuid"] != key else None)

    def current(self, prompt_id: int) -> dict | None:
        """This phone's stored answer to a prompt, as the phone shows it."""
        row = db.session.execute(select(Answer.uuid, Answer.value).where(
            Answer.participant_id == self.participant.id, Answer.prompt_id == prompt_id)).first()
        return {"uuid": row.uuid, "value": row.value} if row else None


def new_receipt():
    return statements(db.session.get_bind().dialect.name)[0]


def upsert_answer():
    return statements(db.session.get_bind().dialect.name)[1]


@functools.cache
def statements(dialect_name: str) -> tuple:
    """The two writes for a database (SQLite or PostgreSQL), built once per process:
    SQLAlchemy then finds their compiled form in its statement cache."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    return new_receipt_for(dialect), upsert_answer_for(dialect)


def new_receipt_for(dialect):
    """INSERT a receipt unless its UUID has one: RETURNING says whether it was new."""
    receipts = Receipt.__table__
    return dialect.insert(receipts).on_conflict_do_nothing().returning(receipts.c.uuid)


def newer(edit, stored):
    """The one rule of which edit of an answer wins: the phone's higher edit counter
    (seq; 0 for none, so a counted edit beats an uncounted one), then the later
    recorded_at, then the greater UUID, so any order of arrival ends with the same answer."""
    return tuple_(edit.seq, edit.recorded_at, edit.uuid) > tuple_(stored.seq, stored.recorded_at, stored.uuid)


def upsert_answer_for(dialect):
    """INSERT the answer, or replace the stored one if this edit is newer: RETURNING
    gives the UUID of each edit written."""
    answers = Answer.__table__
    insert = dialect.insert(answers)
    return insert.on_conflict_do_update(
        index_elements=[answers.c.participant_id, answers.c.prompt_id],
        set_={name: insert.excluded[name] for name in REPLACED},
        where=newer(insert.excluded, answers.c),
    ).returning(answers.c.uuid)
