"""The trust barometer's scoring (app/network/barometer.py), against hand-computed examples."""

import pytest

from app.network import barometer


def test_items_cover_every_dimension_for_both_groups_in_three_languages():
    assert set(barometer.DIMENSION_OF.values()) == set(barometer.DIMENSIONS)
    for _dimension, _item, texts in barometer.ITEMS:
        assert set(texts) == {"youngster", "officer"}
        for wording in texts.values():
            assert all(wording[lang] for lang in ("nl", "en", "fr"))
    specs = barometer.prompt_specs()
    assert len(specs) == 2 * len(barometer.ITEMS)
    assert {s["audience"] for s in specs} == {"youngster", "officer"}
    assert all(s["kind"] == "scale" and s["options"] == {"min": 1, "max": 5, "style": "faces"} for s in specs)


@pytest.mark.parametrize(("value", "score"), [(1, 0), (2, 25), (3, 50), (4, 75), (5, 100), (3.5, 62.5)])
def test_rescale(value, score):
    assert barometer.rescale(value) == score


def test_needed_is_at_least_half():
    assert barometer.ITEMS_PER_DIMENSION == {"voice": 2, "respect": 1, "neutrality": 2, "trust": 1,
                                             "explanation": 1, "responsiveness": 1, "general_trust": 1}
    assert {d: barometer.needed(d) for d in barometer.DIMENSIONS} == dict.fromkeys(barometer.DIMENSIONS, 1)


def test_person_scores_by_hand():
    # voice: (4 + 5) / 2 = 4.5 -> 87.5; respect: 2 -> 25; neutrality: only "fair" = 3 -> 50
    # (1 of 2 answered: half is enough); trust: not answered -> None.
    scores = barometer.person_scores(
        {"voice.listened": 4, "voice.say": 5, "respect.respected": 2, "neutrality.fair": 3}
    )
    assert scores == {"voice": 87.5, "respect": 25.0, "neutrality": 50.0, "trust": None,
                      "explanation": None, "responsiveness": None, "general_trust": None}


def test_general_trust_is_scored_on_its_own_0_to_10_scale():
    # 0-10 like the ESS's trust in the police: 7 -> 70; the 1-5 items keep their scale.
    scores = barometer.person_scores({"general_trust.level": 7, "explanation.explained": 4,
                                      "responsiveness.serious": 1})
    assert scores["general_trust"] == 70.0
    assert scores["explanation"] == 75.0 and scores["responsiveness"] == 0.0


def test_dimension_score_needs_half_of_the_items(monkeypatch):
    monkeypatch.setitem(barometer.ITEMS_PER_DIMENSION, "voice", 4)  # a longer scale: 2 of 4 needed
    assert barometer.dimension_score([5, None, None, None], "voice") is None
    assert barometer.dimension_score([5, 4, None, None], "voice") == 87.5
    assert barometer.dimension_score([], "trust") is None
    assert barometer.dimension_score([None], "trust") is None
    assert barometer.dimension_score([1], "trust") == 0
