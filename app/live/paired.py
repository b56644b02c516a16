"""The barometer as paired steps (issue 22, item 2: the phones' part).

A barometer item is two prompts (app/results/mirrored.py): youngsters rate the officers,
officers rate the youngsters. With facilitator pacing they are one step: the facilitator
moves to the pair's first prompt, each phone shows the half meant for its group (the
participant API names each prompt's `mirror`, static/js/participant/main.js picks), and
the projector shows both face to face. Stepping skips the pair's second prompt, so the
barometer takes half the steps. A pair's second prompt chosen by hand (the meeting page,
an old current prompt) is shown as its pair's step."""

from app import live
from app.models.people import GROUPS
from app.results import mirrored


def mirror_ids(found) -> dict[int, int]:
    """{prompt id: its mirrored prompt's id} for a meeting; a follow-up has no barometer."""
    return mirrored.mirrors(found) if hasattr(found, "prompts_version") else {}


def lead_of(prompt_id, pairs: dict[int, int], order: dict[int, int]):
    """The step a prompt is shown at: itself, or the first prompt of its pair."""
    mirror = pairs.get(prompt_id)
    return mirror if mirror is not None and order[mirror] < order[prompt_id] else prompt_id


def steps(meeting, pairs: dict[int, int] | None = None) -> list[int]:
    """The facilitator's steps in order: every prompt, each mirrored pair once."""
    pairs = mirrored.mirrors(meeting) if pairs is None else pairs
    order = {p.id: n for n, p in enumerate(meeting.prompts)}
    return [p.id for p in meeting.prompts if lead_of(p.id, pairs, order) == p.id]


def shown_prompt(meeting, asked, pairs: dict[int, int] | None = None):
    """live.shown_prompt, a pair's second prompt replaced by its first."""
    prompt = live.shown_prompt(meeting, asked)
    if prompt is None:
        return None
    pairs = mirrored.mirrors(meeting) if pairs is None else pairs
    order = {p.id: n for n, p in enumerate(meeting.prompts)}
    lead = lead_of(prompt.id, pairs, order)
    return next(p for p in meeting.prompts if p.id == lead)


def halves(meeting, prompt, pairs: dict[int, int] | None = None) -> dict[str, int]:
    """{group: the prompt whose answers that group gives at this step}: the step's prompt,
    and for a barometer pair the mirrored prompt for the group it is asked of."""
    pairs = mirrored.mirrors(meeting) if pairs is None else pairs
    ids = dict.fromkeys(GROUPS, prompt.id)
    mirror = next((p for p in meeting.prompts if p.id == pairs.get(prompt.id)), None)
    if mirror is not None:
        ids[mirror.audience] = mirror.id
    return ids


def shown_now(meeting) -> set[int]:
    """The prompts the phones show now (facilitator pacing): the current one and its mirror."""
    if meeting.pacing != "facilitator" or meeting.current_prompt_id is None:
        return set()
    mirror = mirrored.mirrors(meeting).get(meeting.current_prompt_id)
    return {meeting.current_prompt_id} | ({mirror} if mirror else set())
