"""The trust barometer face to face (issue 22, item 2: the projector's and the report's part).

A barometer item is two scale prompts with the same key (app/network/barometer.py):
youngsters answer it about the officers, officers about the youngsters. Shown apart, the
room never sees the two side by side. Here one item becomes one result: the youngsters'
box holds the youngsters' answers to their statement, the officers' box the officers'
answers to theirs, each behind the disclosure rule of its own prompt, with the gap and the
headline (app/results/headlines.py) comparing them, and each group's statement."""

from collections import defaultdict

from sqlalchemy import select

from app.extensions import db
from app.models import Prompt
from app.models.library import BarometerPrompt
from app.network.barometer import AUDIENCES
from app.results.kinds import gap


def mirrors(meeting) -> dict[int, int]:
    """{prompt id: the id of its mirrored prompt} for the meeting's barometer items asked of
    both youngsters and officers."""
    rows = db.session.execute(
        select(BarometerPrompt.prompt_id, BarometerPrompt.item, Prompt.audience)
        .join(Prompt, Prompt.id == BarometerPrompt.prompt_id)
        .where(Prompt.meeting_id == meeting.id)
    )
    items: dict[str, dict[str, int]] = defaultdict(dict)
    for prompt_id, item, audience in rows:
        items[item][audience] = prompt_id
    found = {}
    for pair in items.values():
        if all(audience in pair for audience in AUDIENCES):
            young, officer = (pair[audience] for audience in AUDIENCES)
            found[young], found[officer] = officer, young
    return found


def face_to_face(prompts: dict[int, Prompt], results: dict[int, dict], language: str) -> dict:
    """One result from a mirrored pair's two results ({prompt id: result}, two entries):
    each group's own answers, the gap, and "statements": {group: what that group rated}."""
    by_audience = {prompts[pid].audience: pid for pid in results}
    groups, statements = {}, {}
    for audience in AUDIENCES:
        pid = by_audience[audience]
        groups[audience] = results[pid]["groups"].get(audience)
        text = prompts[pid].text or {}
        statements[audience] = text.get(language) or text.get("nl", "")
    return {"kind": "scale", "groups": groups, "gap": gap(groups["youngster"], groups["officer"]),
            "statements": statements}


def pair_up(meeting, results: dict[int, dict], language: str) -> dict[int, dict]:
    """The report's results with each mirrored pair face to face: the pair's first prompt
    carries the pair, the second says where it is shown ("shown_with": its number)."""
    pairs = mirrors(meeting)
    prompts = {p.id: p for p in meeting.prompts}
    numbers = {p.id: n for n, p in enumerate(meeting.prompts, start=1)}
    out = dict(results)
    for pid, mirror in pairs.items():
        if pid not in results or mirror not in results:
            continue
        if numbers[pid] < numbers[mirror]:
            out[pid] = face_to_face(prompts, {pid: results[pid], mirror: results[mirror]}, language)
        else:
            out[pid] = {**results[pid], "shown_with": numbers[mirror]}
    return out
