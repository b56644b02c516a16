"""Who: organisations and their facilitators; anonymous participants of a meeting."""

from datetime import datetime

from flask import current_app
from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models.base import UTCDateTime, utcnow

ORGANISATION_KINDS = ("police_zone", "youth_work", "city", "other")
ROLES = ("facilitator", "org_admin", "network_admin")
GROUPS = ("youngster", "officer", "other")


class Organisation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="other")
    # The region or zone it works in, e.g. "Dender": a filter of the network dashboard.
    region: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Its admin's choice: every user of it logs in with a code from an app too (app/auth/second_factor.py).
    require_second_factor: Mapped[bool] = mapped_column(default=False, server_default=false())

    users: Mapped[list["User"]] = relationship(back_populates="organisation")


class User(db.Model):
    """A facilitator or admin. Participants are never users."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20), default="facilitator")
    active: Mapped[bool] = mapped_column(default=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The second factor: a confirmed TOTP secret (None: not set up), and the last
    # 30-second step a code was accepted for, so one code works only once.
    totp_secret: Mapped[str | None] = mapped_column(String(32))
    totp_last_step: Mapped[int | None]

    organisation: Mapped[Organisation] = relationship(back_populates="users")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class Participant(db.Model):
    """One phone in one meeting. Only a hash of its random device token is kept:
    no name, address, user agent or fingerprint (BRIEF: anonymous by design)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    group: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(5), default="nl")
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Answers this phone last said were still in its outbox, and when it said so.
    waiting: Mapped[int] = mapped_column(default=0)
    waiting_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A phone that joined a follow-up review (app/followups/__init__.py) rather than the meeting.
    followup_id: Mapped[int | None] = mapped_column(
        ForeignKey("follow_up.id", ondelete="CASCADE"), index=True)
