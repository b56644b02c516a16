"""A template file's bytes to a JSON document, refusing what a parser lets through and
the later checks (app/templates_library.py's `validate`) would trip over: too large,
not UTF-8, not JSON, nested deeper than any template, numbers with a decimal point or
of absurd length, NaN and Infinity, text with control characters or half a character
(a lone surrogate). Each gets its own reason on the form; nothing is written before."""

import json
import re

from flask_babel import lazy_gettext as _l

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
