"""Judging one answer a phone sent, before anything is written: is it an answer this
phone may give to this meeting, and what exactly is stored (app/phone/store.py writes it).

Each check raises `Rejected` with a code the phone keeps and a message it shows; the
phone stops retrying a rejected answer. The prompts' rules come from a per-process
cache keyed by the meeting's prompts version (`rules_of`)."""

import uuid as uuidlib
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l

from app.meetings.prompt_kinds import InvalidValue, clean_value
from app.meetings.rounds import answered_by
from app.phone import late_answers
from app.phone.late_answers import UNTIMED, PhoneClock


class Rejected(Exception):
    def __init__(self, error: str, message):
        super().__init__(error)
        self.error, self.message = error, message


@dataclass(frozen=True)
class Rules:
    """What judging an answer needs of its prompt."""
    id: int
    kind: str
    options: dict
    audience: str


_RULES: dict[tuple, dict[int, Rules]] = {}


def rules_of(meeting, fresh: bool = False) -> dict[int, Rules]:
    """The meeting's prompts by id, kept per process under (token, prompts version): every
    change of a meeting's prompts bumps it (live.prompts_changed), and nothing else does,
    so moderation and pacing leave the cache alone. Whatever has no prompts version (a
    follow-up review) is read every time."""
    version = getattr(meeting, "prompts_version", None)
    key = (type(meeting).__name__, meeting.token, version)
    rules = None if fresh or version is None else _RULES.get(key)
    if rules is None:
        rules = {p.id: Rules(p.id, p.kind, p.options, p.audience) for p in meeting.round_prompts}
        if version is not None:
            if len(_RULES) >= 2000:  # old versions and finished meetings: start again
                _RULES.clear()
            _RULES[key] = rules
    return rules


def parse_uuid(raw) -> str:
    if isinstance(raw, str):
        try:
            return str(uuidlib.UUID(raw))
        except ValueError:
            pass
    raise Rejected("invalid_uuid", _l("Each answer needs a valid UUID."))


def key_of(item) -> str:
    """The item's UUID, normalised, or Rejected (not an object, no valid UUID)."""
    if not isinstance(item, dict):
        raise Rejected("invalid_item", _l("Each answer must be a JSON object."))
    return parse_uuid(item.get("uuid"))


def parse_prompt(raw, prompts: dict[int, Rules]) -> Rules:
    # A bool is an int in Python: without the check, true would find prompt 1.
    if isinstance(raw, bool) or not isinstance(raw, int) or raw not in prompts:
        raise Rejected("unknown_prompt", _l("This question is not part of this meeting."))
    return prompts[raw]


SEQ_MAX = 2**31 - 1  # the column's range


def parse_seq(raw) -> int:
    """The phone's edit counter of this answer (a whole number from 1), or 0 when the item
    has none (an outbox of an older release). 3.0 is 3: JSON has one number type."""
    if raw is None:
        return 0
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= SEQ_MAX:
        raise Rejected("invalid_seq", _l("The answer's edit number (seq) must be a whole number from 1 to "
                                         "%(most)s.", most=SEQ_MAX))
    return raw


def parse_time(raw, now: datetime, clock: PhoneClock = UNTIMED) -> datetime:
    """An aware ISO 8601 time, in UTC, on the server's clock when the phone sent its own
    (shifted by the offset measured at send), and never later than now: a phone whose
    clock was set back between recording and sending dates its answer after the send,
    and it is kept, at the server's time (the edit counter, not the time, orders it)."""
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            # overflows for times near year 1 or 9999
            moment = clock.on_server(moment.astimezone(UTC))
    except (AttributeError, ValueError, OverflowError):  # AttributeError: not a string
        raise Rejected("invalid_time", _l("recorded_at must be an ISO 8601 time.")) from None
    if moment.tzinfo is None:
        raise Rejected("invalid_time", _l("recorded_at must include a time zone."))
    return min(moment, now)  # a phone clock running fast cannot win every edit


def accepts_at(meeting, recorded_at: datetime, now: datetime, clock: PhoneClock = UNTIMED,
               participant=None) -> None:
    """Open meetings accept answers; a closed one only what a late phone could really
    have recorded before it closed (app/phone/late_answers.py)."""
    if meeting.status == "open":
        return
    if meeting.status == "closed" and meeting.closed_at:
        if late_answers.accepts(meeting.closed_at, recorded_at, now, clock, participant):
            return
        raise Rejected("meeting_closed", _l("This meeting is closed: the answer came too late."))
    raise Rejected("meeting_not_open", _l("This meeting has not started yet."))


@dataclass(frozen=True)
class Edit:
    """An item that passed every check: what is stored of it."""
    seq: int
    recorded_at: datetime
    value: object


def check_item(meeting, participant, prompt: Rules, item: dict, now: datetime,
               clock: PhoneClock = UNTIMED) -> Edit:
    """The edit an item for a known prompt makes, or Rejected."""
    if not answered_by(prompt.audience, prompt.options, participant.group):  # app/meetings/rounds.py
        raise Rejected("not_for_group", _l("This question is for another group."))
    seq = parse_seq(item.get("seq"))
    recorded_at = parse_time(item.get("recorded_at"), now, clock)
    accepts_at(meeting, recorded_at, now, clock, participant)
    try:
        return Edit(seq, recorded_at, clean_value(prompt.kind, prompt.options, item.get("value")))
    except InvalidValue as invalid:
        raise Rejected("invalid_value", invalid.args[0]) from None
