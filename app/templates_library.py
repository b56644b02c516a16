"""The template library: built-in review templates (app/data/templates/*.json), the
templates organisations save and share, and their JSON files (export and import).

A template is one JSON document, the same in the database, in a file and on disk:
`{"format": "allo-review-template", "version": 1, "title": {...}, "prompts": [...]}`,
described by app/data/template.schema.json and docs/TEMPLATES.md. The trust
barometer is not spelled out in a template: `"barometer": true` adds its standard
items (app/barometer.py) to the meeting, so they stay comparable everywhere."""

import json
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from jsonschema import Draft202012Validator
from sqlalchemy import or_, select

from app import barometer, meetings, rounds, template_files
from app.extensions import db
from app.models import Meeting, Prompt, User
from app.models.library import VISIBILITIES, LibraryTemplate
from app.prompt_kinds import KINDS, localize
from app.template_files import MAX_BYTES, TemplateError, where  # noqa: F401 (MAX_BYTES: the view's)

FORMAT, VERSION = "allo-review-template", 1
DATA = Path(__file__).resolve().parent / "data"
BUILTIN_ORDER = ("four-fs", "two-stars-wish", "barometer", "feelings-cards", "line-up", "one-word",
                 "storyline", "spokes", "horseshoe", "turntable")


@cache
def validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads((DATA / "template.schema.json").read_text("utf-8")))


def _check_options(number: int, kind: str, options: dict) -> None:
    """What the schema cannot say: relations between fields."""
    if kind == "scale":
        if options["style"] == "faces" and (options["min"], options["max"]) != (1, 5):
            raise TemplateError(_l("Prompt %(n)s: five faces always go from 1 to 5.", n=number))
        if options["min"] >= options["max"]:
            raise TemplateError(_l("Prompt %(n)s: the highest number must be above the lowest.", n=number))
    items = next((options[f] for f in ("cards", "choices", "phases", "spokes") if options.get(f)), [])
    keys = [item["key"] for item in items]
    if len(set(keys)) != len(keys):
        raise TemplateError(_l("Prompt %(n)s: two choices have the same key.", n=number))
    if (options.get("max_picks") or 0) > len(keys):
        raise TemplateError(_l("Prompt %(n)s: more picks allowed than there are choices.", n=number))


def validate(document) -> dict:
    """The document if it is a template this app can use; TemplateError with a clear reason otherwise."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TemplateError(_l("This is not an ALLO?! Review template."))
    template_files.check_values(document)
    if document.get("version") != VERSION:
        raise TemplateError(
            _l(
                "This template has format version %(found)s; this app reads version %(known)s.",
                found=str(document.get("version"))[:10],
                known=VERSION,
            )
        )
    if not isinstance(document.get("title"), dict) or not document["title"].get("nl"):
        raise TemplateError(_l("The template has no Dutch (nl) title."))
    prompts = document.get("prompts")
    if not isinstance(prompts, list) or not prompts:
        raise TemplateError(_l("The template has no prompts."))
    for number, prompt in enumerate(prompts, start=1):
        if not isinstance(prompt, dict):
            raise TemplateError(_l("Prompt %(n)s is not a prompt.", n=number))
        if prompt.get("kind") not in KINDS:
            raise TemplateError(
                _l("Prompt %(n)s has an unknown kind: %(kind)s.", n=number, kind=str(prompt.get("kind"))[:30])
            )
        if not isinstance(prompt.get("text"), dict) or not prompt["text"].get("nl"):
            raise TemplateError(_l("Prompt %(n)s has no Dutch (nl) text.", n=number))
    error = min(validator().iter_errors(document), key=lambda e: list(e.absolute_path), default=None)
    if error is not None:
        raise TemplateError(
            _l(
                "The template does not follow its schema at %(where)s: %(what)s",
                where=where(error.absolute_path),
                what=error.message[:200],
            )
        )
    for number, prompt in enumerate(prompts, start=1):
        _check_options(number, prompt["kind"], prompt["options"])
        _check_link(number, prompt, prompts)
    return document


def _check_link(number: int, prompt: dict, prompts: list) -> None:
    """A round 2 repeats an earlier line-up; a guess is about an earlier prompt of its own kind."""
    for link in rounds.LINKS:
        target = prompt.get(link)
        if target is None:
            continue
        if not 1 <= target < number:
            raise TemplateError(_l("Prompt %(n)s refers to prompt %(m)s, which does not come before it.",
                                   n=number, m=target))
        kind, other = prompt["kind"], prompts[target - 1]["kind"]
        wanted = ("position",) if link == rounds.ROUND_OF else rounds.GUESSABLE
        if kind != other or kind not in wanted:
            raise TemplateError(_l("Prompt %(n)s cannot be linked to prompt %(m)s: not the right kind.",
                                   n=number, m=target))


def parse(raw: bytes) -> dict:
    """A template from an uploaded file's bytes."""
    return validate(template_files.read(raw))


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


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
    return save(user, parse(raw), visibility)


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
