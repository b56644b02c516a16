"""How long open text is kept. Open-text and words answers are the answers most
likely to say something about a person, so they go ALLO_TEXT_RETENTION_MONTHS
after their meeting closed (or was created, if it never closed). Numbers and
choices stay for the project's trends. The Receipt rows stay too: a phone that
replays an old answer is still told "duplicate" and nothing is counted again.
Run by `flask --app app purge-texts` (from cron; running it twice is harmless)."""

import calendar
from datetime import datetime

from sqlalchemy import delete, func, select

from app import audit
from app.extensions import db
from app.models import Answer, Meeting, Prompt
from app.models.base import utcnow

PURGED_KINDS = ("text", "words")


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (31 March - 1 = 28/29 Feb)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def purge_texts(months: int, now: datetime | None = None) -> dict[int, int]:
    """Delete the text and words answers of meetings that ended more than `months`
    ago: -> {meeting id: answers deleted}. Each purged meeting is audited."""
    if months <= 0:
        return {}
    cutoff = months_before(now or utcnow(), months)
    ended = func.coalesce(Meeting.closed_at, Meeting.created_at)
    due = (select(Prompt.meeting_id, func.count(Answer.id))
           .join(Prompt, Answer.prompt_id == Prompt.id).join(Meeting, Prompt.meeting_id == Meeting.id)
           .where(Prompt.kind.in_(PURGED_KINDS), ended < cutoff).group_by(Prompt.meeting_id))
    purged = {}
    for meeting_id, _count in db.session.execute(due).all():
        prompts = select(Prompt.id).where(Prompt.meeting_id == meeting_id, Prompt.kind.in_(PURGED_KINDS))
        result = db.session.execute(delete(Answer).where(Answer.prompt_id.in_(prompts))
                                    .execution_options(synchronize_session=False))
        purged[meeting_id] = result.rowcount
        note = f"{result.rowcount} answers, older than {months} months"
        audit.record(None, "purge_texts", meeting_id, note, commit=False)
        db.session.commit()
    return purged
