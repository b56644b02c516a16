"""The learning network: which organisations host a meeting (co-hosting), series of
meetings followed over time, invitations to set a password, and the practice log.

All organisations in the database form the one network (no Network table): the
practice log is readable by every organisation's facilitators, nothing else crosses
organisations except the meetings an organisation co-hosts."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow

# Every organisation that hosts a meeting: its facilitators see and run it. The owner
# (Meeting.organisation_id, who created it) is always one of the hosts.
meeting_host = Table(
    "meeting_host",
    db.metadata,
    Column("meeting_id", ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)

# The organisations that run a series together, e.g. a youth-work organisation and a police zone.
series_host = Table(
    "series_host",
    db.metadata,
    Column("series_id", ForeignKey("series.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class Series(db.Model):
    """Meetings that belong together, e.g. "Buurtwild/t x Politie Aalst, monthly"."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    # The organisation that created it; always one of the hosts.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    hosts: Mapped[list["Organisation"]] = relationship(  # noqa: F821
        secondary=series_host, order_by="Organisation.name")
    meetings: Mapped[list["Meeting"]] = relationship(  # noqa: F821
        back_populates="series", order_by="Meeting.created_at")


class Invitation(db.Model):
    """A one-time link to set a password: for a new user, or a reset by an admin.
    Only the SHA-256 of its random token is kept; it expires, and is used once."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PracticeEntry(db.Model):
    """What a facilitator learned from a meeting, and the "futures" commitments.
    Holds no participant data: it is readable across the whole network."""

    __tablename__ = "practice_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # The meeting it is about; the entry outlives a deleted meeting.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"),
                                                   index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(160))
    learned: Mapped[str] = mapped_column(Text, default="")
    futures: Mapped[str] = mapped_column(Text, default="")
    # Normalised tags, lower case, stored as ",tag one,tag two," so that one LIKE
    # '%,tag,%' finds an exact tag on SQLite and PostgreSQL alike (app/network/practice.py).
    tags: Mapped[str] = mapped_column(String(400), default=",")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped["Organisation"] = relationship()  # noqa: F821
    meeting: Mapped["Meeting | None"] = relationship()  # noqa: F821
    author: Mapped["User | None"] = relationship()  # noqa: F821

    @property
    def tag_list(self) -> list[str]:
        return [tag for tag in self.tags.split(",") if tag]
