"""Follow-up reviews and web push (issue 6). A follow-up asks a meeting's
participants a few more prompts some days later; its prompts are ordinary
`Prompt` rows of the meeting with `followup_id` set, so results, the report and
the exports show them as a follow-up round. A push subscription belongs to a
meeting and a group only: never to a participant, a device token or answers."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow

DELIVERY_STATES = ("due", "sending", "sent", "failed")


class FollowUp(db.Model):
    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    # Its own unguessable link (/j/<token>), like a meeting's: the notification opens it.
    token: Mapped[str] = mapped_column(String(43), unique=True)
    days_after: Mapped[int] = mapped_column(default=14)
    # When it opens (and the notifications go), and when it stops taking answers.
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The meeting prompt whose approved answers are shown as "what we agreed"
    # (the futures); None: none shown. No foreign key, like Meeting.current_prompt_id.
    futures_prompt_id: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting = relationship("Meeting")
    prompts = relationship("Prompt", order_by="Prompt.position", viewonly=True,
                           primaryjoin="FollowUp.id == foreign(Prompt.followup_id)")

    # A follow-up stands in for a meeting on the participant page and in the API
    # (app/phone/api/meetings.py, app/phone/store.py): the same names, its own rules.
    pacing = "self"
    current_prompt_id = None

    @property
    def round_prompts(self) -> list:
        return self.prompts

    @property
    def title(self) -> str:
        return self.meeting.title

    @property
    def language(self) -> str:
        return self.meeting.language

    @property
    def status(self) -> str:
        now = utcnow()
        return "draft" if now < self.due_at else "open" if now < self.closes_at else "closed"

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def closed_at(self) -> datetime | None:
        return self.closes_at if self.status == "closed" else None


class PushSubscription(db.Model):
    """A browser's push endpoint and keys, for one meeting and one group. The
    endpoint is an identifier of a browser: it is never logged."""

    __tablename__ = "push_subscription"
    __table_args__ = (UniqueConstraint("meeting_id", "endpoint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    group: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(5), default="nl")
    endpoint: Mapped[str] = mapped_column(Text)
    p256dh: Mapped[str] = mapped_column(String(100))
    auth: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PushDelivery(db.Model):
    """One notification to one subscription. `send-due` claims a due row with a
    conditional UPDATE before sending, so two runs at once never send it twice."""

    __tablename__ = "push_delivery"
    __table_args__ = (UniqueConstraint("subscription_id", "followup_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("push_subscription.id", ondelete="CASCADE"), index=True)
    followup_id: Mapped[int] = mapped_column(ForeignKey("follow_up.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(10), default="due", index=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
