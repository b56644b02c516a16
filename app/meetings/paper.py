"""Paper answer sheets, for rooms without phones: a printable A4 sheet per person (the
prompts with numbered boxes to tick, in the meeting's language, no name field, a sheet
number on each), and entering the sheets afterwards, one at a time.

An entered sheet becomes an anonymous participant marked "paper" (Participant.source)
with the sheet's number: its answers are ordinary answers, so it counts in the results,
the report, the exports and the dashboard like a phone, and every rule of disclosure
applies unchanged. A sheet number is unique per meeting: a sheet entered twice is refused.

Only prompts answered by ticking boxes are printed (TICKABLE): a scale (one box per
number), a line-up (five boxes from left to right), one or several choices, feelings
cards. On the entry form each prompt takes the numbers of the ticked boxes as typed."""

import re
import secrets
import uuid as uuidlib

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.live import moderation
from app.meetings.prompt_kinds import InvalidValue, clean_value, localize
from app.meetings.rounds import answered_by
from app.models import Answer, Meeting, Participant, Prompt, Receipt
from app.models.base import utcnow
from app.models.people import GROUPS
from app.phone import participants

TICKABLE = ("scale", "position", "single", "multiple", "cards")
LINE_UP = (0, 25, 50, 75, 100)  # the five boxes of a line-up, left to right
MAX_SHEET = 99_999


class Refused(ValueError):
    """A sheet that cannot be entered: {field: message}."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


def prompts_on_paper(meeting: Meeting, group: str | None = None) -> list[Prompt]:
    """The meeting's own prompts a sheet asks (for one group, or for any group), in the
    sheet's order: those for everyone first, then those for one group, group by group."""
    found = [p for p in meeting.round_prompts if p.kind in TICKABLE and
             (answered_by(p.audience, p.options, group) if group else not (p.options or {}).get("guess_of"))]
    return sorted(found, key=lambda p: (p.audience != "everyone", GROUPS.index(p.audience)
                                        if p.audience in GROUPS else 0))


def boxes(prompt: Prompt, language: str) -> list[tuple[int, str]]:
    """[(number printed in the box, its label)] of a tickable prompt."""
    options = prompt.options or {}
    if prompt.kind == "scale":
        return [(n, "") for n in range(options.get("min", 1), options.get("max", 10) + 1)]
    if prompt.kind == "position":
        return [(n, "") for n in range(1, len(LINE_UP) + 1)]
    field = "cards" if prompt.kind == "cards" else "choices"
    return [(n, " ".join(filter(None, [item.get("icon", ""), localize(item.get("label"), language)])))
            for n, item in enumerate(options.get(field, []), start=1)]


def _numbers(typed: str, largest: int) -> list[int]:
    """"1 3", "1,3" or (boxes below 10) "13" -> [1, 3]."""
    parts = re.findall(r"\d+", typed)
    if len(parts) == 1 and largest < 10 and len(parts[0]) > 1:
        parts = list(parts[0])
    return [int(p) for p in parts]


def value_of(prompt: Prompt, typed: str):
    """The answer a sheet's ticked boxes give (None: nothing ticked), or InvalidValue."""
    typed = (typed or "").strip()
    if not typed:
        return None
    options = prompt.options or {}
    if prompt.kind == "scale":
        if not re.fullmatch(r"\d+", typed):
            raise InvalidValue("number")
        return clean_value("scale", options, int(typed))
    numbers = _numbers(typed, len(boxes(prompt, "nl")))
    if prompt.kind == "position":
        if len(numbers) != 1 or not 1 <= numbers[0] <= len(LINE_UP):
            raise InvalidValue("position")
        return LINE_UP[numbers[0] - 1]
    keys = [item["key"] for item in options.get("cards" if prompt.kind == "cards" else "choices", [])]
    if not numbers or any(not 1 <= n <= len(keys) for n in numbers):
        raise InvalidValue("box")
    picked = [keys[n - 1] for n in numbers]
    return clean_value(prompt.kind, options, picked[0] if prompt.kind == "single" and len(picked) == 1
                       else picked)


def next_sheet(meeting: Meeting) -> int:
    return (db.session.scalar(select(func.max(Participant.sheet)).where(Participant.meeting_id == meeting.id))
            or 0) + 1


def entered(meeting: Meeting) -> int:
    return db.session.scalar(select(func.count()).select_from(Participant).where(
        Participant.meeting_id == meeting.id, Participant.source == "paper")) or 0


def _is_entered(meeting: Meeting, sheet: int) -> bool:
    return db.session.scalar(select(Participant.id).where(Participant.meeting_id == meeting.id,
                                                          Participant.sheet == sheet)) is not None


def enter(meeting: Meeting, sheet, group: str, typed: dict[int, str]) -> Participant:
    """Store one sheet: a new participant marked paper, with its answers. `typed`: {prompt id:
    the numbers typed for it}. Refused with every error at once; nothing is stored then."""
    errors = {}
    if not isinstance(sheet, int) or not 1 <= sheet <= MAX_SHEET:
        errors["sheet"] = "sheet"
    elif _is_entered(meeting, sheet):
        errors["sheet"] = "twice"
    if group not in GROUPS:
        errors["group"] = "group"
    values = {}
    for prompt in prompts_on_paper(meeting, group if group in GROUPS else None):
        try:
            value = value_of(prompt, typed.get(prompt.id, ""))
        except InvalidValue:
            errors[prompt.id] = "box"
            continue
        if value is not None:
            values[prompt] = value
    if errors:
        raise Refused(errors)
    now = utcnow()
    person = Participant(meeting_id=meeting.id, group=group, language=meeting.language, source="paper",
                         sheet=sheet, token_hash=participants.hash_token(secrets.token_urlsafe(32)))
    db.session.add(person)
    try:
        db.session.flush()
        for prompt, value in values.items():
            key = str(uuidlib.uuid4())
            db.session.add(Answer(uuid=key, participant_id=person.id, prompt_id=prompt.id, value=value,
                                  recorded_at=now, received_at=now,
                                  review=moderation.initial_review(prompt.kind, value)))
            db.session.add(Receipt(uuid=key, participant_id=person.id, prompt_id=prompt.id, received_at=now))
        db.session.commit()
    except IntegrityError:  # the same sheet entered at the same moment elsewhere
        db.session.rollback()
        raise Refused({"sheet": "twice"}) from None
    return person
