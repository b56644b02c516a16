"""What: a meeting (ontmoetingsmoment) and its prompts."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow

STATUSES = ("draft", "open", "closed")
PACINGS = ("facilitator", "self")
AUDIENCES = ("everyone", "youngster", "officer")


class Meeting(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    # Unguessable token in the QR code / join URL (>= 128 random bits).
    token: Mapped[str] = mapped_column(String(43), unique=True)
    # Short code to type on the home page; only works while the meeting is open.
    code: Mapped[str] = mapped_column(String(8), unique=True)
    language: Mapped[str] = mapped_column(String(5), default="nl")
    status: Mapped[str] = mapped_column(String(10), default="draft")
    pacing: Mapped[str] = mapped_column(String(12), default="self")
    # The prompt facilitator-paced phones show now. No foreign key (it would make
    # meeting and prompt depend on each other); meetings.delete_prompt clears it.
    current_prompt_id: Mapped[int | None] = mapped_column()
    # K: a group's answers are shown once at least this many of it answered (app/results/disclosure.py).
    min_group_size: Mapped[int] = mapped_column(default=3)
    # How many of each group the facilitator says are in the room ({"officer": 2}); a group
    # with more phones than that is frozen: fake phones cannot fill a small group up to K.
    seats: Mapped[dict | None] = mapped_column(JSON)
    # Show a small group's result when everyone in it gave the same answer (which states
    # each one's answer); off by default (the dominance rule in app/results/disclosure.py).
    show_same: Mapped[bool] = mapped_column(default=False)
    # The series it belongs to, if any (app/network/series.py).
    series_id: Mapped[int | None] = mapped_column(ForeignKey("series.id", ondelete="SET NULL"), index=True)
    # The read-only presenter link's secret (>= 128 random bits); None: no link, or revoked.
    presenter_token: Mapped[str | None] = mapped_column(String(43), unique=True)
    # When that link was made: it stops working a day after the meeting closed (or after
    # it was made, if later); a new link renews it (app/live/__init__.py).
    presenter_made_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The projector hides a prompt's results until this share (percent) of the
    # participants it is addressed to answered, against anchoring; 0 shows at once.
    reveal_share: Mapped[int] = mapped_column(default=0)
    # Bumped by every facilitator action the live view shows (current prompt, reveal,
    # reset, moderation...): part of the presenter's ETag (see app/live/__init__.py).
    version: Mapped[int] = mapped_column(default=0)
    # Bumped when the prompts change (added, edited, moved, deleted) or a prompt's answers
    # are deleted: the key of the answer path's prompt rules and of the dashboard's summary.
    prompts_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    prompts: Mapped[list["Prompt"]] = relationship(
        back_populates="meeting",
        order_by="Prompt.position",
        cascade="all, delete-orphan",
        foreign_keys="Prompt.meeting_id",
    )

    # Every organisation whose facilitators see and run it, the owner included (app/meetings/__init__.py).
    hosts: Mapped[list["Organisation"]] = relationship(  # noqa: F821
        secondary="meeting_host", order_by="Organisation.name")
    series: Mapped["Series | None"] = relationship(back_populates="meetings")  # noqa: F821

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def round_prompts(self) -> list["Prompt"]:
        """The prompts asked in the meeting itself: not those of its follow-ups."""
        return [p for p in self.prompts if p.followup_id is None]


class Prompt(db.Model):
    """One active-reviewing question. `text` and the labels inside `options`
    are {language: string} maps; nl is required, en and fr fall back to nl."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[dict] = mapped_column(JSON)
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    audience: Mapped[str] = mapped_column(String(12), default="everyone")
    # The facilitator revealed the results before reveal_share was reached.
    revealed: Mapped[bool] = mapped_column(default=False)
    # Set for the prompts of a follow-up review (app/followups/__init__.py): asked days later,
    # shown in results and the report as a follow-up round, never during the meeting.
    followup_id: Mapped[int | None] = mapped_column(
        ForeignKey("follow_up.id", ondelete="CASCADE"), index=True)

    meeting: Mapped[Meeting] = relationship(back_populates="prompts", foreign_keys=[meeting_id])
