"""The rules an answer's value must follow, kind by kind (no database needed)."""

import pytest

from app.meetings.prompt_kinds import KINDS, InvalidValue, clean_value, default_options

SCALE = {"min": 1, "max": 10}
FIVE_FACES = {"min": 1, "max": 5, "style": "faces"}
CARDS = default_options("cards")  # ten feelings cards, at most 3 picks
SINGLE = default_options("single")  # yes / no
MULTIPLE = {"choices": [{"key": k, "label": {"nl": k}} for k in ("a", "b", "c")], "max_picks": None}
MULTIPLE_TWO = {**MULTIPLE, "max_picks": 2}
WORDS = default_options("words")
TEXT = default_options("text")  # max_length 280


def test_every_kind_has_default_options_and_a_rule():
    for kind in KINDS:
        assert isinstance(default_options(kind), dict)
    # A kind's defaults must accept at least one answer, or nobody could answer it.
    samples = {"scale": 5, "position": 50, "cards": ["happy"], "words": ["fijn"], "text": "Goed",
               "single": "yes", "multiple": ["yes", "no"],
               "storyline": {"arrival": 2, "game": 5, "talk": 4, "goodbye": 4},
               "spokes": {"respect": 7, "listening": 0, "fun": 10, "safety": 8}}
    assert set(samples) == set(KINDS)
    for kind, value in samples.items():
        assert clean_value(kind, default_options(kind), value) == value


@pytest.mark.parametrize(("kind", "options", "value", "expected"), [
    ("scale", SCALE, 1, 1),
    ("scale", SCALE, 10, 10),
    ("scale", SCALE, 7, 7),
    ("scale", FIVE_FACES, 5, 5),
    ("scale", {"min": 0, "max": 3}, 0, 0),
    ("position", {}, 0, 0),
    ("position", {}, 100, 100),
    ("position", {}, 37, 37),
    ("cards", CARDS, ["happy"], ["happy"]),
    ("cards", CARDS, ["safe", "heard", "angry"], ["safe", "heard", "angry"]),
    ("cards", {**CARDS, "max_picks": None}, ["happy", "safe", "heard", "sad"],
     ["happy", "safe", "heard", "sad"]),
    ("single", SINGLE, "yes", "yes"),
    ("single", SINGLE, "no", "no"),
    ("multiple", MULTIPLE, ["a", "b", "c"], ["a", "b", "c"]),
    ("multiple", MULTIPLE_TWO, ["c", "a"], ["c", "a"]),
    ("words", WORDS, ["fijn"], ["fijn"]),
    ("words", WORDS, "fijn", ["fijn"]),
    ("words", WORDS, ["een", "twee", "drie"], ["een", "twee", "drie"]),
    ("words", WORDS, ["  heel   \t fijn  "], ["heel fijn"]),
    ("words", WORDS, ["een", "  ", "", "twee"], ["een", "twee"]),
    ("words", WORDS, ["x" * 30], ["x" * 30]),
    ("words", WORDS, ["a\x00b"], ["ab"]),
    ("words", {"max_words": 1}, ["één"], ["één"]),
    ("text", TEXT, "Goed gesprek", "Goed gesprek"),
    ("text", TEXT, "  rond \n en rond  ", "rond \n en rond"),
    ("text", TEXT, "a\r\nb", "a\nb"),
    ("text", TEXT, "nul\x00byte\x07", "nulbyte"),
    ("text", TEXT, "x" * 280, "x" * 280),
    ("text", TEXT, "   " + "x" * 280 + "   ", "x" * 280),
    ("text", {"max_length": 500}, "é" * 500, "é" * 500),
    ("text", {"max_length": 10_000}, "x" * 500, "x" * 500),
    ("text", {}, "x" * 280, "x" * 280),
])
def test_valid_values_are_normalised(kind, options, value, expected):
    assert clean_value(kind, options, value) == expected


@pytest.mark.parametrize(("kind", "options", "value"), [
    # scale and position: whole numbers in range, never bools, floats or strings
    ("scale", SCALE, 0),
    ("scale", SCALE, 11),
    ("scale", SCALE, -1),
    ("scale", FIVE_FACES, 6),
    ("scale", SCALE, True),
    ("scale", SCALE, False),
    ("scale", SCALE, 5.0),
    ("scale", SCALE, 5.5),
    ("scale", SCALE, "5"),
    ("scale", SCALE, None),
    ("scale", SCALE, [5]),
    ("scale", SCALE, {"value": 5}),
    ("scale", SCALE, float("nan")),
    ("position", {}, -1),
    ("position", {}, 101),
    ("position", {}, 50.0),
    ("position", {}, True),
    ("position", {}, "50"),
    ("position", {}, None),
    # cards: known keys, each once, not too many, at least one
    ("cards", CARDS, []),
    ("cards", CARDS, ["unknown"]),
    ("cards", CARDS, ["happy", "unknown"]),
    ("cards", CARDS, ["happy", "happy"]),
    ("cards", CARDS, ["happy", "safe", "heard", "sad"]),
    ("cards", CARDS, "happy"),
    ("cards", CARDS, [1]),
    ("cards", CARDS, [["happy"]]),
    ("cards", CARDS, None),
    ("cards", CARDS, {"happy": True}),
    # single: one known key as a string
    ("single", SINGLE, "maybe"),
    ("single", SINGLE, ["yes"]),
    ("single", SINGLE, ""),
    ("single", SINGLE, None),
    ("single", SINGLE, 1),
    ("single", SINGLE, True),
    # multiple: like cards
    ("multiple", MULTIPLE, []),
    ("multiple", MULTIPLE, ["d"]),
    ("multiple", MULTIPLE, ["a", "a"]),
    ("multiple", MULTIPLE_TWO, ["a", "b", "c"]),
    ("multiple", MULTIPLE, "a"),
    ("multiple", MULTIPLE, [None]),
    # words: at most 3, at most 30 letters each, strings only, at least one
    ("words", WORDS, []),
    ("words", WORDS, [""]),
    ("words", WORDS, ["   ", "\t\n"]),
    ("words", WORDS, "   "),
    ("words", WORDS, ["een", "twee", "drie", "vier"]),
    ("words", WORDS, ["x" * 31]),
    ("words", WORDS, ["  " + "x" * 31 + "  "]),
    ("words", WORDS, ["een", 2]),
    ("words", WORDS, [["een"]]),
    ("words", WORDS, 3),
    ("words", WORDS, None),
    ("words", WORDS, {"word": "een"}),
    ("words", {"max_words": 1}, ["een", "twee"]),
    # text: something written, within the prompt's length and the hard cap of 500
    ("text", TEXT, ""),
    ("text", TEXT, "   \n\t "),
    ("text", TEXT, "\x00\x01"),
    ("text", TEXT, "x" * 281),
    ("text", {"max_length": 10_000}, "x" * 501),
    ("text", {"max_length": 20}, "x" * 21),
    ("text", TEXT, None),
    ("text", TEXT, 42),
    ("text", TEXT, ["tekst"]),
])
def test_invalid_values_are_refused(kind, options, value):
    with pytest.raises(InvalidValue) as refused:
        clean_value(kind, options, value)
    assert str(refused.value.args[0])  # a message the phone can show


def test_messages_name_the_limit(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        with pytest.raises(InvalidValue) as too_high:
            clean_value("scale", FIVE_FACES, 6)
        assert str(too_high.value.args[0]) == "Choose a number from 1 to 5."
        with pytest.raises(InvalidValue) as too_long:
            clean_value("text", {"max_length": 20}, "x" * 21)
        assert "20" in str(too_long.value.args[0])
        with pytest.raises(InvalidValue) as too_many:
            clean_value("cards", CARDS, ["happy", "safe", "heard", "sad"])
        assert "3" in str(too_many.value.args[0])
