"""A valid answer for a prompt of every kind, as a phone would send it: for the benches
(bench/) and tests that must drive every kind. Keyed by the kinds of
app/meetings/prompt_kinds.py: a new kind without a sample fails tests/test_sample_values.py,
so no bench can fall over on a kind added later (it once did: `KeyError: 'spokes'`)."""

import random

WORDS = ["respect", "voetbal", "open", "luisteren", "samen", "eerlijk", "chill", "spannend"]
TEXTS = ["Goed gesprek.", "Kom vaker langs.", "Luister eerst.", "Meer van dit, en wat langer."]


def _keys(options: dict, field: str) -> list[str]:
    return [item["key"] for item in options.get(field, [])]


def _picks(rng: random.Random, keys: list[str], most: int | None) -> list[str]:
    return rng.sample(keys, rng.randint(1, min(len(keys), most or len(keys))))


SAMPLES = {
    "scale": lambda o, rng: rng.randint(o.get("min", 1), o.get("max", 10)),
    "position": lambda o, rng: rng.randint(0, 100),
    "cards": lambda o, rng: _picks(rng, _keys(o, "cards"), o.get("max_picks")),
    "words": lambda o, rng: rng.sample(WORDS, rng.randint(1, o.get("max_words") or 3)),
    "text": lambda o, rng: rng.choice(TEXTS),
    "single": lambda o, rng: rng.choice(_keys(o, "choices")),
    "multiple": lambda o, rng: _picks(rng, _keys(o, "choices"), o.get("max_picks")),
    "storyline": lambda o, rng: {k: rng.randint(1, o.get("levels") or 5) for k in _keys(o, "phases")},
    "spokes": lambda o, rng: {k: rng.randint(0, 10) for k in _keys(o, "spokes")},
}


def sample_value(kind: str, options: dict | None, rng: random.Random | None = None):
    """A random valid value for a prompt of `kind` with these options."""
    return SAMPLES[kind](options or {}, rng or random.Random())


def samples_of(prompt, n: int = 20, seed: int = 0) -> list:
    """`n` values for this prompt, to hand to a load generator that does not load the app."""
    rng = random.Random(seed)
    return [sample_value(prompt.kind, prompt.options, rng) for _ in range(n)]
