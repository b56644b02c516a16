"""The network dashboard: the trust barometer (app/network/barometer.py) across meetings over
time, per group and the gap between them, per organisation, region and series, and
how many took part.

The heavy part is scoring people: each person's score per dimension (the mean of
their answers to its items, when at least half were answered) in an inner GROUP BY,
then per meeting, group and dimension the number of people scored and the sum of
their scores (scored_per_meeting). That result is kept per meeting in
barometer_summary_cell, with what it was computed from in barometer_summary (the
meeting's barometer answers' count, largest id and latest arrival, its youngsters and
officers). The dashboard compares those with the live values in a few grouped queries
(stale_meetings), recomputes only the meetings that changed (refresh), and then only
adds meeting rows up into periods, organisations, regions and series (a few thousand
rows at most). Each person belongs to one meeting, so a cell's score is the exact mean
over its people. Every cell with fewer than K scored people is hidden.

Differencing: every view of the dashboard (any filter, period, breakdown, its CSV and
SVG) adds up whole meetings. A meeting's group counts only as a block of at least that
meeting's own K people (app/results/disclosure.py's `enough`); a smaller one counts nowhere. So
two views differ by whole blocks, each of at least K people, never by one officer.

Parts: filters.py (which meetings a view counts), scores.py (scoring people),
summary.py (the kept per-meeting summary), charts.py (the SVG geometry); this module
adds meeting rows up into what the dashboard shows."""


from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC

from sqlalchemy import select

from app.extensions import db
from app.models import Meeting, Organisation, Series, User, meeting_host
from app.network import barometer
from app.network.dashboard.filters import (
    GROUPS,
    PERIODS,
    Filters,
    meeting_date,
    meetings_query,
    period_of,
    periods_between,
    threshold,
)
from app.network.dashboard.scores import participants_per_meeting, scored_per_meeting
from app.network.dashboard.summary import (
    by_meeting,
    refresh,
    refresh_stale,
    stale_meetings,
    summed_per_meeting,
)
from app.results import disclosure

# The dashboard's public face: what views, the CLI and tests use from its parts.
__all__ = ["GROUPS", "PERIODS", "Dashboard", "Filters", "build", "csv_rows", "latest_with_both", "period_of",
           "refresh", "refresh_stale", "scored_per_meeting", "stale_meetings", "summed_per_meeting"]


def cell(n: int, total: float, k: int) -> dict:
    """One number shown on the dashboard: hidden below K people (app/results/disclosure.py)."""
    if not disclosure.enough(n, k):
        return {"n": n, "score": None, "hidden": n > 0}
    return {"n": n, "score": total / n, "hidden": False}


def gap(cells: dict) -> float | None:
    """Youngsters' score minus officers' (negative: officers score higher)."""
    young, officer = cells.get("youngster"), cells.get("officer")
    if young and officer and young["score"] is not None and officer["score"] is not None:
        return young["score"] - officer["score"]
    return None


@dataclass
class Dashboard:
    filters: Filters
    k: int
    periods: list[str]
    meetings: int = 0
    # trend[dimension][period][group] -> cell; trend gaps alike without the group
    trend: dict = field(default_factory=dict)
    participants: dict = field(default_factory=dict)  # [period][group] -> count cell
    breakdowns: dict = field(
        default_factory=dict
    )  # {"organisation"|"region"|"series": [(name, {dim: {group: cell}})]}


def _sum(into: dict, key, n: int, total: float) -> None:
    have = into.get(key, (0, 0.0))
    into[key] = (have[0] + n, have[1] + total)


def build(user: User | None, filters: Filters) -> Dashboard:
    """Everything the dashboard shows, for what the user may see."""
    k = threshold()
    ids = meetings_query(user, filters)
    info, own_k = {}, {}
    for mid, moment, series_id, min_group_size in db.session.execute(
        select(Meeting.id, meeting_date(), Meeting.series_id, Meeting.min_group_size)
        .where(Meeting.id.in_(ids))
    ):
        info[mid] = (moment, series_id)
        own_k[mid] = disclosure.k_of(min_group_size)
    hosts = defaultdict(list)
    for mid, org_id in db.session.execute(
        select(meeting_host.c.meeting_id, meeting_host.c.organisation_id).where(
            meeting_host.c.meeting_id.in_(ids)
        )
    ):
        hosts[mid].append(org_id)
    orgs = {o.id: o for o in db.session.scalars(select(Organisation))}
    series = {s.id: s.name for s in db.session.scalars(select(Series))}

    def when(mid):
        moment = info[mid][0]
        return period_of(moment.astimezone(UTC) if moment.tzinfo else moment, filters.period)

    trend, by = {}, {"organisation": {}, "region": {}, "series": {}}
    people = participants_per_meeting(ids)
    counted = [(mid, group, n) for mid, group, n in people if disclosure.enough(n, own_k[mid])]
    # Where each meeting counts, worked out once per meeting rather than per row.
    counted_in = {}
    for mid, (_when, series_id) in info.items():
        mine = hosts.get(mid, [])
        counted_in[mid] = (
            when(mid),
            [("organisation", orgs[o].name) for o in mine]
            + [("region", region) for region in {orgs[o].region for o in mine if orgs[o].region}]
            + ([("series", series.get(series_id, "?"))] if series_id else []),
        )
    for mid, group, dim, n, total in summed_per_meeting(ids, by_meeting(people)):
        if group not in filters.groups or mid not in counted_in or not disclosure.enough(n, own_k[mid]):
            continue
        period, places = counted_in[mid]
        _sum(trend, (dim, period, group), n, total)
        for section, name in places:
            _sum(by[section], (name, dim, group), n, total)
    counts = {}
    for mid, group, n in counted:
        if group in filters.groups:
            _sum(counts, (when(mid), group), n, 0.0)

    board = Dashboard(
        filters, k, periods_between(filters.start, filters.end, filters.period), meetings=len(info)
    )
    board.trend = {
        d: {p: {g: cell(*trend.get((d, p, g), (0, 0.0)), k) for g in filters.groups} for p in board.periods}
        for d in barometer.DIMENSIONS
    }
    board.participants = {
        p: {g: _count(counts.get((p, g), (0, 0.0))[0], k) for g in filters.groups} for p in board.periods
    }
    for name, sums in by.items():
        names = sorted({key[0] for key in sums})
        board.breakdowns[name] = [
            (
                label,
                {
                    d: {g: cell(*sums.get((label, d, g), (0, 0.0)), k) for g in filters.groups}
                    for d in barometer.DIMENSIONS
                },
            )
            for label in names
        ]
    return board


def _count(n: int, k: int) -> dict:
    return {"n": n, "hidden": n > 0 and not disclosure.enough(n, k)}


def latest_with_both(board: Dashboard, dimension: str) -> tuple[str, dict] | None:
    """The last period where both groups have a shown score (for the gap sentence)."""
    for period in reversed(board.periods):
        cells = board.trend[dimension][period]
        if gap(cells) is not None:
            return period, cells
    return None


def csv_rows(board: Dashboard) -> list[list]:
    """The dashboard as rows: what, which, group, dimension, people, score (empty when hidden)."""
    rows = [["section", "name", "group", "dimension", "people", "score_0_100", "note"]]
    note = f"fewer than {board.k}"

    def row(section, name, group, dim, c):
        shown = not c["hidden"] and c.get("score") is not None
        rows.append(
            [
                section,
                name,
                group,
                dim,
                "" if c["hidden"] else c["n"],
                f"{c['score']:.1f}" if shown else "",
                note if c["hidden"] else "",
            ]
        )

    for dim in barometer.DIMENSIONS:
        for period in board.periods:
            for group, c in board.trend[dim][period].items():
                row(f"trend_{board.filters.period}", period, group, dim, c)
    for section, items in board.breakdowns.items():
        for name, dims in items:
            for dim, groups in dims.items():
                for group, c in groups.items():
                    row(section, name, group, dim, c)
    for period in board.periods:
        for group, c in board.participants[period].items():
            rows.append(
                [
                    "participants",
                    period,
                    group,
                    "",
                    "" if c["hidden"] else c["n"],
                    "",
                    note if c["hidden"] else "",
                ]
            )
    return rows

