"""The live view's state, kept in the database so that any server process can answer
a presenter: the version a presenter's ETag is made of (see `etag`), and `touch`,
which every facilitator action the projector shows must call before committing;
`prompts_changed` also moves the prompts' own version (the key of the answer path's
prompt rules and of the dashboard's summary), so moderation or pacing leave those be.

Answers do not touch the meeting row (a hot row would serialise hundreds of phones
answering at once); the ETag reads their count and latest arrival instead."""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import abort
from sqlalchemy import case, delete, func, select

from app.extensions import db
from app.models import Answer, Meeting, Participant, Prompt
from app.models.base import utcnow


def touch(meeting: Meeting) -> None:
    """Mark a change the projector must show (the caller commits)."""
    meeting.version = (meeting.version or 0) + 1


def prompts_changed(meeting: Meeting) -> None:
    """The prompts changed, or a prompt's answers were deleted: besides the projector,
    the answer path's prompt rules and the dashboard's summary must see it."""
    meeting.prompts_version = (meeting.prompts_version or 0) + 1
    touch(meeting)


def fingerprint(meeting: Meeting) -> tuple:
    """What changes whenever the live view could: the meeting's version, who joined
    (and in which group: a phone may change it, and what it still holds), and the
    answers' count and latest arrival."""
    joined = db.session.execute(
        select(func.count(), func.max(Participant.id), func.coalesce(func.sum(Participant.waiting), 0),
               func.max(Participant.waiting_at),
               *(func.coalesce(func.sum(case((Participant.group == g, 1), else_=0)), 0)
                 for g in ("youngster", "officer")))
        .where(Participant.meeting_id == meeting.id)
    ).one()
    answered = db.session.execute(
        select(func.count(), func.max(Answer.received_at))
        .join(Participant, Answer.participant_id == Participant.id)
        .where(Participant.meeting_id == meeting.id)
    ).one()
    return (meeting.id, meeting.version, meeting.status, meeting.current_prompt_id, *joined, *answered)


def etag(meeting: Meeting, *extra) -> str:
    """A strong ETag for a live response; `extra` adds what the response also depends
    on (the language, the prompt shown...)."""
    raw = repr((fingerprint(meeting), extra)).encode()
    return hashlib.sha256(raw).hexdigest()[:32]


# --- what the projector shows --------------------------------------------------------------

WAITING_FOR = timedelta(hours=3)  # a phone's report of queued answers counts this long
REVEAL_SHARES = (0, 50, 75, 100)


def waiting_total(meeting: Meeting, now: datetime | None = None) -> int:
    """Answers phones reported still in their outbox within the last few hours: the
    projector says "N answers still waiting to sync". Older reports are stale (the phone
    left, or its battery died) and would keep the notice up for ever. One phone counts
    for at most one answer per prompt: a few phones cannot inflate the notice (and the
    room read it as many people still answering)."""
    since = (now or utcnow()) - WAITING_FOR
    most = max(1, len(meeting.prompts))
    capped = case((Participant.waiting > most, most), else_=Participant.waiting)
    total = db.session.scalar(
        select(func.coalesce(func.sum(capped), 0))
        .where(Participant.meeting_id == meeting.id, Participant.waiting > 0, Participant.waiting_at >= since)
    )
    return int(total or 0)


def prompt_ids(meeting: Meeting) -> list[int]:
    return [p.id for p in meeting.prompts]


def shown_prompt(meeting: Meeting, asked: str | int | None) -> Prompt | None:
    """The prompt a presenter shows: with facilitator pacing the one the phones show now;
    at their own pace the one the presenter browsed to (?prompt=<id>), or none (the big QR)."""
    wanted = meeting.current_prompt_id if meeting.pacing == "facilitator" else asked
    if isinstance(wanted, str):
        wanted = int(wanted) if wanted.isdigit() else None
    return next((p for p in meeting.prompts if p.id == wanted), None)


def show_prompt(meeting: Meeting, prompt_id: int | None) -> None:
    """The facilitator moves every phone (and projector) to a prompt, or to none."""
    if prompt_id is not None and prompt_id not in prompt_ids(meeting):
        abort(404)
    meeting.current_prompt_id = prompt_id
    touch(meeting)
    db.session.commit()


def reveal_state(meeting: Meeting, prompt: Prompt, answered: int, room: int) -> dict:
    """Whether the results of `prompt` may be projected yet: against anchoring, they stay
    hidden until `reveal_share` percent of the participants it is addressed to answered,
    unless the facilitator revealed them. `needed` is how many answers that takes."""
    share = meeting.reveal_share or 0
    needed = -(-share * room // 100)  # ceil
    hidden = bool(share) and not prompt.revealed and answered < needed
    return {"hidden": hidden, "share": share, "answered": answered, "room": room, "needed": needed}


def set_reveal_share(meeting: Meeting, share: int) -> None:
    meeting.reveal_share = max(0, min(100, int(share)))
    touch(meeting)
    db.session.commit()


def reveal(prompt: Prompt, revealed: bool = True) -> None:
    """Show a prompt's results now, whatever share answered (or hide them again)."""
    prompt.revealed = revealed
    touch(prompt.meeting)
    db.session.commit()


def reset(prompt: Prompt) -> int:
    """Delete a prompt's answers (and its reveal) -> how many. The Receipts stay: a phone
    that replays an old answer's UUID gets "duplicate" and nothing is stored again."""
    deleted = db.session.execute(
        delete(Answer).where(Answer.prompt_id == prompt.id).execution_options(synchronize_session=False)
    ).rowcount
    prompt.revealed = False
    prompts_changed(prompt.meeting)
    db.session.commit()
    return deleted


# --- the read-only presenter link ------------------------------------------------------------

def new_presenter_token() -> str:
    """192 random bits, URL-safe (32 characters)."""
    return secrets.token_urlsafe(24)


# A presenter link works until this long after its meeting closed (or after it was made,
# if it was made later); making a new link renews it.
PRESENTER_LINK_LASTS = timedelta(hours=24)


def create_presenter_link(meeting: Meeting) -> str:
    """A new read-only presenter link; an earlier one stops working at once."""
    meeting.presenter_token = new_presenter_token()
    meeting.presenter_made_at = utcnow()
    db.session.commit()
    return meeting.presenter_token


def revoke_presenter_link(meeting: Meeting) -> None:
    meeting.presenter_token = None
    db.session.commit()


def presenter_link_ends(meeting: Meeting) -> datetime | None:
    """When the link stops working: None while the meeting is not closed."""
    if meeting.status != "closed" or meeting.closed_at is None:
        return None
    return max(meeting.closed_at, meeting.presenter_made_at or meeting.closed_at) + PRESENTER_LINK_LASTS


def by_presenter_token(token: str, now: datetime | None = None) -> Meeting | None:
    if not token or len(token) > 43:
        return None
    meeting = db.session.scalar(select(Meeting).where(Meeting.presenter_token == token))
    ends = presenter_link_ends(meeting) if meeting else None
    return None if ends is not None and (now or utcnow()) >= ends else meeting
