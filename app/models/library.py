"""The template library and the trust barometer's prompts.

`LibraryTemplate`: a review template an organisation saved (from a meeting, or
imported from a file), kept as the same versioned JSON document that is exported
(docs/TEMPLATES.md); built-in templates are files under app/data/templates/.

`BarometerPrompt`: marks a prompt as one item of the trust barometer with a stable
key ("dimension.item", app/barometer.py), so meetings can be compared over time. A
table of its own rather than a prompt option: editing a prompt rewrites its options."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
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
    # The template document (app/templates_library.py validates it).
    document: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped["Organisation"] = relationship()  # noqa: F821


class BarometerPrompt(db.Model):
    __tablename__ = "barometer_prompt"

    prompt_id: Mapped[int] = mapped_column(ForeignKey("prompt.id", ondelete="CASCADE"), primary_key=True)
    item: Mapped[str] = mapped_column(String(40))
