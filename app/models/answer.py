"""Answers. `Answer` holds a participant's current answer to a prompt; `Receipt`
remembers every answer UUID the server ever accepted, so a replay of any of
them (even of an answer since replaced) is a success that changes nothing."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class Answer(db.Model):
    __table_args__ = (UniqueConstraint("participant_id", "prompt_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The current edit's UUID: unique, being its receipt's key (no index of its own).
    uuid: Mapped[str] = mapped_column(String(36))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    prompt_id: Mapped[int] = mapped_column(ForeignKey("prompt.id", ondelete="CASCADE"), index=True)
    value: Mapped[object] = mapped_column(JSON)
    # When the phone recorded it (decides which edit wins, and the grace window).
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The phone's own edit counter (issue 18): the highest wins whatever the clocks say;
    # 0 for an edit without one (an older release's outbox), older than any.
    seq: Mapped[int] = mapped_column(default=0, server_default="0")
    # Moderation of open text and words (app/live/moderation.py): "pending", "approved" or
    # "rejected"; None for kinds that are not moderated. A new edit is pending again.
    review: Mapped[str | None] = mapped_column(String(10))


class Receipt(db.Model):
    # On SQLite one B-tree keyed by the UUID, not a table and an index of the UUID.
    __table_args__ = {"sqlite_with_rowid": False}

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    prompt_id: Mapped[int] = mapped_column(ForeignKey("prompt.id", ondelete="CASCADE"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
