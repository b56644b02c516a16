"""Moderation: open text and words reach the projector only once a facilitator approved them.

A stored answer of a moderated kind starts "pending"; a newer edit of it is pending
again (app/phone/store.py sets `initial_review`). The facilitator approves or rejects each
answer from the queue, or approves many at once; a decision can be undone (back to
pending) or flipped. Rejected answers stay out of the projector, the report and the
exports, and are counted. Other kinds are never moderated: their review is None.

A decision names the answer by its id and by the UUID of the edit the moderator saw:
if the phone sent a newer edit meanwhile, the UUIDs differ and the decision is
refused (`Changed`), so a new text is never approved unseen. Every decision bumps the
meeting's version (`live.touch`), so the projector's ETag changes."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from app import live
from app.extensions import db
from app.models import Answer, Meeting, Participant, Prompt
from app.phone import wordfilter
from app.results import disclosure

MODERATED = ("text", "words")
# Kinds whose answers may carry a moderated "why" beside values shown at once.
WHY_MODERATED = ("cards",)
DECISIONS = ("approved", "rejected", "pending")  # "pending": undo
DECIDED_SHOWN = 50


class Changed(Exception):
    """The answer was edited (or removed) since the moderator saw it."""

    message = _l("This answer was changed; look again.")


def initial_review(kind: str, value=None) -> str | None:
    """The review of a newly stored answer or edit of this kind. A feelings-cards answer
    with a "why" is moderated too: its cards count at once, its why is projected only
    once approved (`whys`)."""
    if kind in MODERATED or (kind in WHY_MODERATED and isinstance(value, dict) and value.get("why")):
        return "pending"
    return None


def asks_why(prompt: Prompt) -> bool:
    return prompt.kind in WHY_MODERATED and bool((prompt.options or {}).get("ask_why"))


def why_of(value) -> str | None:
    return value.get("why") if isinstance(value, dict) else None


def whys(rows) -> dict:
    """The approved whys of a group's cards answers, and how many wait or were rejected."""
    reviews = count_reviews(row.review for row in rows if why_of(row.value))
    shown = [why_of(row.value) for row in rows if why_of(row.value) and row.review == "approved"]
    # Not in the order given (see kinds.text): alphabetical.
    return {"whys": sorted(shown, key=str.casefold),
            "pending": reviews["pending"], "rejected": reviews["rejected"]}


@dataclass
class Item:
    """An answer as the moderator sees it: never who sent it, only the group, and that
    only when the group's answers to the prompt may be shown (app/results/disclosure.py)."""

    answer_id: int
    uuid: str
    prompt: Prompt
    group: str | None
    value: object
    review: str
    received_at: datetime
    filtered: list[str]

    @property
    def shown(self) -> str:
        if isinstance(self.value, dict):  # a card's why: the text is what is moderated
            return str(self.value.get("why", ""))
        return "; ".join(self.value) if isinstance(self.value, list) else str(self.value)


def _items(meeting: Meeting, reviews: tuple[str, ...], newest_first: bool = False,
           limit: int | None = None) -> list[Item]:
    prompts = {p.id: p for p in meeting.prompts}
    order = (Answer.received_at.desc(), Answer.id.desc()) if newest_first else (Answer.received_at, Answer.id)
    query = (
        select(Answer.id, Answer.uuid, Answer.prompt_id, Participant.group, Answer.value, Answer.review,
               Answer.received_at)
        .join(Participant, Answer.participant_id == Participant.id)
        .where(Participant.meeting_id == meeting.id, Answer.review.in_(reviews))
        .order_by(*order).limit(limit)
    )
    said = disclosure.answers_per_prompt(meeting)
    return [Item(row.id, row.uuid, prompts[row.prompt_id],
                 row.group if said.get(row.prompt_id, {}).get(row.group) is not None else None,
                 row.value, row.review, row.received_at,
                 wordfilter.filtered_words(why_of(row.value) or row.value))
            for row in db.session.execute(query) if row.prompt_id in prompts]


def queue(meeting: Meeting) -> list[Item]:
    """The pending answers: those holding a filtered word first, then oldest first."""
    return sorted(_items(meeting, ("pending",)), key=lambda item: not item.filtered)


def decided(meeting: Meeting, limit: int = DECIDED_SHOWN) -> list[Item]:
    """The latest approved and rejected answers (newest first), to undo or flip a decision."""
    return _items(meeting, ("approved", "rejected"), newest_first=True, limit=limit)


def _ids_of(meeting: Meeting):
    return select(Participant.id).where(Participant.meeting_id == meeting.id).scalar_subquery()


def _set(meeting: Meeting, answer_id: int, uuid: str, review: str) -> bool:
    """One conditional UPDATE: only this meeting's moderated answer, only the edit seen."""
    done = db.session.execute(
        update(Answer)
        .where(Answer.id == answer_id, Answer.uuid == uuid, Answer.review.is_not(None),
               Answer.participant_id.in_(_ids_of(meeting)))
        .values(review=review).execution_options(synchronize_session=False)
    )
    return done.rowcount == 1


def decide(meeting: Meeting, answer_id: int, uuid: str, review: str) -> None:
    """Approve, reject, or undo ("pending") one answer; raise Changed if it is no longer
    the edit the moderator saw (or not this meeting's moderated answer at all)."""
    if review not in DECISIONS:
        raise ValueError(review)
    if not _set(meeting, answer_id, uuid, review):
        db.session.rollback()
        raise Changed(answer_id)
    live.touch(meeting)
    db.session.commit()


def approve_many(meeting: Meeting, seen: list[tuple[int, str]]) -> tuple[int, int]:
    """Approve every (answer_id, uuid) the moderator saw ("approve all shown"); answers
    edited since stay pending. -> (approved, changed)."""
    approved = sum(_set(meeting, answer_id, uuid, "approved") for answer_id, uuid in seen)
    if approved:
        live.touch(meeting)
    db.session.commit()
    return approved, len(seen) - approved


def counts(meeting: Meeting) -> dict[int, dict[str, int]]:
    """{prompt_id: {"pending", "approved", "rejected"}} for the moderated prompts."""
    found = {p.id: dict.fromkeys(("pending", "approved", "rejected"), 0)
             for p in meeting.prompts if p.kind in MODERATED or asks_why(p)}
    rows = db.session.execute(
        select(Answer.prompt_id, Answer.review, func.count())
        .join(Participant, Answer.participant_id == Participant.id)
        .where(Participant.meeting_id == meeting.id, Answer.review.is_not(None))
        .group_by(Answer.prompt_id, Answer.review)
    )
    for prompt_id, review, n in rows:
        if prompt_id in found and review in found[prompt_id]:
            found[prompt_id][review] = n
    return found


def count_reviews(reviews) -> dict[str, int]:
    """{"pending", "approved", "rejected"} counted from an iterable of reviews."""
    found = Counter(reviews)
    return {review: found[review] for review in ("pending", "approved", "rejected")}


def pending_total(meeting: Meeting) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Answer)
        .join(Participant, Answer.participant_id == Participant.id)
        .where(Participant.meeting_id == meeting.id, Answer.review == "pending")
    ) or 0
