"""A meeting's data for reports and archives: a CSV of the answers, a JSON of everything.

app/results/disclosure.py's rule applies here as on the projector: the answers of a group it
hides on a prompt (fewer than K, more phones than the room holds, all the same) are
left out, and the results are app.results' own. Nothing links a row to a phone or to
the other answers of the same phone: no device token, participant, answer id or UUID,
no time, and within a prompt and group the rows are sorted by value, not by the order
they were given (in that order, the n-th rows of two prompts would often be one person).
Moderated answers (open text, words): rejected ones are left out, and counted per
prompt in the JSON; the others say "approved" or "pending" under "moderation"."""

import json
import re
import unicodedata
from datetime import UTC, datetime

from sqlalchemy import Row

from app.live import moderation
from app.meetings.prompt_kinds import localize
from app.meetings.rounds import guess_of, round_of
from app.models import Meeting, Prompt
from app.results import csv_cells, disclosure, per_prompt
from app.results.disclosure import Rule

COLUMNS = ("prompt", "kind", "question", "group", "value", "moderation")
CHOSEN = {"cards": "cards", "single": "choices", "multiple": "choices"}
LEVELLED = {"storyline": "phases", "spokes": "spokes"}


def _labels(prompt: Prompt, field: str, language: str) -> dict[str, str]:
    return {item["key"]: localize(item["label"], language) or item["key"]
            for item in (prompt.options or {}).get(field, [])}


def shown_value(prompt: Prompt, value, language: str, review: str | None = None):
    """Cards and choices by their label in the meeting's language; a storyline's phases
    and the spokes as {label: number}; a card's why only unless rejected; the rest as given."""
    if prompt.kind in LEVELLED and isinstance(value, dict):
        labels = _labels(prompt, LEVELLED[prompt.kind], language)
        return {labels.get(key, key): level for key, level in value.items()}
    if prompt.kind == "cards" and isinstance(value, dict):
        cards = shown_value(prompt, value.get("cards", []), language)
        return {"cards": cards, "why": value.get("why", "")} if review != "rejected" else cards
    field = CHOSEN.get(prompt.kind)
    if field is None:
        return value
    labels = {item["key"]: localize(item["label"], language) for item in prompt.options.get(field, [])}
    keys = value if isinstance(value, list) else [value]
    shown = [labels.get(key, key) for key in keys]
    return shown if isinstance(value, list) else shown[0]


def by_value(row: dict) -> str:
    return json.dumps(row["value"], sort_keys=True, ensure_ascii=False) + row["moderation"]


def answer_rows(meeting: Meeting, rows: list[Row] | None = None, rule: Rule | None = None) -> list[dict]:
    """One dict per shown answer (COLUMNS), by prompt, then group, then value. The rule
    counts every answer given; rejected answers are then left out."""
    rows = per_prompt.answer_rows(meeting) if rows is None else rows
    grouped = {prompt.id: groups for prompt, groups in per_prompt.by_prompt(meeting, rows)}
    rule = rule or Rule.of(meeting)
    positions = {p.id: p.position for p in meeting.prompts}
    found = []
    for prompt in meeting.prompts:
        question = localize(prompt.text, meeting.language) + link_note(prompt, positions)
        for group, group_rows in grouped.get(prompt.id, {}).items():
            if rule.why_hidden(group, len(group_rows), [row.value for row in group_rows], prompt.kind):
                continue
            shown = [{"prompt": prompt.position, "kind": prompt.kind, "question": question, "group": group,
                      "value": shown_value(prompt, row.value, meeting.language, row.review),
                      "moderation": row.review or ""}
                     for row in group_rows if row.review != "rejected" or prompt.kind == "cards"]
            found += sorted(shown, key=by_value)
    return found


def link_note(prompt: Prompt, positions: dict[int, int]) -> str:
    """" [round 2 of prompt 3]" or " [guess of prompt 3]" after a linked prompt's question
    (app/meetings/rounds.py; a guess row's group guessed the other group's answer); "" otherwise."""
    if (first := round_of(prompt.options)) in positions:
        return f" [round 2 of prompt {positions[first]}]"
    if (own := guess_of(prompt.options)) in positions:
        return f" [guess of prompt {positions[own]}]"
    return ""


def cell(value):
    """A CSV cell: lists joined with "; ", {key: value} as "key: value; key: value"
    ("arrival: 4; game: 5", "cards: happy, safe; why: …"); the writer escapes formulas
    (app/results/csv_cells.py)."""
    if isinstance(value, dict):
        value = "; ".join(f"{key}: {', '.join(v) if isinstance(v, list) else v}" for key, v in value.items())
    if isinstance(value, list):
        value = "; ".join(value)
    return value


def to_csv(meeting: Meeting) -> str:
    """UTF-8 with a byte order mark, so that Excel reads accents right."""
    rows = [[cell(row[c]) for c in COLUMNS] for row in answer_rows(meeting)]
    return csv_cells.write([COLUMNS, *rows], byte_order_mark=True)


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def to_json(meeting: Meeting) -> dict:
    """The whole meeting for the archive: settings, prompts with their results, answers."""
    rows, rule = list(per_prompt.answer_rows(meeting)), Rule.of(meeting)
    found = per_prompt.meeting_results(meeting, rows=rows, rule=rule)
    reviews, positions = {}, {p.id: p.position for p in meeting.prompts}
    for row in rows:
        reviews.setdefault(row.prompt_id, []).append(row.review)
    return {
        "meeting": {
            "title": meeting.title, "code": meeting.code, "language": meeting.language,
            "status": meeting.status, "pacing": meeting.pacing,
            "anonymity_threshold": disclosure.threshold(meeting),
            "created_at": _iso(meeting.created_at), "opened_at": _iso(meeting.opened_at),
            "closed_at": _iso(meeting.closed_at),
        },
        "prompts": [
            {"position": p.position, "kind": p.kind, "audience": p.audience, "text": p.text,
             "options": p.options, "result": found[p.id], **links_json(p, positions),
             **({"moderation": moderation.count_reviews(reviews.get(p.id, ()))}
                if p.kind in moderation.MODERATED or moderation.asks_why(p) else {})}
            for p in meeting.prompts
        ],
        "answers": answer_rows(meeting, rows, rule),
    }


def links_json(prompt: Prompt, positions: dict[int, int]) -> dict:
    """{"round_of": 3} or {"guess_of": 3}: the linked prompt's position (app/meetings/rounds.py)."""
    if (first := round_of(prompt.options)) in positions:
        return {"round_of": positions[first]}
    if (own := guess_of(prompt.options)) in positions:
        return {"guess_of": positions[own]}
    return {}


def filename(meeting: Meeting, extension: str) -> str:
    """allo-<title in plain ASCII>-<code>.<extension>, safe in any header and file system."""
    plain = unicodedata.normalize("NFKD", meeting.title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:40].strip("-")
    return "-".join(part for part in ("allo", slug, meeting.code) if part) + f".{extension}"
