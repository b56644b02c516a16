"""Follow-up reviews: a few prompts asked N days after a meeting, reached through
its own link (/j/<token>) and, for phones that opted in, a push notification
(app/followups/push.py). Its prompts are the meeting's prompts with `followup_id` set, so
results, the report and the exports show them as a follow-up round. Phones join
a follow-up anonymously like any meeting; their group comes from the
notification's link (the subscription's group) and can be changed."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from app import live, meetings
from app.extensions import db
from app.meetings import new_token
from app.meetings.prompt_kinds import default_options
from app.models import Answer, FollowUp, Meeting, Participant, Prompt, PushDelivery, PushSubscription
from app.models.base import utcnow
from app.results.disclosure import Rule

FUTURES_KINDS = ("text", "words")
MAX_FUTURES = 20


def by_token(token: str) -> FollowUp | None:
    return db.session.scalar(select(FollowUp).where(FollowUp.token == token))


def meeting_or_followup(token: str) -> Meeting | FollowUp | None:
    """What a participant's link (/j/<token>) opens: a meeting, or one of its follow-ups."""
    return meetings.by_token(token) or by_token(token)


def of_meeting(meeting: Meeting) -> list[FollowUp]:
    return list(db.session.scalars(
        select(FollowUp).where(FollowUp.meeting_id == meeting.id).order_by(FollowUp.due_at)))


def schedule(meeting: Meeting, days: int, questions: list[tuple[str, dict]],
             futures_prompt_id: int | None = None) -> FollowUp:
    """A follow-up `days` after the meeting (closed, else opened, else now) with
    prompts [(kind, {language: text})]; every subscription of the meeting gets a delivery."""
    base = meeting.closed_at or meeting.opened_at or utcnow()
    due = base + timedelta(days=days)
    followup = FollowUp(meeting_id=meeting.id, token=new_token(), days_after=days, due_at=due,
                        closes_at=due + timedelta(days=current_app.config["FOLLOWUP_OPEN_DAYS"]),
                        futures_prompt_id=futures_prompt_id)
    db.session.add(followup)
    db.session.flush()
    last = db.session.scalar(select(func.max(Prompt.position)).where(Prompt.meeting_id == meeting.id)) or 0
    for n, (kind, text) in enumerate(questions, start=1):
        db.session.add(Prompt(meeting_id=meeting.id, followup_id=followup.id, position=last + n, kind=kind,
                              text=text, options=default_options(kind)))
    for subscription in db.session.scalars(
            select(PushSubscription).where(PushSubscription.meeting_id == meeting.id)):
        db.session.add(PushDelivery(subscription_id=subscription.id, followup_id=followup.id, due_at=due))
    live.prompts_changed(meeting)
    db.session.commit()
    return followup


def cancel(followup: FollowUp) -> None:
    """Delete a follow-up, its prompts (with their answers) and its pending notifications."""
    meeting = followup.meeting
    for prompt in list(followup.prompts):
        db.session.delete(prompt)
    db.session.execute(PushDelivery.__table__.delete().where(PushDelivery.followup_id == followup.id))
    db.session.delete(followup)
    if meeting.current_prompt_id not in {p.id for p in meeting.round_prompts}:
        meeting.current_prompt_id = None
    live.prompts_changed(meeting)
    db.session.commit()


def futures(followup: FollowUp) -> list[str]:
    """The meeting's approved answers to the prompt marked as its futures (what
    we will do differently), shown again on the follow-up: anonymous by then,
    approved by a facilitator, as on the projector."""
    prompt = db.session.get(Prompt, followup.futures_prompt_id) if followup.futures_prompt_id else None
    if prompt is None or prompt.meeting_id != followup.meeting_id:
        return []
    texts = [text for _answer_id, text in approved_texts(prompt)]
    return sorted(texts, key=str.casefold)[:MAX_FUTURES]  # not in the order given


def approved_texts(prompt: Prompt) -> list[tuple[int, str]]:
    """[(answer id, text)] of a futures-kind prompt's approved answers, of the groups the
    disclosure rule shows (the same rule as the projector: a group it hides, fewer than
    K..., shows nothing here). Used by the follow-up and by "you said → we did"."""
    if prompt.kind not in FUTURES_KINDS:
        return []
    per_group: dict[str, list] = {}
    for group, answer_id, value, review in db.session.execute(
        select(Participant.group, Answer.id, Answer.value, Answer.review)
        .join(Participant, Answer.participant_id == Participant.id).where(Answer.prompt_id == prompt.id)
    ):
        per_group.setdefault(group, []).append((answer_id, value, review))
    rule = Rule.of(prompt.meeting)
    out = []
    for group, rows in per_group.items():
        if rule.why_hidden(group, len(rows), [value for _i, value, _r in rows], prompt.kind):
            continue
        for answer_id, value, review in rows:
            words = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]
            if review == "approved" and (text := " · ".join(words)):
                out.append((answer_id, text))
    return out


def futures_candidates(meeting: Meeting) -> list[Prompt]:
    return [p for p in meeting.round_prompts if p.kind in FUTURES_KINDS]


def page_data(found, group: str | None) -> dict:
    """What the participant page adds for follow-ups: on a follow-up, the group
    its notification was for (the phone joins as that group at once) and the
    futures; on a meeting with a follow-up to come, the push opt-in's key."""
    from app.followups import push
    from app.models.people import GROUPS

    if isinstance(found, FollowUp):
        return {"followup": True, "group": group if group in GROUPS else None, "futures": futures(found)}
    coming = [f for f in of_meeting(found) if f.closes_at > utcnow()]
    if not coming or not push.enabled():
        return {}
    return {"push": {"key": push.public_key(), "days": coming[0].days_after}}
