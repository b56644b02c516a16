"""The template library: built-in review templates (app/meetings/data/templates/*.json), the
templates organisations save and share, and their JSON files (export and import).

A template is one JSON document, the same in the database, in a file and on disk:
`{"format": "allo-review-template", "version": 1, "title": {...}, "prompts": [...]}`,
described by app/meetings/data/template.schema.json and docs/TEMPLATES.md. The trust
barometer is not spelled out in a template: `"barometer": true` adds its standard
items (app/network/barometer.py) to the meeting, so they stay comparable everywhere."""

import json
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from app import meetings
from app.extensions import db
from app.meetings import library_files, rounds
from app.meetings.library_files import DATA, FORMAT, VERSION, TemplateError, validate
from app.meetings.prompt_kinds import localize
from app.models import Meeting, Prompt, User
from app.models.library import VISIBILITIES, LibraryTemplate
from app.network import barometer

BUILTIN_ORDER = ("four-fs", "two-stars-wish", "barometer", "feelings-cards", "line-up", "one-word",
                 "storyline", "spokes", "horseshoe", "turntable")


@cache
def builtins() -> dict[str, dict]:
    """{key: document} of the built-in templates, in the library's order (checked on load)."""
    return {
        key: validate(json.loads((DATA / "templates" / f"{key}.json").read_text("utf-8")))
        for key in BUILTIN_ORDER
    }


def visible(user: User) -> list[LibraryTemplate]:
    """Saved templates the user may use: their organisation's, and those shared with the network."""
    query = select(LibraryTemplate).where(
        or_(LibraryTemplate.organisation_id == user.organisation_id, LibraryTemplate.visibility == "network")
    )
    return list(
        db.session.scalars(query.order_by(LibraryTemplate.created_at.desc(), LibraryTemplate.id.desc()))
    )


def saved_for(user: User, template_id: int, own: bool = False) -> LibraryTemplate | None:
    """A saved template the user may use (own=True: that their organisation may change)."""
    found = db.session.get(LibraryTemplate, template_id)
    if found is None:
        return None
    if found.organisation_id == user.organisation_id or (not own and found.visibility == "network"):
        return found
    return None


def document_for(user: User, source: str) -> dict | None:
    """ "builtin:<key>" or "saved:<id>" -> the template's document, if the user may use it."""
    kind, _, ref = source.partition(":")
    if kind == "builtin":
        return builtins().get(ref)
    if kind == "saved" and ref.isdigit():
        found = saved_for(user, int(ref))
        return found.document if found else None
    return None


def title(document: dict, language: str) -> str:
    return localize(document.get("title"), language)


def save(user: User, document: dict, visibility: str = "organisation") -> LibraryTemplate:
    """Keep a (validated) document in the organisation's library, in one commit."""
    assert visibility in VISIBILITIES
    template = LibraryTemplate(
        organisation_id=user.organisation_id,
        created_by_id=user.id,
        visibility=visibility,
        document=validate(document),
    )
    db.session.add(template)
    db.session.commit()
    return template


def import_file(user: User, raw: bytes, visibility: str) -> LibraryTemplate:
    """Import a template file: all of it, or nothing (TemplateError before anything is written)."""
    return save(user, library_files.parse(raw), visibility)


def from_meeting(meeting: Meeting, name: str, description: str = "") -> dict:
    """A meeting's prompts as a template; its barometer items become `"barometer": true`."""
    items = barometer.prompt_ids(meeting)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "title": {"nl": name[:120]},
        "language": meeting.language,
        "pacing": meeting.pacing,
        "barometer": bool(items),
        "prompts": [],
    }
    numbers: dict[int, int] = {}
    for p in meeting.prompts:
        if p.id in items:
            continue
        spec = {"kind": p.kind, "text": _texts(p.text), "audience": p.audience,
                "options": rounds.unlinked(p.options)}
        for link in rounds.LINKS:  # a link to a prompt id becomes one to the prompt's number
            if (target := (p.options or {}).get(link)) in numbers:
                spec[link] = numbers[target]
        document["prompts"].append(spec)
        numbers[p.id] = len(document["prompts"])
    if description:
        document["description"] = {"nl": description[:300]}
    if not document["prompts"]:
        raise TemplateError(_l("The meeting has no prompts of its own to save as a template."))
    return validate(document)


def _texts(text: dict | None) -> dict:
    return {lang: value for lang, value in (text or {}).items() if lang in ("nl", "en", "fr") and value}


def create_meeting(
    user: User, document: dict, name: str, language: str | None = None, with_barometer: bool | None = None
) -> Meeting:
    """A new meeting with the template's prompts (and the barometer's, when asked or,
    by default, when the template includes it): one step for the facilitator."""
    meeting = meetings.create_meeting(
        user, name, language or document.get("language", "nl"), document.get("pacing", "self")
    )
    made: list[Prompt] = []
    for position, spec in enumerate(document["prompts"], start=1):
        made.append(
            Prompt(
                kind=spec["kind"],
                text=dict(spec["text"]),
                options=dict(spec["options"]),
                audience=spec.get("audience", "everyone"),
                position=position,
            )
        )
        meeting.prompts.append(made[-1])
    db.session.flush()  # ids for the links: a template's prompt numbers become prompt ids
    for spec, prompt in zip(document["prompts"], made, strict=True):
        links = {link: made[spec[link] - 1].id for link in rounds.LINKS if spec.get(link)}
        if links:
            prompt.options = {**prompt.options, **links}
    if document.get("barometer", False) if with_barometer is None else with_barometer:
        barometer.add_to(meeting)
    db.session.commit()
    return meeting


def set_visibility(template: LibraryTemplate, visibility: str) -> None:
    assert visibility in VISIBILITIES
    template.visibility = visibility
    db.session.commit()


def delete(template: LibraryTemplate) -> None:
    db.session.delete(template)
    db.session.commit()
