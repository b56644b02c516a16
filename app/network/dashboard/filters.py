"""What a dashboard view counts: the period range and breakdown, the organisation, region
or series chosen, and which meetings that gives (those the user may see)."""


from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import current_app
from flask_babel import format_date
from sqlalchemy import func, select

from app import meetings
from app.models import Meeting, Organisation, User, meeting_host

GROUPS = ("youngster", "officer")
PERIODS = ("month", "quarter")


def threshold() -> int:
    """K for the dashboard: the app's default anonymity threshold, never below 2."""
    return max(2, current_app.config.get("DEFAULT_MIN_GROUP_SIZE", 3))


def month(value: date) -> date:
    return date(value.year, value.month, 1)


def period_of(moment: date, period: str) -> str:
    if period == "quarter":
        return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"
    return f"{moment.year}-{moment.month:02d}"


def period_name(key: str, short: bool = False) -> str:
    """A period key ("2026-12", "2026-Q4") as people read it, in the page's language:
    "december 2026" / "dec 2026", "K4 2026" (nl), "T4 2026" (fr)."""
    year, _, rest = key.partition("-")
    if rest.startswith("Q"):
        return format_date(date(int(year), int(rest[1:]) * 3 - 2, 1), "QQQ y")
    return format_date(date(int(year), int(rest), 1), "LLL y" if short else "LLLL y")


def periods_between(start: date, end: date, period: str) -> list[str]:
    """Every period from start to end (inclusive), also those without meetings."""
    out, current = [], month(start)
    while current <= end:
        key = period_of(current, period)
        if key not in out:
            out.append(key)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


@dataclass
class Filters:
    start: date
    end: date  # the last day counted is the end of this month
    period: str = "month"
    organisation_id: int | None = None
    region: str | None = None
    series_id: int | None = None
    group: str | None = None  # None: both groups

    @property
    def groups(self) -> tuple[str, ...]:
        return (self.group,) if self.group in GROUPS else GROUPS

    @property
    def until(self) -> datetime:
        following = date(self.end.year + self.end.month // 12, self.end.month % 12 + 1, 1)
        return datetime(following.year, following.month, 1, tzinfo=UTC)


def meeting_date():
    return func.coalesce(Meeting.opened_at, Meeting.created_at)


def meetings_query(user: User | None, filters: Filters):
    """The meetings counted: those the user may see (a network admin: all), in the
    period range, of the organisation / region / series chosen."""
    query = select(Meeting.id).where(
        meeting_date() >= datetime(filters.start.year, filters.start.month, 1, tzinfo=UTC),
        meeting_date() < filters.until,
    )
    if user is not None and user.role != "network_admin":
        query = query.where(meetings.hosted_by(user.organisation_id))
    if filters.organisation_id:
        query = query.where(
            Meeting.id.in_(
                select(meeting_host.c.meeting_id).where(
                    meeting_host.c.organisation_id == filters.organisation_id
                )
            )
        )
    if filters.region:
        query = query.where(
            Meeting.id.in_(
                select(meeting_host.c.meeting_id)
                .join(Organisation, Organisation.id == meeting_host.c.organisation_id)
                .where(Organisation.region == filters.region)
            )
        )
    if filters.series_id:
        query = query.where(Meeting.series_id == filters.series_id)
    return query

