"""Every prompt kind has a sample answer (app/meetings/sample_values.py) that the kind's own
rules accept: the benches drive every kind, and a kind added later cannot break them."""

import random

from app.meetings import defaults, prompt_kinds, sample_values


def test_every_kind_has_a_sample():
    assert set(sample_values.SAMPLES) == set(prompt_kinds.KINDS)


def test_every_sample_is_a_valid_answer(ctx):
    rng = random.Random(7)
    for kind in prompt_kinds.KINDS:
        options = defaults.OPTIONS[kind]()
        for _ in range(30):
            value = sample_values.sample_value(kind, options, rng)
            assert prompt_kinds.clean_value(kind, options, value) is not None, kind
