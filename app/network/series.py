"""Series: meetings that belong together and are followed over time, e.g.
"Buurtwild/t x Politie Aalst, monthly". A series is hosted by one or more
organisations (models.series_host); their members see it and put meetings in it.

A series page lists the meetings of the series that the viewer's organisation hosts;
meetings of the series hosted only by others are counted, never shown (no data
crosses organisations except through co-hosting)."""

from flask import abort
from sqlalchemy import func, select

from app import meetings
from app.extensions import db
from app.models import Meeting, Organisation, Series, User, series_host
from app.network import hosting


class Refused(ValueError):
    pass


def _hosted_by(organisation_id: int):
    return Series.id.in_(select(series_host.c.series_id)
                         .where(series_host.c.organisation_id == organisation_id))


def series_of(user: User) -> list[Series]:
    return list(db.session.scalars(select(Series).where(_hosted_by(user.organisation_id))
                                   .order_by(Series.name)))


def series_for(user: User, series_id: int) -> Series:
    """A series the user's organisation hosts; 404 otherwise."""
    found = db.session.get(Series, series_id)
    if found is None or user.organisation_id not in {org.id for org in found.hosts}:
        abort(404)
    return found


def create_series(user: User, name: str, description: str = "") -> Series:
    found = Series(name=name.strip(), description=(description or "").strip(),
                   organisation_id=user.organisation_id)
    found.hosts.append(db.session.get(Organisation, user.organisation_id))
    db.session.add(found)
    db.session.commit()
    return found


def update_series(found: Series, name: str, description: str) -> None:
    found.name, found.description = name.strip(), (description or "").strip()
    db.session.commit()


def add_host(found: Series, organisation: Organisation) -> None:
    hosting.add(found, organisation)


def remove_host(found: Series, organisation: Organisation) -> None:
    try:
        hosting.remove(found, organisation)
    except hosting.OwnerStays as refused:
        raise Refused(str(refused)) from None


def set_series(meeting: Meeting, found: Series | None) -> None:
    """Put a meeting in a series (or take it out: None). The caller checked that the
    user sees both (meetings.meeting_for, series_for)."""
    meeting.series_id = found.id if found else None
    db.session.commit()


def meetings_in(user: User, found: Series) -> tuple[list[Meeting], int]:
    """(the series' meetings the user's organisation hosts, oldest first; how many
    others the series holds that it does not host)."""
    visible = list(db.session.scalars(select(Meeting).where(Meeting.series_id == found.id,
                                                            meetings.hosted_by(user.organisation_id))
                                      .order_by(func.coalesce(Meeting.opened_at, Meeting.created_at))))
    total = db.session.scalar(select(func.count()).select_from(Meeting).where(Meeting.series_id == found.id))
    return visible, total - len(visible)
