"""Personal data out of typed answers, before they are stored.

Open text and words are anonymous only if nobody writes a name tag into them.
E-mail addresses, phone numbers (Belgian, Dutch, international), Belgian licence
plates and Belgian national register numbers are replaced by a marker. Names are
not: no rule finds them without also removing half of the language.

The markers are the same in every language ("[tel]", not "[telefoon]"): an answer
is stored once and read by people in nl, en and fr, on the wall and in exports,
and the stored value must not depend on who reads it. The phone explains in the
participant's own language what was removed (static/js/participant/scrub.js runs
these same rules; tests/test_scrub.py checks both against one list of examples).

The rules lean towards leaving ordinary text alone: prices, years, times, scores,
dates, postcodes and counts are never touched. A national register number is only
taken when its mod-97 check digits are right; a phone number needs the digit count
of a real one.

Look-alike characters do not get past the rules: the text is normalised first (NFKC:
full-width digits, non-breaking and thin spaces become plain ones) and loses its
invisible format characters (zero-width spaces, soft hyphens, bidi overrides and
isolates, which could also make a stored text read backwards on the wall). A zero-width
joiner stays only between two emoji (a family, a rainbow flag). The rules then read
Unicode dashes and slashes as "-" and "/", one character for one, so a dash typed in
ordinary text stays as typed. Rules match ASCII only, as in JavaScript."""

import re
import unicodedata
from dataclasses import dataclass, field

MARKERS = {"email": "[e-mail]", "id": "[ID]", "phone": "[tel]", "plate": "[plate]"}

SEP = r"[ .\-/]"
# A zero-width joiner between two emoji (U+2600 and up) joins them; elsewhere it only hides.
LOOSE_JOINER = re.compile("(?<![\u2600-\U0010ffff])\u200d|\u200d(?![\u2600-\U0010ffff])")
# Dashes and slashes the rules read as "-" and "/" (NFKC already makes full-width ones plain).
DASHES, SLASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2e3a\u2e3b", "\u2044\u2215"
LOOKALIKES = str.maketrans(DASHES + SLASHES, "-" * len(DASHES) + "/" * len(SLASHES))
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", re.ASCII)
# YY.MM.DD-XXX.CC, with or without punctuation; checked by its mod-97 check digits.
NATIONAL_ID = re.compile(
    r"(?<![\d+])(\d{2})[ .]?(\d{2})[ .]?(\d{2})[ .\-]?(\d{3})[ .]?(\d{2})(?!\d)", re.ASCII)
# +32 470 12 34 56, 0032 470..., +31 6 12345678, +32 (0)53 21 22 23: 8 to 14 digits after +.
INTERNATIONAL = re.compile(
    r"(?:\+|(?<![\w+])00)[ ]?[1-9](?:[ .\-/]?(?:\(0\)[ ]?)?\d){7,13}(?![ .\-/]?\d)", re.ASCII)
# 0470 12 34 56, 0470/12.34.56, 053 21 22 23, 02 511 22 33, 06-12345678: 9 or 10 digits.
# Not inside a dotted number: 85.07.30-033.29 (a wrong national number) is no phone.
NATIONAL = re.compile(r"(?<![\w+])(?<!\d[.\-/])0(?:[ .\-/]?\d){8,9}(?![ .\-/]?\d)", re.ASCII)
# 1-ABC-123, 1ABC123, 1 ABC 123 (since 2010) and ABC-123, ABC 123 (1973-2010).
PLATE = re.compile(r"\b([1-9])([ .\-]?)([A-Za-z]{3})([ .\-]?)(\d{3})\b", re.ASCII)
OLD_PLATE = re.compile(r"\b([A-Z]{3})([ \-]?)(\d{3})\b", re.ASCII)
DATE_START = re.compile(r"(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4}|\d{2})(?!\d)", re.ASCII)


@dataclass
class Scrubbed:
    text: str
    found: list[str] = field(default_factory=list)  # kinds removed, in the order of MARKERS


def national_id_valid(digits: str) -> bool:
    """The last two digits are 97 minus the first nine modulo 97; for people born
    from 2000 on, the nine are preceded by a 2."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    base, check = int(digits[:9]), int(digits[9:])
    return check in (97 - base % 97, 97 - (2_000_000_000 + base) % 97)


def _looks_like_date(text: str) -> bool:
    """09.12.2023 10 is a date and a count, not a phone number."""
    match = DATE_START.match(text)
    return bool(match) and 1 <= int(match[1]) <= 31 and 1 <= int(match[2]) <= 12


def _phone(match: re.Match) -> bool:
    text = match[0]
    return text.count("/") <= 1 and not _looks_like_date(text)


def _plate(match: re.Match) -> bool:
    """Lower-case letters only with dashes or nothing between: "3 uur 100" is not a plate."""
    return match[3].isupper() or (match[2] in ("", "-") and match[4] in ("", "-"))


RULES = (
    ("email", EMAIL, lambda m: True),
    ("id", NATIONAL_ID, lambda m: national_id_valid("".join(m.groups()))),
    ("phone", INTERNATIONAL, _phone),
    ("phone", NATIONAL, _phone),
    ("plate", PLATE, _plate),
    ("plate", OLD_PLATE, lambda m: True),
)


def normalise(text: str) -> str:
    """NFKC, without format characters (category Cf) but for a joiner between emoji."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if c == "\u200d" or unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFKC", LOOSE_JOINER.sub("", text))


def _apply(kind: str, pattern: re.Pattern, accept, text: str, found: set[str]) -> str:
    """One rule, matched on the text with its look-alikes made plain (one character for
    one, so the places agree); what the rule does not take stays as typed."""
    kept, last = [], 0
    for match in pattern.finditer(text.translate(LOOKALIKES)):
        if accept(match):
            kept += [text[last:match.start()], MARKERS[kind]]
            last = match.end()
            found.add(kind)
    return "".join(kept) + text[last:]


def scrub(text: str) -> Scrubbed:
    """The text, normalised, with personal data replaced by markers, and what kinds were found."""
    found: set[str] = set()
    text = normalise(text)
    for kind, pattern, accept in RULES:
        text = _apply(kind, pattern, accept, text, found)
    return Scrubbed(text, [kind for kind in MARKERS if kind in found])


def scrub_text(text: str) -> str:
    return scrub(text).text
