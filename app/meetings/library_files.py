"""A template file's bytes to a JSON document, refusing what a parser lets through and
the later checks (app/meetings/library.py's `validate`) would trip over: too large,
not UTF-8, not JSON, nested deeper than any template, numbers with a decimal point or
of absurd length, NaN and Infinity, text with control characters or half a character
(a lone surrogate). Each gets its own reason on the form; nothing is written before."""

import json
import re
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from jsonschema import Draft202012Validator

from app.meetings import rounds
from app.meetings.prompt_kinds import KINDS

FORMAT, VERSION = "allo-review-template", 1
DATA = Path(__file__).resolve().parent / "data"
MAX_BYTES = 64 * 1024
# A template nests 7 deep (document, prompts, a prompt, options, cards, a card, a label).
MAX_DEPTH = 10
MAX_DIGITS = 9  # no number in a template comes near; Python would read 4,300 digits
# Control characters (line breaks and tabs are fine) and half characters (lone surrogates).
BAD_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


class TemplateError(ValueError):
    """A file or document that is not a usable template; the message says why, for the form."""


def where(path) -> str:
    """prompts/2/round_of: a place in a document, prompts counted from 1."""
    return ("/".join(str(p + 1) if isinstance(p, int) else str(p) for p in path) or "/")[:100]


def read(raw: bytes):
    """The JSON document in a file's bytes (not yet checked as a template)."""
    if len(raw) > MAX_BYTES:
        raise TemplateError(
            _l("The file is too large: a template has at most %(kb)s KB.", kb=MAX_BYTES // 1024)
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TemplateError(_l("This file is not JSON in UTF-8: choose a template file (.json).")) from None
    try:
        return json.loads(text, parse_int=_whole_number, parse_constant=_not_json)
    except RecursionError:
        raise TemplateError(_l("The file is nested too deeply to be a template.")) from None
    except TemplateError:
        raise
    except ValueError:
        raise TemplateError(_l("This file is not JSON: choose a template file (.json).")) from None


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise TemplateError(_l("The template has a number that is too large."))
    return int(digits)


def _not_json(constant: str):
    raise ValueError(constant)  # NaN and Infinity are no JSON


def check_values(document) -> None:
    """Nesting no deeper than a template, whole numbers only (2.0 is no prompt number),
    no control or half characters in text or keys. Walked without recursion."""
    stack = [(document, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            raise TemplateError(_l("The file is nested too deeply to be a template."))
        if isinstance(value, dict):
            # The keys go on last, so they are read first: no message names a broken key.
            stack += [(v, (*path, k)) for k, v in value.items()] + [(key, path) for key in value]
        elif isinstance(value, list):
            stack += [(v, (*path, i)) for i, v in enumerate(value)]
        elif isinstance(value, float):
            raise TemplateError(_l("The template has a number with a decimal point at %(where)s: "
                                   "numbers in a template are whole numbers.", where=where(path)))
        elif isinstance(value, str) and BAD_TEXT.search(value):
            raise TemplateError(_l("The template has text with invisible control characters or broken "
                                   "characters at %(where)s.", where=where(path)))


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
    check_values(document)
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
    return validate(read(raw))


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
