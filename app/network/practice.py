"""The practice log: what facilitators learned from a meeting, and the "futures"
commitments they made. It holds no participant data (no answers, no counts), so
every organisation's facilitators can search and read it across the network; only
members of the writing organisation change an entry.

Search is deliberately simple and the same on SQLite and PostgreSQL: the words typed
must each occur (case-insensitive, ILIKE on PostgreSQL, lower() LIKE lower() on
SQLite) in the title, what was learned or the futures; a tag filter matches one
exact tag. Tags are stored normalised as ",tag one,tag two," so that LIKE '%,tag,%'
finds exactly that tag. Good enough for a network's few thousand entries; full-text
search (tsvector, FTS5) can replace it without changing the page."""

from collections import Counter

from flask import abort
from sqlalchemy import and_, or_, select

from app.extensions import db
from app.models import Meeting, PracticeEntry, User
from app.models.base import utcnow

MAX_TAGS = 12
MAX_TAG_LENGTH = 30
PAGE_SIZE = 50


def normalise_tags(typed: str) -> list[str]:
    """"Respect, trust ,  Respect, Eerste  ontmoeting" -> ["respect", "trust", "eerste ontmoeting"]."""
    tags: list[str] = []
    for part in typed.replace(";", ",").replace("#", ",").split(","):
        tag = " ".join(part.split()).lower()[:MAX_TAG_LENGTH]
        if tag and tag not in tags:
            tags.append(tag)
    return tags[:MAX_TAGS]


def _stored(tags: list[str]) -> str:
    return "," + ",".join(tags) + "," if tags else ","


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def write(user: User, title: str, learned: str, futures: str, tags: str,
          meeting: Meeting | None = None) -> PracticeEntry:
    entry = PracticeEntry(organisation_id=user.organisation_id, author_id=user.id,
                          meeting_id=meeting.id if meeting else None, title=title.strip(),
                          learned=(learned or "").strip(), futures=(futures or "").strip(),
                          tags=_stored(normalise_tags(tags or "")))
    db.session.add(entry)
    db.session.commit()
    return entry


def update(entry: PracticeEntry, title: str, learned: str, futures: str, tags: str) -> None:
    entry.title = title.strip()
    entry.learned, entry.futures = (learned or "").strip(), (futures or "").strip()
    entry.tags = _stored(normalise_tags(tags or ""))
    entry.updated_at = utcnow()
    db.session.commit()


def entry(entry_id: int) -> PracticeEntry:
    """Any entry: the log is network-wide. 404 if there is none."""
    found = db.session.get(PracticeEntry, entry_id)
    if found is None:
        abort(404)
    return found


def can_edit(user: User, found: PracticeEntry) -> bool:
    return user.organisation_id == found.organisation_id


def editable(user: User, entry_id: int) -> PracticeEntry:
    """An entry the user may change; 403 for another organisation's."""
    found = entry(entry_id)
    if not can_edit(user, found):
        abort(403)
    return found


def search(text: str = "", tag: str = "", limit: int = PAGE_SIZE) -> list[PracticeEntry]:
    """Newest first; every typed word must occur somewhere; tag: one exact tag."""
    query = select(PracticeEntry)
    for word in text.split()[:8]:
        pattern = f"%{_escape(word)}%"
        query = query.where(or_(*(column.ilike(pattern, escape="\\") for column in
                                  (PracticeEntry.title, PracticeEntry.learned, PracticeEntry.futures))))
    if wanted := normalise_tags(tag)[:1]:
        query = query.where(and_(PracticeEntry.tags.like(f"%,{_escape(wanted[0])},%", escape="\\")))
    query = query.order_by(PracticeEntry.created_at.desc(), PracticeEntry.id.desc()).limit(limit)
    return list(db.session.scalars(query))


def tag_counts(limit: int = 40) -> list[tuple[str, int]]:
    """The most used tags across the network, for the filter."""
    counts = Counter(tag for tags in db.session.scalars(select(PracticeEntry.tags))
                     for tag in tags.split(",") if tag)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


def of_meeting(meeting: Meeting) -> list[PracticeEntry]:
    return list(db.session.scalars(select(PracticeEntry).where(PracticeEntry.meeting_id == meeting.id)
                                   .order_by(PracticeEntry.created_at)))
