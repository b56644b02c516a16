"""Scoring people on the barometer: per meeting, group and dimension, the number of
people scored and the sum of their scores, computed from the answers."""



from sqlalchemy import Float, Integer, Text, case, cast, func, select

from app.extensions import db
from app.models import Answer, Participant
from app.models.library import BarometerPrompt
from app.network import barometer
from app.network.dashboard.filters import GROUPS


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
        items = [key for key in barometer.ALL_KEYS if barometer.DIMENSION_OF[key] == d]
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
    sums = []
    for d in barometer.DIMENSIONS:
        low, high = barometer.SCALES[d]
        enough = person.c[f"{d}_n"] >= barometer.needed(d)
        sums += [
            func.count(case((enough, 1))),
            func.coalesce(
                cast(
                    func.sum(case((enough, (person.c[f"{d}_mean"] - low) * 100.0 / (high - low)))),
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


