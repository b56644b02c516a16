"""Meetings and their prompts: creation, codes, opening and closing, pacing,
and which meetings a facilitator may see: those their organisation hosts (the
owner, Meeting.organisation_id, and any co-host: models.meeting_host)."""

import secrets

from blinker import Namespace
from flask import abort
from sqlalchemy import func, select

from app import live
from app.extensions import db
from app.meetings.prompt_kinds import default_options
from app.meetings.rounds import GUESS_OF, ROUND_OF, unlinked
from app.models import Meeting, Organisation, Prompt, User, meeting_host
from app.models.base import utcnow

# No 0/O, 1/I/L: a code read from a projector is typed without mistakes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


# Sent after a meeting closed, with the meeting: what else must follow is wired in create_app.
closed = Namespace().signal("meeting-closed")

def new_token() -> str:
    """144 random bits, URL-safe: the meeting's secret in its QR code."""
    return secrets.token_urlsafe(18)


def new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not db.session.scalar(select(Meeting.id).where(Meeting.code == code)):
            return code


def normalise_code(typed: str) -> str:
    return "".join(typed.split()).upper().replace("-", "")


def create_meeting(user: User, title: str, language: str = "nl", pacing: str = "self") -> Meeting:
    meeting = Meeting(
        organisation_id=user.organisation_id,
        title=title,
        token=new_token(),
        code=new_code(),
        language=language,
        pacing=pacing,
    )
    meeting.hosts.append(db.session.get(Organisation, user.organisation_id))
    db.session.add(meeting)
    db.session.commit()
    return meeting


def hosted_by(organisation_id: int):
    """A WHERE clause: the meetings this organisation hosts (owns or co-hosts)."""
    return Meeting.id.in_(select(meeting_host.c.meeting_id)
                          .where(meeting_host.c.organisation_id == organisation_id))


def meetings_of(user: User) -> list[Meeting]:
    query = select(Meeting).where(hosted_by(user.organisation_id))
    return list(db.session.scalars(query.order_by(Meeting.created_at.desc())))


def is_host(organisation_id: int, meeting: Meeting) -> bool:
    return organisation_id in {org.id for org in meeting.hosts}


def meeting_for(user: User, meeting_id: int) -> Meeting:
    """The meeting if the user's organisation hosts it (owner or co-host); 404
    otherwise (not 403: other meetings are not even confirmed to exist)."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or not is_host(user.organisation_id, meeting):
        abort(404)
    return meeting


def by_token(token: str) -> Meeting | None:
    return db.session.scalar(select(Meeting).where(Meeting.token == token))


def by_code(typed: str) -> Meeting | None:
    """Any meeting with this code (draft, open or closed): codes are never reused."""
    return db.session.scalar(select(Meeting).where(Meeting.code == normalise_code(typed)))


def open_by_code(typed: str) -> Meeting | None:
    """Typed codes only lead to open meetings."""
    code = normalise_code(typed)
    return db.session.scalar(select(Meeting).where(Meeting.code == code, Meeting.status == "open"))


def set_status(meeting: Meeting, status: str) -> None:
    meeting.status = status
    if status == "open":
        meeting.opened_at = meeting.opened_at or utcnow()
        meeting.closed_at = None
    elif status == "closed":
        meeting.closed_at = utcnow()
    db.session.commit()
    if status == "closed":
        closed.send(meeting)  # e.g. the dashboard keeps its final numbers (create_app connects it)


def add_prompt(meeting: Meeting, kind: str, text: dict, options: dict | None = None,
               audience: str = "everyone") -> Prompt:
    last = db.session.scalar(select(func.max(Prompt.position)).where(Prompt.meeting_id == meeting.id))
    prompt = Prompt(
        meeting_id=meeting.id,
        position=(last or 0) + 1,
        kind=kind,
        text=text,
        options=options if options is not None else default_options(kind),
        audience=audience,
    )
    db.session.add(prompt)
    live.prompts_changed(meeting)
    db.session.commit()
    return prompt


def add_round_two(meeting: Meeting, prompt: Prompt) -> Prompt:
    """A copy of a line-up, at the end, asked again after the discussion."""
    options = {**unlinked(prompt.options), ROUND_OF: prompt.id}
    return add_prompt(meeting, prompt.kind, dict(prompt.text), options, prompt.audience)


def add_guess(meeting: Meeting, prompt: Prompt) -> Prompt:
    """A copy of a prompt, at the end, where each group guesses the other group's answer."""
    options = {**unlinked(prompt.options), GUESS_OF: prompt.id}
    return add_prompt(meeting, prompt.kind, dict(prompt.text), options, "everyone")


def move_prompt(prompt: Prompt, step: int) -> None:
    """Swap a prompt with its neighbour (step -1 up, +1 down)."""
    prompts = list(prompt.meeting.prompts)
    index = prompts.index(prompt)
    other = index + step
    if 0 <= other < len(prompts):
        prompts[index], prompts[other] = prompts[other], prompts[index]
        for position, item in enumerate(prompts, start=1):
            item.position = position
        live.prompts_changed(prompt.meeting)
        db.session.commit()


def delete_prompt(prompt: Prompt) -> None:
    meeting = prompt.meeting
    if meeting.current_prompt_id == prompt.id:
        meeting.current_prompt_id = None
    db.session.delete(prompt)
    db.session.flush()
    for position, item in enumerate(meeting.prompts, start=1):
        item.position = position
    live.prompts_changed(meeting)
    db.session.commit()


def set_current_prompt(meeting: Meeting, prompt_id: int | None) -> None:
    if prompt_id is not None and prompt_id not in {p.id for p in meeting.prompts}:
        abort(404)
    meeting.current_prompt_id = prompt_id
    db.session.commit()


def update_meeting(meeting: Meeting, title: str, language: str, pacing: str) -> None:
    meeting.title, meeting.language, meeting.pacing = title, language, pacing
    live.touch(meeting)
    db.session.commit()


def set_protection(meeting: Meeting, seats: dict[str, int], k: int, show_same: bool) -> None:
    """Who is in the room, K and the dominance rule's setting (app/results/disclosure.py)."""
    meeting.seats, meeting.min_group_size, meeting.show_same = seats or None, k, show_same
    live.touch(meeting)
    db.session.commit()


def prompt_of(meeting: Meeting, prompt_id: int) -> Prompt:
    """One of the meeting's prompts; 404 for any other id."""
    prompt = db.session.get(Prompt, prompt_id)
    if prompt is None or prompt.meeting_id != meeting.id:
        abort(404)
    return prompt


def update_prompt(prompt: Prompt, text: dict, options: dict, audience: str) -> None:
    """New wording and options; the kind stays (answers already given depend on it)."""
    prompt.text, prompt.options, prompt.audience = text, options, audience
    live.prompts_changed(prompt.meeting)
    db.session.commit()
