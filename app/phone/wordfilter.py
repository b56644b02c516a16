"""A small word filter for moderation: marks answers holding a listed insult (nl, fr, en),
so that the moderator sees them first. A hint only: it approves and rejects nothing.

The list lives in app/phone/data/wordfilter.txt: one word a line; a trailing * also matches
longer words that start with it. Words are compared lower-cased and without accents,
so "Enculé" matches "encul*"."""

import re
import unicodedata
from functools import cache
from pathlib import Path

LIST = Path(__file__).parent / "data" / "wordfilter.txt"
WORD = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """Lower case, without accents: "Bâtard" -> "batard"."""
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()


@cache
def word_list() -> tuple[frozenset[str], tuple[str, ...]]:
    """(whole words, prefixes) from the list file."""
    lines = [line.strip() for line in LIST.read_text(encoding="utf-8").splitlines()]
    entries = [normalise(line) for line in lines if line and not line.startswith("#")]
    whole = frozenset(e for e in entries if not e.endswith("*"))
    prefixes = tuple(e.rstrip("*") for e in entries if e.endswith("*"))
    return whole, prefixes


def words_of(value) -> list[str]:
    """The words of an answer's value: a text, or a list of words."""
    text = " ".join(value) if isinstance(value, list) else str(value or "")
    return WORD.findall(normalise(text))


def filtered_words(value) -> list[str]:
    """The listed words the value holds, in order, each once."""
    whole, prefixes = word_list()
    found = [w for w in words_of(value) if w in whole or w.startswith(prefixes)]
    return list(dict.fromkeys(found))


def is_flagged(value) -> bool:
    return bool(filtered_words(value))
