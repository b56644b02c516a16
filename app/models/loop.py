""""You said → we did": what the hosts of a meeting or series agreed and what happened
since, in short dated entries by host organisation (app/followups/loop.py). Written by
facilitators, never about participants; shown to participants and on the projector only
once a facilitator approved it, like other text."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow

REVIEWS = ("pending", "approved", "rejected")


class LoopEntry(db.Model):
    __tablename__ = "loop_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Either the whole series (every meeting of it shows the entry) or one meeting.
    series_id: Mapped[int | None] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    # The host organisation that says it; the author is kept for the hosts only.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    happened_on: Mapped[date] = mapped_column(Date)
    said: Mapped[str] = mapped_column(Text)  # "you said" / what was agreed
    did: Mapped[str] = mapped_column(Text, default="")  # "we did" / what happened since
    # An approved answer to a "futures" prompt it answers (shown only while the rule shows it).
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answer.id", ondelete="SET NULL"))
    review: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped["Organisation"] = relationship()  # noqa: F821
