"""Who joined and how many answered, and the anonymity threshold K.
Counts are not answers, so the threshold does not hide them; anything that shows
what a group answered must go through `threshold` (or `visible_groups`)."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Meeting, Participant
from app.models.people import GROUPS


def participants_per_group(meeting: Meeting) -> dict[str, int]:
    rows = db.session.execute(
        select(Participant.group, func.count())
        # Phones that joined a follow-up review later are not counted twice as taking part.
        .where(Participant.meeting_id == meeting.id, Participant.followup_id.is_(None))
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


def threshold(meeting: Meeting) -> int:
    """K: a group's answers to a prompt are shown once at least K of it answered.
    Never below 2, whatever the setting: one answer is one person's answer."""
    return max(2, meeting.min_group_size)


def visible_groups(meeting: Meeting, counts: dict[str, int]) -> dict[str, bool]:
    """A group's answers may be shown only once at least K of it answered."""
    k = threshold(meeting)
    return {group: n >= k for group, n in counts.items()}
