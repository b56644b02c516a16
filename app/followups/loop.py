""""You said → we did": the hosts of a meeting (or of its whole series) write what was
agreed and what happened since, in short dated entries by host organisation, optionally
linked to an approved answer to a "futures" prompt. Participants see the approved entries
from the meeting's own link after it closed and on its follow-ups; the projector shows
them at the start of the next meeting of the series.

Moderated like other text: an entry starts pending, a host approves (or rejects) it, and
only approved entries leave the hosts' page. An entry holds nothing about participants:
hosts write it (the word filter flags insults), and a linked answer is shown only while
it is approved and its group is shown by the disclosure rule (app/results/disclosure.py,
through followups.approved_texts)."""

from datetime import date

from sqlalchemy import or_, select

from app import followups, live
from app.extensions import db
from app.models import Meeting, User
from app.models.loop import REVIEWS, LoopEntry
from app.phone import wordfilter

MAX_TEXT = 500
MAX_SHOWN = 30


class Refused(ValueError):
    pass


def _scope(meeting: Meeting):
    """The entries that concern a meeting: its own and its series'."""
    if meeting.series_id:
        return or_(LoopEntry.meeting_id == meeting.id, LoopEntry.series_id == meeting.series_id)
    return LoopEntry.meeting_id == meeting.id


def entries_for(meeting: Meeting) -> list[LoopEntry]:
    """Every entry of the meeting and its series, newest first (for its hosts)."""
    return list(db.session.scalars(select(LoopEntry).where(_scope(meeting))
                                   .order_by(LoopEntry.happened_on.desc(), LoopEntry.id.desc())))


def linkable(meeting: Meeting) -> dict[int, str]:
    """{answer id: text} of the approved, shown answers to the futures prompts of the
    meeting and of the other meetings of its series."""
    meetings = [meeting] if not meeting.series_id else list(
        db.session.scalars(select(Meeting).where(Meeting.series_id == meeting.series_id)))
    found = {}
    for each in meetings:
        for prompt in followups.futures_candidates(each):
            found.update(followups.approved_texts(prompt))
    return found


def shown(meeting: Meeting) -> list[dict]:
    """The approved entries as participants and the projector see them: no author, a
    linked answer only while it may be shown."""
    entries = [e for e in entries_for(meeting) if e.review == "approved"][:MAX_SHOWN]
    quotes = linkable(meeting) if any(e.answer_id for e in entries) else {}
    return [{"date": e.happened_on, "organisation": e.organisation.name, "said": e.said, "did": e.did,
             "quote": quotes.get(e.answer_id)} for e in entries]


def write(user: User, meeting: Meeting, whole_series: bool, happened_on: date, said: str, did: str,
          answer_id: int | None = None) -> LoopEntry:
    """A new entry, pending approval. The caller checked that the user hosts the meeting;
    for the whole series, the user's organisation must host the series too."""
    said, did = (said or "").strip()[:MAX_TEXT], (did or "").strip()[:MAX_TEXT]
    if not said:
        raise Refused("empty")
    series = meeting.series if whole_series else None
    if whole_series and (series is None or user.organisation_id not in {o.id for o in series.hosts}):
        raise Refused("series")
    if answer_id is not None and answer_id not in linkable(meeting):
        raise Refused("answer")
    entry = LoopEntry(series_id=series.id if series else None, meeting_id=None if series else meeting.id,
                      organisation_id=user.organisation_id, author_id=user.id, happened_on=happened_on,
                      said=said, did=did, answer_id=answer_id)
    db.session.add(entry)
    db.session.commit()
    return entry


def entry_of(meeting: Meeting, entry_id: int) -> LoopEntry | None:
    return db.session.scalar(select(LoopEntry).where(LoopEntry.id == entry_id, _scope(meeting)))


def decide(meeting: Meeting, entry: LoopEntry, decision: str) -> None:
    """approved, rejected, pending (undo), or delete."""
    if decision == "delete":
        db.session.delete(entry)
    elif decision in REVIEWS:
        entry.review = decision
    else:
        raise Refused("decision")
    live.touch(meeting)  # the projector's page changes
    db.session.commit()


def flagged(entry: LoopEntry) -> bool:
    """The word filter's hint, as on the moderation queue."""
    return wordfilter.is_flagged(f"{entry.said} {entry.did}")
