"""Test data builders. They need an app context (the `make` fixture gives one)."""

import uuid as uuidlib
from datetime import UTC, datetime, timedelta
from itertools import count

from app import meetings
from app.extensions import db
from app.meetings.prompt_kinds import KINDS
from app.models import Organisation, User
from app.phone import participants, store

PASSWORD = "correct horse battery"
_serial = count(1)


def organisation(name: str | None = None) -> Organisation:
    org = Organisation(name=name or f"Org {next(_serial)}", kind="youth_work")
    db.session.add(org)
    db.session.commit()
    return org


def user(org: Organisation | None = None, role: str = "facilitator", **fields) -> User:
    n = next(_serial)
    person = User(email=f"facilitator{n}@example.org", name=f"Facilitator {n}", role=role,
                  organisation=org or organisation(), **fields)
    person.set_password(PASSWORD)
    db.session.add(person)
    db.session.commit()
    return person


def meeting(owner: User | None = None, kinds=KINDS, status: str = "open", **fields):
    """A meeting with one prompt of each kind given (default options)."""
    found = meetings.create_meeting(owner or user(), fields.pop("title", "Test meeting"), **fields)
    for kind in kinds:
        meetings.add_prompt(found, kind, {"nl": f"Vraag {kind}", "en": f"Question {kind}"})
    if status != "draft":
        meetings.set_status(found, "open")
    if status == "closed":
        meetings.set_status(found, "closed")
    return found


def participant(of_meeting, group: str = "youngster", language: str = "nl"):
    """-> (participant, device_token)"""
    return participants.join(of_meeting, group, language)


def closed_meeting(ago: timedelta, kinds=("scale",), group: str = "youngster"):
    """A meeting closed `ago`, and a phone that joined an hour before the close:
    -> (meeting, participant, device token)."""
    found = meeting(kinds=kinds)
    who, token = participant(found, group)
    meetings.set_status(found, "closed")
    found.closed_at = datetime.now(UTC) - ago
    who.joined_at = found.closed_at - timedelta(hours=1)
    db.session.commit()
    return found, who, token


def answer_item(prompt, value, recorded_at: datetime | None = None, key: str | None = None) -> dict:
    return {
        "uuid": key or str(uuidlib.uuid4()),
        "prompt_id": prompt.id,
        "value": value,
        "recorded_at": (recorded_at or datetime.now(UTC)).isoformat(),
    }


def answer(of_meeting, who, prompt, value, **kwargs):
    return store.store_batch(of_meeting, who, [answer_item(prompt, value, **kwargs)])[0]
