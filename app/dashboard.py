"""The network dashboard: the trust barometer (app/barometer.py) across meetings over
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
meeting's own K people (app/disclosure.py's `enough`); a smaller one counts nowhere. So
two views differ by whole blocks, each of at least K people, never by one officer.

The summary is also refreshed when a meeting closes (app/meetings.py) and by
`flask --app app refresh-dashboard` (app/network_cli.py; cron-able)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from flask import current_app
from sqlalchemy import Float, Integer, Text, case, cast, delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from app import barometer, disclosure, meetings
from app.extensions import db
from app.models import Answer, Meeting, Organisation, Participant, Prompt, Series, User, meeting_host
from app.models.base import utcnow
from app.models.library import BarometerPrompt, BarometerSummary, BarometerSummaryCell

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


def scored_per_meeting(meeting_ids) -> list[tuple[int, str, str, int, float]]:
    """[(meeting_id, group, dimension, people scored, sum of their 0-100 scores)].

    The inner query has one row per person: per dimension the mean of their answers to
    its items and how many they answered (conditional aggregates, GROUP BY the answer's
    participant, which the (participant_id, prompt_id) index delivers in order: no
    sort). The outer one keeps the people scored (enough items) and adds them up per
    meeting and group."""
    value = cast(cast(Answer.value, Text), Integer)
    columns = []
    for d in barometer.DIMENSIONS:
        items = [key for key in barometer.ITEM_KEYS if barometer.DIMENSION_OF[key] == d]
        mine = BarometerPrompt.item.in_(items)
        columns += [
            func.avg(case((mine, cast(value, Float)))).label(f"{d}_mean"),
            func.count(case((mine, 1))).label(f"{d}_n"),
        ]
    person = (
        select(Answer.participant_id.label("pid"), *columns)
        .join(BarometerPrompt, BarometerPrompt.prompt_id == Answer.prompt_id)
        .where(Answer.participant_id.in_(select(Participant.id).where(Participant.meeting_id.in_(meeting_ids))))
        .group_by(Answer.participant_id)
        .subquery()
    )
    scale = barometer.SCALE_MAX - barometer.SCALE_MIN
    sums = []
    for d in barometer.DIMENSIONS:
        enough = person.c[f"{d}_n"] >= barometer.needed(d)
        sums += [
            func.count(case((enough, 1))),
            func.coalesce(
                cast(
                    func.sum(case((enough, (person.c[f"{d}_mean"] - barometer.SCALE_MIN) * 100.0 / scale))),
                    Float,
                ),
                0.0,
            ),
        ]
    rows = db.session.execute(
        select(Participant.meeting_id, Participant.group, *sums)
        .join(person, person.c.pid == Participant.id)
        .where(Participant.meeting_id.in_(meeting_ids), Participant.group.in_(GROUPS))
        .group_by(Participant.meeting_id, Participant.group)
    )
    out = []
    for meeting_id, group, *numbers in rows:
        for i, d in enumerate(barometer.DIMENSIONS):
            n, total = numbers[2 * i], numbers[2 * i + 1]
            if n:
                out.append((meeting_id, group, d, n, float(total)))
    return out


def participants_per_meeting(meeting_ids) -> list[tuple[int, str, int]]:
    rows = db.session.execute(
        select(Participant.meeting_id, Participant.group, func.count())
        .where(Participant.meeting_id.in_(meeting_ids), Participant.group.in_(GROUPS))
        .group_by(Participant.meeting_id, Participant.group)
    )
    return list(rows)


# After a meeting closed, phones that were offline may still send answers (and edits)
# for SYNC_GRACE_HOURS; a little more for requests still under way.
SETTLE_MARGIN = timedelta(minutes=5)
CHUNK = 500  # meetings per statement when ids are listed


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _per_meeting_of_barometer_answers(meeting_ids, *aggregates):
    """[(meeting_id, *aggregates)] over each meeting's barometer answers."""
    return db.session.execute(
        select(Prompt.meeting_id, *aggregates)
        .select_from(Prompt)
        .join(BarometerPrompt, BarometerPrompt.prompt_id == Prompt.id)
        .join(Answer, Answer.prompt_id == Prompt.id)
        .where(Prompt.meeting_id.in_(meeting_ids))
        .group_by(Prompt.meeting_id)
    )


def fingerprints(meeting_ids) -> dict[int, tuple[int, int | None]]:
    """{meeting_id: (barometer answers, largest answer id)}: new and deleted answers
    change it (the (prompt_id) index on answer holds both: no table access)."""
    rows = _per_meeting_of_barometer_answers(meeting_ids, func.count(Answer.id), func.max(Answer.id))
    return {mid: (n, last) for mid, n, last in rows}


def arrivals(meeting_ids) -> dict[int, datetime]:
    """{meeting_id: latest arrival of a barometer answer}: an edit keeps the answer's
    id but not its received_at. Asked only for meetings that may still take answers."""
    return dict(_per_meeting_of_barometer_answers(meeting_ids, func.max(Answer.received_at)).all())


def by_meeting(people: list[tuple[int, str, int]]) -> dict[int, dict[str, int]]:
    """participants_per_meeting's rows as {meeting_id: {group: people}}."""
    out = defaultdict(dict)
    for mid, group, n in people:
        out[mid][group] = n
    return out


def _people(meeting_ids) -> dict[int, dict[str, int]]:
    return by_meeting(participants_per_meeting(meeting_ids))


def new_answers(after: int) -> set[int]:
    """The meetings with a barometer answer whose id is above `after` (found through
    the primary key: at once when there are none)."""
    return set(
        db.session.scalars(
            select(Prompt.meeting_id)
            .distinct()
            .select_from(Answer)
            .join(Prompt, Prompt.id == Answer.prompt_id)
            .join(BarometerPrompt, BarometerPrompt.prompt_id == Answer.prompt_id)
            .where(Answer.id > after)
        )
    )


def stale_meetings(meeting_ids, people: dict | None = None, thorough: bool = False) -> list[int]:
    """The meetings (of meeting_ids: a list or a select of ids) whose summary is missing
    or was computed from other data than there is now.

    Every meeting is compared on its youngsters and officers (a phone may change its
    group, follow-ups bring new phones) and its version (app/live.py's touch: deleting a
    prompt or resetting its answers bumps it), and is stale if a barometer answer came
    in after the newest one any summary has seen. A meeting that may still take answers
    and edits (open, or closed and still in the grace window when last refreshed; see
    app/sync.py's accepts_at) is also compared on its barometer answers' count, largest
    id and latest arrival (an edit keeps the id); a draft or a settled closed meeting
    takes none. thorough=True compares every meeting on count and largest id (the CLI)."""
    if people is None:
        people = _people(meeting_ids)
    kept = BarometerSummary
    stored = {
        row.meeting_id: row
        for row in db.session.execute(
            select(
                kept.meeting_id,
                kept.version,
                kept.answers,
                kept.last_answer_id,
                kept.youngsters,
                kept.officers,
                kept.last_received_at,
                kept.refreshed_at,
            ).where(kept.meeting_id.in_(meeting_ids))
        )
    }
    newest = db.session.scalar(select(func.max(kept.last_answer_id)))
    arrived = new_answers(newest or 0)
    late = timedelta(hours=current_app.config["SYNC_GRACE_HOURS"]) + SETTLE_MARGIN

    def grace_ends(closed_at):  # a closed meeting without closed_at takes no answers
        return closed_at + late if closed_at else datetime.min.replace(tzinfo=UTC)

    stale, compare, live = [], [], set()
    for mid, status, closed_at, version in db.session.execute(
        select(Meeting.id, Meeting.status, Meeting.closed_at, Meeting.version).where(
            Meeting.id.in_(meeting_ids)
        )
    ):
        summary, groups = stored.get(mid), people.get(mid, {})
        now = (version, groups.get("youngster", 0), groups.get("officer", 0))
        if (
            summary is None
            or (summary.version, summary.youngsters, summary.officers) != now
            or mid in arrived
        ):
            stale.append(mid)
            continue
        if status == "open" or (status == "closed" and grace_ends(closed_at) > summary.refreshed_at):
            live.add(mid)
        if thorough or mid in live:
            compare.append(mid)
    for chunk in _chunks(compare):
        still = [mid for mid in chunk if mid in live]
        prints, latest = fingerprints(chunk), arrivals(still) if still else {}
        for mid in chunk:
            summary = stored[mid]
            if prints.get(mid, (0, None)) != (summary.answers, summary.last_answer_id) or (
                mid in live and latest.get(mid) != summary.last_received_at
            ):
                stale.append(mid)
    return stale


def refresh(meeting_ids: list[int]) -> int:
    """Recompute and store the summary of these meetings; -> how many. What it is
    computed from is read first, so an answer arriving meanwhile leaves the meeting
    stale (recomputed next time), never wrongly fresh. If another request refreshed
    the same meeting at the same time, its rows are kept."""
    done = 0
    for chunk in _chunks(sorted(set(meeting_ids))):
        now = utcnow()
        versions = dict(
            db.session.execute(select(Meeting.id, Meeting.version).where(Meeting.id.in_(chunk))).all()
        )
        prints, latest, people = fingerprints(chunk), arrivals(chunk), _people(chunk)
        sums = scored_per_meeting(chunk)
        db.session.execute(delete(BarometerSummaryCell).where(BarometerSummaryCell.meeting_id.in_(chunk)))
        db.session.execute(delete(BarometerSummary).where(BarometerSummary.meeting_id.in_(chunk)))
        summaries = [
            {
                "meeting_id": mid,
                "version": version,
                "answers": prints.get(mid, (0, None))[0],
                "last_answer_id": prints.get(mid, (0, None))[1],
                "last_received_at": latest.get(mid),
                "youngsters": people.get(mid, {}).get("youngster", 0),
                "officers": people.get(mid, {}).get("officer", 0),
                "refreshed_at": now,
            }
            for mid, version in versions.items()
        ]
        if summaries:
            db.session.execute(insert(BarometerSummary), summaries)
        if sums:
            db.session.execute(
                insert(BarometerSummaryCell),
                [
                    {"meeting_id": mid, "group": g, "dimension": d, "people": n, "total": total}
                    for mid, g, d, n, total in sums
                ],
            )
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            continue
        done += len(versions)
    return done


def refresh_stale(meeting_ids=None) -> int:
    """Refresh the meetings (default: all) whose summary is stale, each compared on its
    answers' count and largest id too; -> how many."""
    if meeting_ids is None:
        meeting_ids = select(Meeting.id)
    return refresh(stale_meetings(meeting_ids, thorough=True))


def summed_per_meeting(meeting_ids, people: dict | None = None) -> list[tuple[int, str, str, int, float]]:
    """What scored_per_meeting gives, from the summary, after refreshing the meetings
    that changed since."""
    stale = stale_meetings(meeting_ids, people)
    if stale:
        refresh(stale)
    rows = db.session.execute(
        select(
            BarometerSummaryCell.meeting_id,
            BarometerSummaryCell.group,
            BarometerSummaryCell.dimension,
            BarometerSummaryCell.people,
            BarometerSummaryCell.total,
        ).where(BarometerSummaryCell.meeting_id.in_(meeting_ids))
    )
    return [tuple(row) for row in rows]


def cell(n: int, total: float, k: int) -> dict:
    """One number shown on the dashboard: hidden below K people (app/disclosure.py)."""
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
