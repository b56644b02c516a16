"""What the facilitator sees of a meeting: who joined and how many answered.
Counts are not answers, so the anonymity threshold does not hide them; anything
that shows what a group answered must go through `visible_groups`."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Meeting, Participant
from app.models.people import GROUPS


def participants_per_group(meeting: Meeting) -> dict[str, int]:
    rows = db.session.execute(
        select(Participant.group, func.count())
        .where(Participant.meeting_id == meeting.id)
        .group_by(Participant.group)
    )
    counts = dict.fromkeys(GROUPS, 0)
    counts.update({group: n for group, n in rows})
    return counts


def answers_per_prompt(meeting: Meeting) -> dict[int, dict[str, int]]:
    """{prompt_id: {group: answers}} for every prompt of the meeting."""
    rows = db.session.execute(
        select(Answer.prompt_id, Participant.group, func.count())
        .join(Participant, Answer.participant_id == Participant.id)
        .where(Participant.meeting_id == meeting.id)
        .group_by(Answer.prompt_id, Participant.group)
    )
    counts = {p.id: dict.fromkeys(GROUPS, 0) for p in meeting.prompts}
    for prompt_id, group, n in rows:
        counts.setdefault(prompt_id, dict.fromkeys(GROUPS, 0))[group] = n
    return counts


def visible_groups(meeting: Meeting, counts: dict[str, int]) -> dict[str, bool]:
    """A group's answers may be shown only once at least K of it answered."""
    k = max(2, meeting.min_group_size)
    return {group: n >= k for group, n in counts.items()}
