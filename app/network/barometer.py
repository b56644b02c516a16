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

DIMENSIONS = ("voice", "respect", "neutrality", "trust")
SCALE_MIN, SCALE_MAX = 1, 5
OPTIONS = {"min": SCALE_MIN, "max": SCALE_MAX, "style": "faces"}
AUDIENCES = ("youngster", "officer")

# (dimension, item, {audience: {language: text}}). The wording per group is the same
# statement seen from that group's side; "the others" are officers for youngsters,
# youngsters for officers.
ITEMS = (
    (
        "voice",
        "listened",
        {
            "youngster": {
                "nl": "De agenten luisterden naar mij.",
                "en": "The officers listened to me.",
                "fr": "Les policier·ères m'ont écouté·e.",
            },
            "officer": {
                "nl": "De jongeren luisterden naar mij.",
                "en": "The youngsters listened to me.",
                "fr": "Les jeunes m'ont écouté·e.",
            },
        },
    ),
    (
        "voice",
        "say",
        {
            "youngster": {
                "nl": "Ik kon tegen de agenten zeggen wat ik wilde zeggen.",
                "en": "I could tell the officers what I wanted to say.",
                "fr": "J'ai pu dire aux policier·ères ce que je voulais dire.",
            },
            "officer": {
                "nl": "Ik kon tegen de jongeren zeggen wat ik wilde zeggen.",
                "en": "I could tell the youngsters what I wanted to say.",
                "fr": "J'ai pu dire aux jeunes ce que je voulais dire.",
            },
        },
    ),
    (
        "respect",
        "respected",
        {
            "youngster": {
                "nl": "De agenten behandelden mij met respect.",
                "en": "The officers treated me with respect.",
                "fr": "Les policier·ères m'ont traité·e avec respect.",
            },
            "officer": {
                "nl": "De jongeren behandelden mij met respect.",
                "en": "The youngsters treated me with respect.",
                "fr": "Les jeunes m'ont traité·e avec respect.",
            },
        },
    ),
    (
        "neutrality",
        "fair",
        {
            "youngster": {
                "nl": "De agenten waren eerlijk.",
                "en": "The officers were fair.",
                "fr": "Les policier·ères ont été justes.",
            },
            "officer": {
                "nl": "De jongeren waren eerlijk.",
                "en": "The youngsters were fair.",
                "fr": "Les jeunes ont été justes.",
            },
        },
    ),
    (
        "neutrality",
        "equal",
        {
            "youngster": {
                "nl": "De agenten behandelden iedereen gelijk.",
                "en": "The officers treated everyone equally.",
                "fr": "Les policier·ères ont traité tout le monde de la même façon.",
            },
            "officer": {
                "nl": "De jongeren behandelden iedereen gelijk.",
                "en": "The youngsters treated everyone equally.",
                "fr": "Les jeunes ont traité tout le monde de la même façon.",
            },
        },
    ),
    (
        "trust",
        "more",
        {
            "youngster": {
                "nl": "Ik vertrouw agenten meer dan voor deze ontmoeting.",
                "en": "I trust officers more than before this meeting.",
                "fr": "Je fais plus confiance aux policier·ères qu'avant cette rencontre.",
            },
            "officer": {
                "nl": "Ik vertrouw jongeren meer dan voor deze ontmoeting.",
                "en": "I trust youngsters more than before this meeting.",
                "fr": "Je fais plus confiance aux jeunes qu'avant cette rencontre.",
            },
        },
    ),
)

ITEM_KEYS = tuple(f"{dimension}.{item}" for dimension, item, _ in ITEMS)
DIMENSION_OF = {f"{dimension}.{item}": dimension for dimension, item, _ in ITEMS}
ITEMS_PER_DIMENSION = {d: sum(1 for key in ITEM_KEYS if DIMENSION_OF[key] == d) for d in DIMENSIONS}


def needed(dimension: str) -> int:
    """How many of a dimension's items a person must answer to be scored: at least half."""
    return math.ceil(ITEMS_PER_DIMENSION[dimension] / 2)


def rescale(mean: float) -> float:
    """1–5 onto 0–100."""
    return (mean - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * 100


def dimension_score(values: list, dimension: str) -> float | None:
    """One person's score on one dimension from the values they gave its items
    (None or missing: not answered); None when fewer than half were answered."""
    answered = [v for v in values if v is not None]
    if not answered or len(answered) < needed(dimension):
        return None
    return rescale(sum(answered) / len(answered))


def person_scores(answers: dict[str, int]) -> dict[str, float | None]:
    """{item key: value} of one person -> {dimension: 0–100 score or None}."""
    return {
        d: dimension_score([v for key, v in answers.items() if DIMENSION_OF.get(key) == d], d)
        for d in DIMENSIONS
    }


def prompt_specs() -> list[dict]:
    """The barometer as prompts: for each item, one per audience (youngsters first)."""
    return [
        {
            "kind": "scale",
            "text": dict(texts[audience]),
            "options": dict(OPTIONS),
            "audience": audience,
            "item": f"{dimension}.{item}",
        }
        for audience in AUDIENCES
        for dimension, item, texts in ITEMS
    ]


def prompt_ids(meeting) -> set[int]:
    """The meeting's prompts that are barometer items."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models.library import BarometerPrompt
    from app.models.meeting import Prompt

    return set(
        db.session.scalars(
            select(BarometerPrompt.prompt_id)
            .join(Prompt, Prompt.id == BarometerPrompt.prompt_id)
            .where(Prompt.meeting_id == meeting.id)
        )
    )


def is_included(meeting) -> bool:
    return bool(prompt_ids(meeting))


def add_to(meeting) -> bool:
    """Add the barometer's prompts after the meeting's own (not committed: the caller
    commits, together with whatever else it does). False when it already has them."""
    from app import live
    from app.extensions import db
    from app.models.library import BarometerPrompt
    from app.models.meeting import Prompt

    if meeting.id is not None and is_included(meeting):
        return False
    position = max((p.position for p in meeting.prompts), default=0)
    for spec in prompt_specs():
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
