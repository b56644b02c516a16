"""One answer from a phone with nothing else waiting: the hot path of a meeting.

At a big event most requests are a single answer sent the moment it is given. Judged
by `sync.store_batch` it costs a handful of ORM queries; here it costs two or three
statements, compiled once per process and run on a DBAPI connection of the pool
(no ORM session, no statement building, no SQLAlchemy execution context):

1. the phone and its meeting, by the meeting's token and the device token's hash;
2. the receipt: INSERT ... ON CONFLICT DO NOTHING (nothing inserted: a replay);
3. the answer: INSERT ... ON CONFLICT (participant, prompt) DO UPDATE ... WHERE the new
   edit is newer (time recorded, then UUID) (nothing written: superseded);
4. only for a replay: whose receipt it is (this phone's own: a duplicate).

On SQLite, 2 and 3 are two statements and a COMMIT in the process itself. On
PostgreSQL every statement is a round trip to the server, so 2 and 3 are one statement
(two data-modifying CTEs: the answer is inserted from the receipt the first one
returns) run on its own, in autocommit: one round trip, one transaction, where
BEGIN, two INSERTs and COMMIT took four.

Values go through the columns' own SQLAlchemy bind processors, so the rows are the ones
the ORM would write. The rules are those of `sync` (`sync.judge_item`). Whatever this
path cannot decide on its own - a rejected item, a UUID of another phone, prompts not
cached yet, a phone that reported waiting answers, a race - is left to `store_batch`:
`store` returns None, and nothing was written."""

import contextlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite

from app import sync
from app.extensions import db
from app.live import moderation
from app.models import Answer, Meeting, Participant, Receipt
from app.models.base import utcnow
from app.phone import late_answers, participants


class Compiled:
    """A statement compiled once for a dialect, and how to pass it its values."""

    def __init__(self, statement, dialect):
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        self.named = compiled.positiontup is None  # named parameters (psycopg), or in order
        self.names = list(compiled.binds) if self.named else compiled.positiontup
        processors = {name: bind.type.dialect_impl(dialect).bind_processor(dialect)
                      for name, bind in compiled.binds.items()}
        self.steps = [(name, processors[name]) for name in self.names]

    def params(self, values: dict):
        """The statement's own parameters from `values` (which may hold more)."""
        processed = [process(values[name]) if process else values[name] for name, process in self.steps]
        return dict(zip(self.names, processed, strict=True)) if self.named else processed

    def first(self, cursor, values: dict):
        cursor.execute(self.sql, self.params(values))
        # Every row, not fetchone(): SQLite checks foreign keys when the statement is
        # stepped to its end, which an INSERT ... RETURNING read by one row never is.
        rows = cursor.fetchall()
        return rows[0] if rows else None


PHONE = (
    select(Meeting.id, Meeting.token, Meeting.version, Meeting.status, Meeting.closed_at,
           Participant.id, Participant.group, Participant.waiting)
    .join(Meeting, Participant.meeting_id == Meeting.id)
    .where(Meeting.token == bindparam("token"), Participant.token_hash == bindparam("token_hash"),
           Participant.followup_id.is_(None))
)
RECEIPT_COLUMNS = ("uuid", "participant_id", "prompt_id", "received_at")
ANSWER_COLUMNS = ("uuid", "participant_id", "prompt_id", "value", "recorded_at", "received_at", "review")


def _receipt(dialect_module):
    return (dialect_module.insert(Receipt).values({name: bindparam(name) for name in RECEIPT_COLUMNS})
            .on_conflict_do_nothing().returning(Receipt.uuid))


def _answer(new):
    """`new`, an INSERT of an answer, as an upsert: a newer edit replaces the stored one."""
    return new.on_conflict_do_update(
        index_elements=[Answer.participant_id, Answer.prompt_id],
        set_={name: new.excluded[name] for name in ("uuid", "value", "recorded_at", "received_at", "review")},
        where=tuple_(new.excluded.recorded_at, new.excluded.uuid) > tuple_(Answer.recorded_at, Answer.uuid),
    ).returning(Answer.id)


OWNER = select(Receipt.participant_id).where(Receipt.uuid == bindparam("uuid"))


def _sqlite_statements(dialect) -> dict[str, Compiled]:
    answer = _answer(sqlite.insert(Answer).values({name: bindparam(name) for name in ANSWER_COLUMNS}))
    return {"phone": Compiled(PHONE, dialect), "receipt": Compiled(_receipt(sqlite), dialect),
            "answer": Compiled(answer, dialect), "owner": Compiled(OWNER, dialect)}


def _postgresql_statements(dialect) -> dict[str, Compiled]:
    """One statement for the receipt and the answer: (receipts inserted, answers written)."""
    receipt = _receipt(postgresql).cte("receipt_new")
    columns = Answer.__table__.c
    values = select(*[bindparam(name, type_=columns[name].type) for name in ANSWER_COLUMNS])
    values = values.select_from(receipt)  # a row only when the receipt was new
    answer = _answer(postgresql.insert(Answer).from_select(list(ANSWER_COLUMNS), values)).cte("answer_new")
    write = select(select(func.count()).select_from(receipt).scalar_subquery(),
                   select(func.count()).select_from(answer).scalar_subquery())
    return {"phone": Compiled(PHONE, dialect), "write": Compiled(write, dialect),
            "owner": Compiled(OWNER, dialect)}


_COMPILED: dict[str, dict[str, Compiled]] = {}


def statements() -> dict[str, Compiled]:
    dialect = db.engine.dialect
    if dialect.name not in _COMPILED:
        make = _postgresql_statements if dialect.name == "postgresql" else _sqlite_statements
        _COMPILED[dialect.name] = make(dialect)
    return _COMPILED[dialect.name]


@contextlib.contextmanager
def connection():
    """A DBAPI connection of the engine's pool, given back (rolled back) at the end. On
    PostgreSQL it runs in autocommit: each statement of the hot path is a transaction
    of its own, with no BEGIN or ROLLBACK round trip around it."""
    raw = db.engine.raw_connection()
    driver = raw.driver_connection if db.engine.dialect.name == "postgresql" else None
    if driver is not None:
        driver.autocommit = True
    try:
        yield raw
    finally:
        if driver is not None and not driver.closed:
            driver.autocommit = False  # as the pool gave it
        raw.close()


@dataclass(frozen=True)
class Phone:
    """What the hot path knows of a phone and its meeting (a row, not ORM objects)."""
    meeting_id: int
    token: str
    version: int
    status: str
    closed_at: object  # as the driver gives it: read only through `closed`
    participant_id: int
    group: str
    waiting: int

    @property
    def closed(self) -> datetime | None:
        column = Meeting.__table__.c.closed_at.type
        dialect = db.engine.dialect
        process = column.dialect_impl(dialect).result_processor(dialect, None)
        return process(self.closed_at) if process else self.closed_at


class Closing:
    """The meeting as `sync.accepts_at` reads it."""

    def __init__(self, found: Phone):
        self.status, self.closed_at = found.status, found.closed if found.status == "closed" else None


def phone(raw, token: str, device: str | None) -> Phone | None:
    """The phone with this device token in the meeting with this token, or None."""
    if not device:
        return None
    cursor = raw.cursor()
    row = statements()["phone"].first(cursor, {"token": token, "token_hash": participants.hash_token(device)})
    return Phone(*row) if row else None


def store(raw, found: Phone, item, waiting: int | None, sent_at=None) -> sync.Outcome | None:
    """Store one answer and return its outcome, or None (nothing written): `store_batch`
    decides. `sent_at`: the phone's clock when it sent the answer, as sent (if it did)."""
    if waiting or found.waiting:
        return None  # the phone's outbox count changes: the long way writes it
    if found.status != "open":
        return None  # a late answer: the long way reads what the phone synced since the close
    prompts = sync.cached_rules(found.token, found.version)
    if prompts is None or not isinstance(item, dict):
        return None
    now = utcnow()
    try:
        key, prompt, recorded_at, value = sync.judge_item(Closing(found), found.group, prompts, item, now,
                                                          late_answers.clock_at_send(sent_at, now))
    except sync.Rejected:
        return None  # maybe a replay of an answer accepted before: the long way reads receipts
    row = {"uuid": key, "participant_id": found.participant_id, "prompt_id": prompt.id,
           "received_at": now, "value": value, "recorded_at": recorded_at,
           "review": moderation.initial_review(prompt.kind, value)}
    try:
        status = write(raw, row) or replayed(raw, found, key)
    except db.engine.dialect.dbapi.IntegrityError:
        raw.rollback()
        return None  # the prompt was deleted meanwhile: the long way says so
    return None if status is None else sync.Outcome(item["uuid"][:64], status)


def replayed(raw, found: Phone, key: str) -> str | None:
    """A UUID with a receipt already: "duplicate" when the receipt is this phone's (the
    phone never got the reply and sent the answer again), else None (the long way
    refuses another phone's UUID)."""
    owner = statements()["owner"].first(raw.cursor(), {"uuid": key})
    return "duplicate" if owner is not None and owner[0] == found.participant_id else None


def write(raw, row: dict) -> str | None:
    """Write the receipt and the answer in one transaction: "stored", "superseded", or
    None when the receipt was there already (a replay: nothing written)."""
    compiled, cursor = statements(), raw.cursor()
    if "write" in compiled:  # PostgreSQL: one statement, its own transaction
        receipts, answers = compiled["write"].first(cursor, row)
        return None if not receipts else "stored" if answers else "superseded"
    if compiled["receipt"].first(cursor, row) is None:
        raw.rollback()
        return None
    applied = compiled["answer"].first(cursor, row)
    raw.commit()
    return "stored" if applied else "superseded"
