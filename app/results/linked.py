"""Results of linked prompts (app/meetings/rounds.py): the movement between two rounds of a
line-up, and a group's guess next to the other group's real answers.

Movement pairs each phone's round-1 and round-2 answers by its participant id. That id
is read here, in one query for the two prompts, and **never leaves this module**: the
pairs come out as sorted (from, to) positions without any id, so the live fragment, the
report and the exports cannot carry it. K: a group's arrows only when at least K phones
of that group answered both rounds.

A guess is shown per guessing group only when both that group's guesses and the guessed
group's real answers are shown (each at least K answers): K applies to both."""

import statistics

from sqlalchemy import select

from app.extensions import db
from app.meetings.rounds import OTHER
from app.models import Answer, Participant, Prompt
from app.results.disclosure import FEW, Rule
from app.results.kinds import rounded


def _pairs(first: Prompt, second: Prompt, groups: tuple[str, ...]) -> dict[str, list[tuple[int, int]]]:
    """{group: [(round 1, round 2)]} of the phones that answered both, sorted (no ids)."""
    query = (
        select(Answer.participant_id, Answer.prompt_id, Participant.group, Answer.value)
        .join(Participant, Answer.participant_id == Participant.id)
        .where(Answer.prompt_id.in_((first.id, second.id)))
    )
    seen: dict[int, dict] = {}
    for participant_id, prompt_id, group, value in db.session.execute(query):
        entry = seen.setdefault(participant_id, {"group": group})
        entry["first" if prompt_id == first.id else "second"] = value
    pairs: dict[str, list[tuple[int, int]]] = {group: [] for group in groups}
    for entry in seen.values():
        if entry["group"] in pairs and "first" in entry and "second" in entry:
            if isinstance(entry["first"], int) and isinstance(entry["second"], int):
                pairs[entry["group"]].append((entry["first"], entry["second"]))
    return {group: sorted(found) for group, found in pairs.items()}


def movement(group: str, pairs: list[tuple[int, int]], rule: Rule) -> dict:
    """One group's movement: its arrows (sorted), the median of the phones' own shifts
    (round 2 minus round 1), and the medians of both rounds over the same phones."""
    if why := rule.why_hidden(group, len(pairs), pairs):
        return rule.hidden(why)
    return {
        "hidden": False, "n": len(pairs),
        "arrows": [{"from": a, "to": b} for a, b in pairs],
        "shift": rounded(statistics.median(b - a for a, b in pairs)),
        "from": rounded(statistics.median(a for a, _b in pairs)),
        "to": rounded(statistics.median(b for _a, b in pairs)),
    }


def rounds(first: Prompt, second: Prompt, groups: tuple[str, ...], rule: Rule) -> dict:
    return {"first_id": first.id, "groups": {group: movement(group, found, rule)
                                             for group, found in _pairs(first, second, groups).items()}}


def _top(summary: dict) -> list[str]:
    """The most picked keys (ties: all of them, in the options' order)."""
    counts = summary.get("counts") or {}
    most = max(counts.values(), default=0)
    return [key for key, n in counts.items() if n == most and most > 0]


def swap(kind: str, guessed: dict, actual: dict, rule: Rule) -> dict:
    """{guessing group: {"about", "guess", "actual", "diff"} or hidden} from the guess
    prompt's result and the own prompt's result (both already behind K)."""
    out = {}
    for group, other in OTHER.items():
        guess, real = guessed["groups"].get(group), actual["groups"].get(other)
        if not guess or not real or guess.get("hidden") or real.get("hidden"):
            out[group] = {**rule.hidden(FEW), "about": other}
            continue
        side = {"hidden": False, "about": other, "guess": guess, "actual": real}
        if kind in ("scale", "position"):
            both = guess.get("median") is not None and real.get("median") is not None
            side["diff"] = rounded(guess["median"] - real["median"]) if both else None
        else:
            side["guess_top"], side["actual_top"] = _top(guess), _top(real)
        out[group] = side
    return out
