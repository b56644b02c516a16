"""The trust barometer: a standard set of items asked at every meeting, worded for
each group and scored the same way, so that meetings can be compared over time
(docs/BAROMETER.md: the items, their sources and the scoring).

Each item is a scale prompt (five faces, 1 = not at all, 5 = completely) asked twice:
once to youngsters about the officers, once to officers about the youngsters (the
prompt's audience). Both carry the same stable key in `Prompt.barometer_item`
("dimension.item"), which is what the dashboard groups by.

Scoring, per person and dimension: the mean of the dimension's items that person
answered, only when at least half of its items were answered, rescaled from 1–5 to
0–100: (mean - 1) / (5 - 1) * 100."""

import math

from app.network.barometer_items import EVERY_MEETING, SERIES_ENDS, SOURCES

DIMENSIONS = ("voice", "respect", "neutrality", "trust", "explanation", "responsiveness", "general_trust")
SCALE_MIN, SCALE_MAX = 1, 5
OPTIONS = {"min": SCALE_MIN, "max": SCALE_MAX, "style": "faces"}
# general_trust is 0-10 like the ESS's trust in the police (docs/BAROMETER.md).
SCALES = {d: (SCALE_MIN, SCALE_MAX) for d in DIMENSIONS} | {"general_trust": (0, 10)}
AUDIENCES = ("youngster", "officer")

# (dimension, item, {audience: {language: text}}), in app/network/barometer_items.py.
# ITEMS are asked at every meeting; SERIES_ENDS at the first and last meeting of a series.
ITEMS = EVERY_MEETING
ALL_ITEMS = EVERY_MEETING + SERIES_ENDS
ITEM_KEYS = tuple(f"{dimension}.{item}" for dimension, item, _ in ITEMS)
SERIES_KEYS = tuple(f"{dimension}.{item}" for dimension, item, _ in SERIES_ENDS)
ALL_KEYS = ITEM_KEYS + SERIES_KEYS
DIMENSION_OF = {f"{dimension}.{item}": dimension for dimension, item, _ in ALL_ITEMS}
ITEMS_PER_DIMENSION = {d: sum(1 for key in ALL_KEYS if DIMENSION_OF[key] == d) for d in DIMENSIONS}


def options_of(dimension: str) -> dict:
    low, high = SCALES[dimension]
    return dict(OPTIONS) if (low, high) == (SCALE_MIN, SCALE_MAX) else {"min": low, "max": high,
                                                                      "style": "numbers"}


def needed(dimension: str) -> int:
    """How many of a dimension's items a person must answer to be scored: at least half."""
    return math.ceil(ITEMS_PER_DIMENSION[dimension] / 2)


def rescale(mean: float, dimension: str = "voice") -> float:
    """The dimension's scale (1–5, or 0–10 for general trust) onto 0–100."""
    low, high = SCALES[dimension]
    return (mean - low) / (high - low) * 100


def dimension_score(values: list, dimension: str) -> float | None:
    """One person's score on one dimension from the values they gave its items
    (None or missing: not answered); None when fewer than half were answered."""
    answered = [v for v in values if v is not None]
    if not answered or len(answered) < needed(dimension):
        return None
    return rescale(sum(answered) / len(answered), dimension)


def person_scores(answers: dict[str, int]) -> dict[str, float | None]:
    """{item key: value} of one person -> {dimension: 0–100 score or None}."""
    return {
        d: dimension_score([v for key, v in answers.items() if DIMENSION_OF.get(key) == d], d)
        for d in DIMENSIONS
    }


def prompt_specs(items=ITEMS) -> list[dict]:
    """The barometer as prompts: for each item, one per audience (youngsters first)."""
    return [
        {
            "kind": "scale",
            "text": dict(texts[audience]),
            "options": options_of(dimension),
            "audience": audience,
            "item": f"{dimension}.{item}",
        }
        for audience in AUDIENCES
        for dimension, item, texts in items
    ]


def _items_of(meeting) -> dict[int, str]:
    """{prompt id: item key} of the meeting's barometer prompts."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models.library import BarometerPrompt
    from app.models.meeting import Prompt

    return dict(
        db.session.execute(
            select(BarometerPrompt.prompt_id, BarometerPrompt.item)
            .join(Prompt, Prompt.id == BarometerPrompt.prompt_id)
            .where(Prompt.meeting_id == meeting.id)
        ).all()
    )


def prompt_ids(meeting) -> set[int]:
    """The meeting's prompts that are barometer items."""
    return set(_items_of(meeting))


def is_included(meeting, items=ITEMS) -> bool:
    """Whether the meeting asks every one of these items."""
    have = set(_items_of(meeting).values()) if meeting.id is not None else set()
    return all(f"{d}.{i}" in have for d, i, _ in items)


def add_to(meeting, items=ITEMS) -> bool:
    """Add the barometer's prompts the meeting does not ask yet after its own (not
    committed: the caller commits, together with whatever else it does). A meeting
    made before items were added gets only the new ones. False when it has them all.
    items=SERIES_ENDS: general trust, at the first and last meeting of a series."""
    from app import live
    from app.extensions import db
    from app.models.library import BarometerPrompt
    from app.models.meeting import Prompt

    have = set(_items_of(meeting).values()) if meeting.id is not None else set()
    missing = [spec for spec in prompt_specs(items) if spec["item"] not in have]
    if not missing:
        return False
    position = max((p.position for p in meeting.prompts), default=0)
    for spec in missing:
        position += 1
        prompt = Prompt(
            kind=spec["kind"],
            text=spec["text"],
            options=spec["options"],
            audience=spec["audience"],
            position=position,
        )
        meeting.prompts.append(prompt)
        db.session.flush()
        db.session.add(BarometerPrompt(prompt_id=prompt.id, item=spec["item"]))
    live.prompts_changed(meeting)  # new prompts: the projector and the answer path's prompt cache see them
    return True


def codebook_rows() -> list[list[str]]:
    """The codebook exported with the barometer CSV: one row per item and group."""
    rows = [["item_id", "dimension", "group", "asked", "scale", "wording_nl", "wording_en", "wording_fr",
             "source"]]
    for asked, items in (("every meeting", ITEMS), ("first and last meeting of a series", SERIES_ENDS)):
        for dimension, item, texts in items:
            low, high = SCALES[dimension]
            scale = f"{low}-{high} (faces: 1 = not at all, 5 = completely)" if high == SCALE_MAX else (
                f"{low}-{high} (0 = not at all, 10 = completely)")
            for audience in AUDIENCES:
                key = f"{dimension}.{item}"
                rows.append([key, dimension, audience, asked, scale, *(texts[audience][lang]
                                                                       for lang in ("nl", "en", "fr")),
                             SOURCES[key]])
    return rows
