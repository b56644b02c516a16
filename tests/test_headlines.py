"""The headline above a barometer or line-up (app/results/headlines.py): the rule on
hand-made distributions, and its words in en, nl and fr."""

import pytest

from app.meetings import defaults
from app.results import headlines
from app.results.headlines import HIGHER_O, HIGHER_Y, SAME, SPREAD, compare, shape_distance


@pytest.mark.parametrize(("young", "officer", "width", "verdict"), [
    # The issue's case: means 3.2 and 3.8 on 1-5, bars visibly different, medians both 3 or 4.
    ([1, 3, 3, 4, 5], [3, 3, 4, 5, 4], 4, HIGHER_O),
    # 3.2 against 3.6 on 1-5: within 10 % of the width (0.4), shapes one in five apart.
    ([2, 3, 3, 4, 4], [3, 3, 4, 4, 4], 4, SAME),
    # Identical answers: the same.
    ([4, 5, 6], [4, 5, 6], 9, SAME),
    # One person of three elsewhere, the averages close: still about the same.
    ([4, 5, 6], [4, 5, 7], 9, SAME),
    # Same average, but one group agrees and the other is divided.
    ([1, 1, 9, 9], [5, 5, 5, 5], 9, SPREAD),
    ([1, 5, 9], [5, 5, 5], 9, SPREAD),  # the shapes one person apart, the spreads not
    # Clearly apart.
    ([7, 8, 9], [2, 3, 4], 9, HIGHER_Y),
    ([2, 3, 4], [7, 8, 9], 9, HIGHER_O),
    # Medians equal (5 and 5) but averages 3.7 and 6.3 on 1-10: not the same.
    ([1, 5, 5], [5, 5, 9], 9, HIGHER_O),
    # A line-up: 10 of 100 apart at most is close.
    ([40, 50, 60], [45, 55, 65], 100, SAME),
    ([20, 30, 40], [60, 70, 80], 100, HIGHER_O),
])
def test_the_rule_on_hand_made_distributions(young, officer, width, verdict):
    assert compare(young, officer, width).verdict == verdict


def test_the_issues_example_is_never_the_same():
    """Means 3.2 vs 3.8 with the same median: the old headline said "score the same"."""
    young, officer = [1, 3, 3, 4, 5], [3, 3, 3, 5, 5]  # both medians 3
    found = compare(young, officer, 4)
    assert (round(found.mean_y, 1), round(found.mean_o, 1)) == (3.2, 3.8)
    assert found.verdict == HIGHER_O


def test_the_shape_distance():
    assert shape_distance([1, 2, 3], [1, 2, 3]) == 0
    assert shape_distance([1, 1], [9, 9]) == 1
    assert shape_distance([1, 5, 9], [5, 5, 5]) == pytest.approx(1 / 3)  # shapes alone miss this one
    assert shape_distance([], [1]) == 1


def test_no_headline_when_a_group_is_hidden_or_empty():
    shown = {"hidden": False, "n": 3, "positions": [10, 20, 30]}
    assert headlines.headline("position", {}, {"youngster": shown, "officer": {"hidden": True}}, "en") is None
    assert headlines.headline("position", {}, {"youngster": shown}, "en") is None
    assert headlines.headline("cards", {}, {"youngster": shown, "officer": shown}, "en") is None


def _scale(values, low=1, high=5):
    return {"hidden": False, "n": len(values),
            "histogram": [{"value": v, "count": values.count(v)} for v in range(low, high + 1)]}


@pytest.mark.usefixtures("compiled")
@pytest.mark.parametrize(("lang", "text", "spread"), [
    ("en", "Officers score higher: on average 3.8, youngsters 3.2.",
     "From lowest to highest: youngsters 1 to 5, officers 3 to 5."),
    ("nl", "Agenten scoren hoger: gemiddeld 3,8, jongeren 3,2.",
     "Van laagste tot hoogste: jongeren 1 tot 5, agenten 3 tot 5."),
    ("fr", "Les policier·es donnent des scores plus hauts : en moyenne 3,8, les jeunes 3,2.",
     "Du plus bas au plus haut : les jeunes de 1 à 5, les policier·es de 3 à 5."),
])
def test_the_headline_in_three_languages(app, lang, text, spread):
    groups = {"youngster": _scale([1, 3, 3, 4, 5]), "officer": _scale([3, 3, 4, 4, 5])}
    with app.test_request_context(f"/?lang={lang}"):
        found = headlines.headline("scale", {"min": 1, "max": 5}, groups, lang)
    assert found == {"verdict": HIGHER_O, "text": text, "spread": spread}


@pytest.mark.usefixtures("compiled")
def test_a_line_up_names_the_statement(app):
    options = defaults.OPTIONS["position"]()
    groups = {"youngster": {"hidden": False, "n": 3, "positions": [60, 70, 80]},
              "officer": {"hidden": False, "n": 3, "positions": [10, 20, 30]}}
    with app.test_request_context("/?lang=en"):
        found = headlines.headline("position", options, groups, "en")
    assert found["text"] == ("Youngsters stand closer to “Completely”: on average at 70 of 100, "
                             "officers at 20.")
    groups["officer"]["positions"] = [20, 50, 100]  # 56.7: 13.3 apart, more than 10 of 100
    with app.test_request_context("/?lang=en"):
        assert headlines.headline("position", options, groups, "en")["verdict"] == HIGHER_Y
    groups["officer"]["positions"] = [0, 100, 100]  # 66.7 on average, but divided
    with app.test_request_context("/?lang=en"):
        found = headlines.headline("position", options, groups, "en")
    assert found["verdict"] == SPREAD and "spread differently" in found["text"]
