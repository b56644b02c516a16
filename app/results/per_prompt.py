"""A meeting's results per prompt and per group, behind the anonymity threshold.

All answers of a meeting come in one query (`answer_rows`); the rest is plain Python.
A group is counted on a prompt only if the prompt is addressed to it (a phone that
changed group keeps its answers, but an officers-only prompt shows officers only).
Whether a group is shown is app/results/disclosure.py's rule (K, the room's seats, identical
answers); a hidden group shows neither values nor its count:
{"hidden": True, "needed": K, "why": ...} (one officer's count already points at that officer).
Moderated kinds (open text, words: app/live/moderation.py) show approved answers only, and
each shown group also says how many wait ("pending") and were "rejected"; K still
counts every answer given, since K is about who answered."""

from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import attrgetter

from sqlalchemy import Row, select

from app.extensions import db
from app.live.moderation import MODERATED, asks_why, count_reviews, whys
from app.meetings.rounds import guess_of, guessing_groups, round_of
from app.models import Answer, Meeting, Participant, Prompt
from app.models.people import GROUPS
from app.results import linked
from app.results.disclosure import ABSENT, Rule
from app.results.kinds import COMPARED, TOP_WORDS, gap, summarise

ANSWER_COLUMNS = (Answer.id.label("answer_id"), Answer.prompt_id, Participant.group, Answer.value,
                  Answer.review)


def answer_rows(meeting: Meeting) -> Iterator[Row]:
    """Every current answer of the meeting's participants, in one query, streamed by
    prompt, then time: rows of (answer_id, prompt_id, group, value, review). No time
    leaves this module: what is shown is ordered by value (kinds.py, exports.py)."""
    return _rows(Participant.meeting_id == meeting.id)


def prompt_rows(prompt: Prompt) -> dict[str, list[Row]]:
    """{group: rows} of one prompt's answers, for the groups it is addressed to."""
    found = by_prompt(prompt.meeting, _rows(Answer.prompt_id == prompt.id))
    return next(found, (prompt, no_answers(prompt)))[1]


def _rows(where) -> Iterator[Row]:
    query = (
        select(*ANSWER_COLUMNS)
        .join(Participant, Answer.participant_id == Participant.id)
        .where(where)
        .order_by(Answer.prompt_id, Answer.recorded_at, Answer.id)
    )
    return iter(db.session.connection().execute(query))


def audience_groups(prompt: Prompt) -> tuple[str, ...]:
    # A guess (app/meetings/rounds.py) is made by youngsters and officers only.
    if guess_of(prompt.options):
        return guessing_groups()
    return GROUPS if prompt.audience == "everyone" else (prompt.audience,)


def no_answers(prompt: Prompt) -> dict[str, list]:
    return {group: [] for group in audience_groups(prompt)}


def by_prompt(meeting: Meeting, rows: Iterable[Row]) -> Iterator[tuple[Prompt, dict[str, list[Row]]]]:
    """(prompt, {group: rows}) for each answered prompt of the meeting, with the groups
    it is addressed to; other rows are dropped. Rows must come sorted by prompt: only one
    prompt's answers are held at a time (fewer objects, fewer full garbage collections)."""
    prompts = {p.id: p for p in meeting.prompts}
    for prompt_id, prompt_rows in groupby(rows, key=attrgetter("prompt_id")):
        if (prompt := prompts.get(prompt_id)) is None:
            continue
        groups = no_answers(prompt)
        for row in prompt_rows:
            if row.group in groups:
                groups[row.group].append(row)
        yield prompt, groups


def prompt_result(prompt: Prompt, rows_per_group: dict[str, list[Row]], rule: Rule,
                  top_words: int | None = TOP_WORDS) -> dict:
    """{"kind", "groups": {group: summary or hidden}, "gap" (scale and position only)}."""
    groups = {}
    moderated = prompt.kind in MODERATED
    for group, rows in rows_per_group.items():
        if why := rule.why_hidden(group, len(rows), [row.value for row in rows], prompt.kind):
            if why != ABSENT or len(rows_per_group) == 1:  # an absent group has no box at all
                groups[group] = rule.hidden(why)
            continue
        values = [row.value for row in rows if not moderated or row.review == "approved"]
        summary = summarise(prompt.kind, prompt.options or {}, values, top_words)
        groups[group] = {"hidden": False, "n": len(rows), **summary}
        if moderated:
            reviews = count_reviews(row.review for row in rows)
            groups[group].update(pending=reviews["pending"], rejected=reviews["rejected"])
        elif asks_why(prompt):
            groups[group].update(whys(rows))  # the cards count at once, a why once approved
    result = {"kind": prompt.kind, "groups": groups}
    if prompt.kind in COMPARED:
        result["gap"] = gap(groups.get("youngster"), groups.get("officer"))
    return result


def meeting_results(meeting: Meeting, top_words: int | None = TOP_WORDS,
                    rows: Iterable[Row] | None = None, rule: Rule | None = None) -> dict[int, dict]:
    """{prompt_id: prompt_result} for every prompt of the meeting, in prompt order.
    `rows` lets a caller that already loaded the answers (an export) reuse them."""
    rule = rule or Rule.of(meeting)
    answered = {prompt.id: prompt_result(prompt, groups, rule, top_words)
                for prompt, groups in by_prompt(meeting, answer_rows(meeting) if rows is None else rows)}
    found = {p.id: answered.get(p.id) or prompt_result(p, no_answers(p), rule) for p in meeting.prompts}
    for prompt in meeting.prompts:
        add_links(meeting, prompt, found[prompt.id], rule, found)
    return found


def add_links(meeting: Meeting, prompt: Prompt, result: dict, rule: Rule, found: dict | None = None) -> dict:
    """`result` with "rounds" (a line-up's second round) or "swap" (a guess) added, when
    the prompt it links to still exists with the right kind (app/results/linked.py);
    `found` (meeting_results so far) saves reading the own prompt's answers again."""
    options = prompt.options or {}
    if not (guess_of(options) or round_of(options)):
        return result
    prompts = {p.id: p for p in meeting.prompts}
    first = prompts.get(round_of(options))
    if first is not None and first.kind == "position" == prompt.kind and first.id != prompt.id:
        result["rounds"] = linked.rounds(first, prompt, tuple(result["groups"]), rule)
        return result
    own = prompts.get(guess_of(options))
    if own is not None and own.kind == prompt.kind and own.id != prompt.id:
        actual = (found or {}).get(own.id) or prompt_result(own, prompt_rows(own), rule)
        result["swap"] = {"own_id": own.id, "groups": linked.swap(prompt.kind, result, actual, rule)}
    return result
