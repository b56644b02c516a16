"""The kept summary of each meeting's scores (barometer_summary, _cell): which meetings
changed since (stale_meetings), recomputing them (refresh), and the summed rows the
dashboard adds up (summed_per_meeting). Refreshed when a meeting closes (create_app
connects `meetings.closed`) and by `flask --app app refresh-dashboard`."""


from collections import defaultdict
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Answer, Meeting, Prompt
from app.models.base import utcnow
from app.models.library import BarometerPrompt, BarometerSummary, BarometerSummaryCell
from app.network.dashboard.scores import participants_per_meeting, scored_per_meeting

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
    group, follow-ups bring new phones) and its prompts_version (app/live/__init__.py's prompts_changed:
    deleting a prompt or resetting its answers bumps it), and is stale if a barometer answer came
    in after the newest one any summary has seen. A meeting that may still take answers
    and edits (open, or closed and still in the grace window when last refreshed; see
    app/phone/checks.py's accepts_at) is also compared on its barometer answers' count, largest
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
        select(Meeting.id, Meeting.status, Meeting.closed_at, Meeting.prompts_version).where(
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
            db.session.execute(select(Meeting.id, Meeting.prompts_version).where(Meeting.id.in_(chunk))).all()
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



def on_close(meeting) -> None:
    """A meeting closed: keep its final numbers, ready for the dashboard."""
    refresh([meeting.id])
