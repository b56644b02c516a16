"""What each prompt kind's live view shows of one group's answers: plain functions
from the options and a list of answer values to a JSON-ready dict. No database and
no anonymity threshold here (per_prompt.py applies it before calling them)."""

import statistics
import string
from collections import Counter

TOP_WORDS = 30
# Trimmed from both ends of a word, so that "Respect!" and "respect" count as one.
TRIM = string.whitespace + string.punctuation + "‘’‚“”„«»‹›…–—¡¿"


def rounded(number: float | None) -> float | None:
    return None if number is None else round(number, 2)


def _middle(values: list[int]) -> dict:
    """Median and mean (None for no values), rounded to two decimals."""
    if not values:
        return {"median": None, "mean": None}
    return {"median": rounded(statistics.median(values)), "mean": rounded(statistics.fmean(values))}


def _counts(keys: list[str], picked) -> dict[str, int]:
    """Counts per key in the options' order; keys since removed from the options are left out."""
    found = Counter(picked)
    return {key: found[key] for key in keys}


def _keys(options: dict, field: str) -> list[str]:
    return [item["key"] for item in options.get(field, [])]


def scale(options: dict, values: list) -> dict:
    """Histogram from min to max, median and mean. Values outside the range (the
    range was edited after they were given) answered another question: left out."""
    low, high = options.get("min", 1), options.get("max", 10)
    inside = [v for v in values if low <= v <= high]
    found = Counter(inside)
    histogram = [{"value": v, "count": found[v]} for v in range(low, high + 1)]
    return {"histogram": histogram, **_middle(inside)}


def position(options: dict, values: list) -> dict:
    """Every position 0-100, sorted (the dots on the line), median and mean."""
    return {"positions": sorted(values), **_middle(values)}


def card_picks(value) -> list[str]:
    """The cards of an answer: a list, or {"cards": [...], "why": "..."} (app/meetings/prompt_kinds.py)."""
    return value.get("cards", []) if isinstance(value, dict) else value


def cards(options: dict, values: list) -> dict:
    return {"counts": _counts(_keys(options, "cards"), (key for v in values for key in card_picks(v)))}


def _per_key(keys: list[str], values: list) -> list[dict]:
    """Per key in the options' order: median, mean and how many gave it. Answers are
    {key: number}; keys no longer in the options are left out."""
    found = []
    for key in keys:
        given = [v[key] for v in values if isinstance(v, dict) and isinstance(v.get(key), int)]
        found.append({"key": key, "count": len(given), **_middle(given)})
    return found


def storyline(options: dict, values: list) -> dict:
    """The curve: per phase the median level (and mean and count)."""
    return {"phases": _per_key(_keys(options, "phases"), values)}


def spokes(options: dict, values: list) -> dict:
    """The radar: per spoke the mean (and median and count) of 0-10."""
    return {"spokes": _per_key(_keys(options, "spokes"), values)}


def single(options: dict, values: list) -> dict:
    return {"counts": _counts(_keys(options, "choices"), values)}


def multiple(options: dict, values: list) -> dict:
    return {"counts": _counts(_keys(options, "choices"), (key for picks in values for key in picks))}


def normalise_word(word: str) -> str:
    return word.strip(TRIM).lower()


def words(options: dict, values: list, top: int | None = TOP_WORDS) -> dict:
    """The `top` most frequent words (None: all), most frequent first, ties alphabetical. A word
    counts once per answer: "cool cool cool" from one person is one vote."""
    found = Counter(w for answer in values for w in {normalise_word(w) for w in answer} if w)
    ranked = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:top]
    return {"words": [{"word": word, "count": n} for word, n in ranked]}


def text(options: dict, values: list) -> dict:
    """The texts (approved ones only: per_prompt.py filters by moderation) in alphabetical
    order: in the order given, the n-th texts of two prompts would often be one person's."""
    return {"texts": sorted(values, key=lambda t: (str(t).casefold(), str(t)))}


SUMMARIES = {"scale": scale, "position": position, "cards": cards, "words": words, "text": text,
             "single": single, "multiple": multiple, "storyline": storyline, "spokes": spokes}
# Kinds whose groups are compared by one number: the gap between youngsters and officers.
COMPARED = ("scale", "position")


def summarise(kind: str, options: dict, values: list, top_words: int | None = TOP_WORDS) -> dict:
    if kind == "words":
        return words(options, values, top_words)
    return SUMMARIES[kind](options, values)


def gap(youngster: dict | None, officer: dict | None) -> dict | None:
    """Youngsters' minus officers' median and mean; None unless both groups are shown."""
    if not youngster or not officer or youngster["hidden"] or officer["hidden"]:
        return None
    if youngster["median"] is None or officer["median"] is None:
        return None
    return {key: rounded(youngster[key] - officer[key]) for key in ("median", "mean")}
