"""How long open text is kept. What a participant typed is the part of an answer most
likely to say something about a person, so it goes ALLO_TEXT_RETENTION_MONTHS after
its meeting closed (or was created, if it never closed): open-text and words answers
are deleted, a feelings-cards answer loses its "why" and keeps its cards (which
kind holds typed text where: `TYPED_TEXT` in app/meetings/prompt_kinds.py). Numbers,
choices and cards stay for the project's trends. The Receipt rows stay too: a phone that
replays an old answer is still told "duplicate" and nothing is counted again.
Run by `flask --app app purge-texts` (from cron; running it twice is harmless)."""

import calendar
from datetime import datetime

from sqlalchemy import Text, cast, delete, func, select, update

from app.auth import audit
from app.extensions import db
from app.meetings.prompt_kinds import TYPED_TEXT
from app.models import Answer, Meeting, Prompt
from app.models.base import utcnow

PURGED_KINDS = tuple(kind for kind, typed in TYPED_TEXT.items() if typed == "answer")
WHY_KINDS = tuple(kind for kind, typed in TYPED_TEXT.items() if typed == "why")


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (31 March - 1 = 28/29 Feb)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def purge_texts(months: int, now: datetime | None = None) -> dict[int, int]:
    """Forget what participants typed in meetings that ended more than `months` ago:
    -> {meeting id: answers deleted or stripped of their why}. Each purged meeting is audited."""
    if months <= 0:
        return {}
    cutoff = months_before(now or utcnow(), months)
    ended = func.coalesce(Meeting.closed_at, Meeting.created_at)
    due = (select(Prompt.meeting_id).distinct()
           .join(Answer, Answer.prompt_id == Prompt.id).join(Meeting, Prompt.meeting_id == Meeting.id)
           .where(Prompt.kind.in_(PURGED_KINDS + WHY_KINDS), ended < cutoff))
    purged = {}
    for meeting_id in db.session.scalars(due).all():
        forgotten = _delete_typed_answers(meeting_id) + _strip_whys(meeting_id)
        if forgotten:
            purged[meeting_id] = forgotten
            note = f"{forgotten} answers, older than {months} months"
            audit.record(None, "purge_texts", meeting_id, note, commit=False)
        db.session.commit()
    return purged


def _delete_typed_answers(meeting_id: int) -> int:
    prompts = select(Prompt.id).where(Prompt.meeting_id == meeting_id, Prompt.kind.in_(PURGED_KINDS))
    result = db.session.execute(delete(Answer).where(Answer.prompt_id.in_(prompts))
                                .execution_options(synchronize_session=False))
    return result.rowcount


def _strip_whys(meeting_id: int) -> int:
    """A cards answer with a why becomes the plain list of its cards, as if no why was
    typed: nothing left to moderate (review None). Only {...} values are read."""
    with_why = (select(Answer.id, Answer.value).join(Prompt, Answer.prompt_id == Prompt.id)
                .where(Prompt.meeting_id == meeting_id, Prompt.kind.in_(WHY_KINDS),
                       cast(Answer.value, Text).startswith("{")))
    stripped = 0
    for answer_id, value in db.session.execute(with_why).all():
        if isinstance(value, dict):
            db.session.execute(update(Answer).where(Answer.id == answer_id)
                               .values(value=value.get("cards") or [], review=None)
                               .execution_options(synchronize_session=False))
            stripped += 1
    return stripped
