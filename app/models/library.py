"""The template library and the trust barometer's prompts.

`LibraryTemplate`: a review template an organisation saved (from a meeting, or
imported from a file), kept as the same versioned JSON document that is exported
(docs/TEMPLATES.md); built-in templates are files under app/meetings/data/templates/.

`BarometerPrompt`: marks a prompt as one item of the trust barometer with a stable
key ("dimension.item", app/network/barometer.py), so meetings can be compared over time. A
table of its own rather than a prompt option: editing a prompt rewrites its options."""

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow

VISIBILITIES = ("organisation", "network")


class LibraryTemplate(db.Model):
    __tablename__ = "library_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # "organisation": its own facilitators only; "network": every organisation.
    visibility: Mapped[str] = mapped_column(String(12), default="organisation", index=True)
    # The template document (app/meetings/library.py validates it).
    document: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped["Organisation"] = relationship()  # noqa: F821


class BarometerPrompt(db.Model):
    __tablename__ = "barometer_prompt"

    prompt_id: Mapped[int] = mapped_column(ForeignKey("prompt.id", ondelete="CASCADE"), primary_key=True)
    item: Mapped[str] = mapped_column(String(40))


class BarometerSummary(db.Model):
    """Per meeting, what the dashboard's numbers were computed from (app/network/dashboard/summary.py):
    the meeting's version, its barometer answers' count, largest id and latest arrival,
    and how many youngsters and officers took part. The dashboard compares these with
    the live values and recomputes only the meetings that changed."""

    __tablename__ = "barometer_summary"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(default=0)  # the meeting's prompts_version it was made from
    answers: Mapped[int] = mapped_column(default=0)
    last_answer_id: Mapped[int | None]
    last_received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    youngsters: Mapped[int] = mapped_column(default=0)
    officers: Mapped[int] = mapped_column(default=0)
    refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BarometerSummaryCell(db.Model):
    """Per meeting, group and dimension: how many people were scored and the sum of
    their 0-100 scores. Each person belongs to one meeting, so summing these rows
    gives exact people counts and means for any set of meetings."""

    __tablename__ = "barometer_summary_cell"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("barometer_summary.meeting_id", ondelete="CASCADE"), primary_key=True
    )
    group: Mapped[str] = mapped_column(String(20), primary_key=True)
    dimension: Mapped[str] = mapped_column(String(20), primary_key=True)
    people: Mapped[int]
    total: Mapped[float] = mapped_column(Float)
