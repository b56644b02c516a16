"""The audit trail: which facilitator or admin did what, and when.

    audit.record(user, "export_csv", meeting)

Actions so far: export_csv, export_json, export_dashboard, delete_prompt,
reset_prompt, delete_meeting, moderation decisions, presenter_link,
revoke_presenter_link, add_co_host, remove_co_host, add_series_host,
remove_series_host; people: create_user, password_link, deactivate_user,
reactivate_user, change_role (detail: "user <id>"); login, login_failed (user: the
account tried, None if there is none); purge_texts (the system: user None).
Never participant data: no answers, no device tokens; no IP addresses or user
agents, no e-mail or password typed at a failed login. `detail` is
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
