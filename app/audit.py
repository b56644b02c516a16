"""The audit trail: which facilitator did what to a meeting's data, and when.

    audit.record(user, "export_csv", meeting)

Actions so far: export_csv, export_json, delete_prompt, reset_prompt,
delete_meeting, moderation decisions, purge_texts (the system: user None).
Never participant data: no answers, no device tokens, no addresses. `detail` is
a short note such as a prompt id or a count. Listed by `flask --app app audit-log`."""

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Meeting, User
from app.models.base import utcnow


def record(user: User | None, action: str, meeting: Meeting | int | None = None,
           detail: str | None = None, commit: bool = True) -> AuditEvent:
    """Add one event (and commit, unless the caller commits with its own change)."""
    meeting_id = meeting.id if isinstance(meeting, Meeting) else meeting
    event = AuditEvent(at=utcnow(), user_id=user.id if user else None, action=action[:40],
                       meeting_id=meeting_id, detail=detail[:200] if detail else None)
    db.session.add(event)
    if commit:
        db.session.commit()
    return event


def recent(limit: int = 100, meeting_id: int | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    if meeting_id is not None:
        query = query.where(AuditEvent.meeting_id == meeting_id)
    return list(db.session.scalars(query))
