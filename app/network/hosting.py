"""Hosting together: a meeting or a series belongs to one organisation (its owner) and
may be hosted with others, whose facilitators then see it. One rule for both: adding
twice changes nothing, and the owner always stays a host, so nothing is orphaned."""

from app.extensions import db
from app.models import Organisation


class OwnerStays(ValueError):
    """The owner cannot stop hosting what it owns."""


def add(hosted, organisation: Organisation) -> None:
    """`hosted`: a Meeting or a Series (anything with .hosts and .organisation_id)."""
    if organisation not in hosted.hosts:
        hosted.hosts.append(organisation)
        db.session.commit()


def remove(hosted, organisation: Organisation, *, then=None) -> None:
    """Stop hosting with `organisation`; `then(hosted)` runs before the commit."""
    if organisation.id == hosted.organisation_id:
        raise OwnerStays("the owner stays")
    if organisation in hosted.hosts:
        hosted.hosts.remove(organisation)
        if then is not None:
            then(hosted)
        db.session.commit()
