"""The charts of every prompt kind (templates/results/_charts.html) and their helpers
(app/results/charts.py), from hand-made result dicts."""

import re
from types import SimpleNamespace

import pytest
from flask import render_template_string

from app.meetings import defaults
from app.results import charts
from tests.client import text_of

HIDDEN = {"hidden": True, "needed": 3}


def prompt(kind, **options):
    return SimpleNamespace(kind=kind, options={**defaults.OPTIONS[kind](), **options}, text={"nl": kind})


CHART = '{% from "results/_charts.html" import prompt_chart %}{{ prompt_chart(p, r, "nl") }}'


def render(app, p, result, lang="en") -> str:
    with app.test_request_context(f"/?lang={lang}", headers={"Accept-Language": lang}):
        return render_template_string(CHART, p=p, r=result)


def histogram(counts, low=1):
    return [{"value": low + i, "count": c} for i, c in enumerate(counts)]


# --- helpers ---------------------------------------------------------------------------------

def test_groups_come_youngsters_officers_others():
    found = charts.ordered({"other": 1, "officer": 2, "youngster": 3})
    assert [g for g, _ in found] == ["youngster", "officer", "other"]
    assert [g for g, _ in charts.ordered({"officer": 2})] == ["officer"]


def test_bar_classes_step_by_two_and_never_hide_a_count():
    assert charts.step_class("w", 0) == "w-0"
    assert charts.step_class("w", 0.4) == "w-2"
    assert charts.step_class("h", 49) == "h-48"
    assert charts.step_class("h", 100) == "h-100"
    assert charts.step_class("w", 140) == "w-100"


def test_histogram_heights_compare_shares_across_groups():
    groups = {"youngster": {"hidden": False, "n": 4, "histogram": histogram([2, 2, 0]), "median": 1.5},
              "officer": {"hidden": False, "n": 2, "histogram": histogram([0, 0, 2]), "median": 3},
              "other": HIDDEN}
    bars = charts.histogram({"min": 1, "max": 3}, groups)
    assert set(bars) == {"youngster", "officer"}
    assert [b["height"] for b in bars["youngster"]["bars"]] == [50.0, 50.0, 0.0]
    assert [b["height"] for b in bars["officer"]["bars"]] == [0.0, 0.0, 100.0]
    assert bars["youngster"]["median_x"] == 0.3333  # 1.5 lies between the first and second bar
    assert bars["officer"]["median_x"] == 0.8333


def test_faces_label_their_values():
    summary = {"hidden": False, "n": 3, "histogram": histogram([3, 0, 0, 0, 0]), "median": 1}
    bars = charts.histogram({"style": "faces", "min": 1, "max": 5}, {"youngster": summary})
    assert [b["label"] for b in bars["youngster"]["bars"]] == defaults.FACES


def test_dots_stack_when_close_and_shrink_when_many():
    few = charts.dot_stacks([10, 10, 90])
    assert few["r"] == charts.MAX_RADIUS
    assert few["dots"][0]["x"] == few["dots"][1]["x"] and few["dots"][0]["y"] > few["dots"][1]["y"]
    assert few["dots"][2]["x"] > few["dots"][0]["x"]
    many = charts.dot_stacks([50] * 40)
    assert many["r"] < charts.MAX_RADIUS
    assert all(0 <= d["y"] - many["r"] and d["y"] + many["r"] <= many["height"] for d in many["dots"])
    assert charts.dot_stacks([])["dots"] == []


def test_word_cloud_sizes_by_count_biggest_in_the_middle():
    words = [{"word": w, "count": c} for w, c in [("respect", 6), ("chill", 3), ("ok", 1), ("samen", 1)]]
    cloud = charts.cloud(words)
    assert [w["word"] for w in cloud] == ["samen", "chill", "respect", "ok"]
    assert {w["word"]: w["step"] for w in cloud} == {"respect": 6, "chill": 3, "ok": 1, "samen": 1}
    assert {w["step"] for w in charts.cloud([{"word": "a", "count": 1}, {"word": "b", "count": 1}])} == {3}


# The headline comparing youngsters and officers: tests/test_headlines.py.


# --- the macros ------------------------------------------------------------------------------

def test_scale_histograms_side_by_side_with_medians_and_the_gap(app):
    result = {"kind": "scale", "gap": {"median": -2, "mean": -1.6}, "groups": {
        "youngster": {"hidden": False, "n": 5, "histogram": histogram([1, 1, 2, 1, 0]),
                      "median": 3, "mean": 2.6},
        "officer": {"hidden": False, "n": 4, "histogram": histogram([0, 0, 0, 2, 2]),
                    "median": 5, "mean": 4.5},
        "other": HIDDEN}}
    html = render(app, prompt("scale", min=1, max=5), result)
    words = text_of(html)
    assert "Officers score higher: on average 4.5, youngsters 2.6." in words
    assert "From lowest to highest: youngsters 1 to 4, officers 4 to 5." in words
    assert words.index("Youngsters · 5 answers") < words.index("Officers · 4 answers") < words.index("Others")
    assert "Median 3 · Average 2.6" in words and "Median 5 · Average 4.5" in words
    assert "Waiting for 3 answers" in words
    assert 'aria-label="Youngsters: 1 → 1, 2 → 1, 3 → 2, 4 → 1, 5 → 0. Median 3."' in html
    # Heights compare shares: officers' 2 of 4 is the tallest; youngsters' 2 of 5 is 80 % of it.
    assert html.count('class="fill h-100"') == 2 and html.count('class="fill h-80"') == 1
    assert html.count('class="fill h-40"') == 3 and 'class="fill h-0"' in html
    assert 'x1="0.5"' in html  # the youngsters' median, the third of five bars
    assert "style=" not in html


def test_a_hidden_group_shows_no_numbers(app):
    groups = dict.fromkeys(("youngster", "officer", "other"), HIDDEN)
    result = {"kind": "scale", "gap": None, "groups": groups}
    html = render(app, prompt("scale"), result)
    assert text_of(html).count("Waiting for 3 answers") == 3
    assert "answers ·" not in html and "Median" not in html and "histogram" not in html


def test_position_dots_statements_and_medians(app):
    result = {"kind": "position", "gap": {"median": 30, "mean": 25}, "groups": {
        "youngster": {"hidden": False, "n": 3, "positions": [40, 60, 80], "median": 60, "mean": 60},
        "officer": {"hidden": False, "n": 3, "positions": [10, 30, 50], "median": 30, "mean": 30},
        "other": HIDDEN}}
    html = render(app, prompt("position"), result)
    words = text_of(html)
    assert "← Helemaal niet" in words and "Helemaal wel →" in words
    assert "Youngsters stand closer to “Helemaal wel”: on average at 60 of 100, officers at 30." in words
    assert "Median 60 / 100" in words and "Median 30 / 100" in words
    assert html.count('<circle class="dot"') == 6
    assert 'role="img" aria-label="Youngsters: 3 answers, Median 60 / 100' in html


def test_cards_show_icon_word_bar_and_count_per_group(app):
    counts = dict.fromkeys([c["key"] for c in defaults.feelings_cards()], 0)
    result = {"kind": "cards", "groups": {
        "youngster": {"hidden": False, "n": 4, "counts": {**counts, "happy": 3, "angry": 1}},
        "officer": {"hidden": False, "n": 3, "counts": {**counts, "safe": 3}},
        "other": HIDDEN}}
    html = render(app, prompt("cards"), result)
    bar = ('</span><span class="track" aria-hidden="true"><span class="fill {}"></span></span>'
           '<span class="count">3</span>')
    picture = ('<img class="picture" src="/static/v/\\w+/img/cards/happy\\.svg" alt="" '
               'width="48" height="48"> ')
    assert re.search(picture + "blij" + bar.format("w-76"), html)
    assert re.search(r"veilig" + bar.format("w-100"), html)
    assert html.count("<li>") == 20  # ten cards, two shown groups


def test_single_and_multiple_choice_bars(app):
    for kind in ("single", "multiple"):
        officers = {"hidden": False, "n": 4, "counts": {"yes": 1, "no": 3}}
        result = {"kind": kind, "groups": {"officer": officers}}
        html = render(app, prompt(kind, audience="officer"), result)
        assert "groups-1" in html and "Youngsters" not in html
        assert re.search(r'Ja</span>.*?w-24.*?<span class="count">1</span>', html, re.S)
        assert re.search(r'Nee</span>.*?w-76.*?<span class="count">3</span>', html, re.S)


def test_words_cloud_with_moderation_counts(app):
    result = {"kind": "words", "groups": {
        "youngster": {"hidden": False, "n": 5, "pending": 3, "rejected": 1,
                      "words": [{"word": "respect", "count": 4}, {"word": "<b>chill</b>", "count": 1}]},
        "officer": {"hidden": False, "n": 3, "pending": 0, "rejected": 0, "words": []},
        "other": HIDDEN}}
    html = render(app, prompt("words"), result)
    assert '<li class="word s6" data-rank="0">respect<span class="c"> (4)</span></li>' in html
    assert "&lt;b&gt;chill&lt;/b&gt;" in html and "<b>" not in html
    words = text_of(html)
    assert "3 waiting for approval · 1 rejected" in words
    assert "No words to show yet." in words


def test_text_wall_escapes_answers(app):
    result = {"kind": "text", "groups": {
        "youngster": {"hidden": False, "n": 3, "texts": ["<script>alert(1)</script>", "Meer praten!"]},
        "officer": {"hidden": False, "n": 3, "rejected": 2, "texts": []},
        "other": HIDDEN}}
    html = render(app, prompt("text"), result)
    assert "<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>" in html and "<script>" not in html
    assert "<li>Meer praten!</li>" in html
    words = text_of(html)
    assert "No answers to show yet. 2 rejected" in words
    assert "waiting for approval" not in words


@pytest.mark.usefixtures("compiled")
def test_charts_speak_dutch(app):
    result = {"kind": "scale", "gap": {"median": 2, "mean": 2}, "groups": {
        "youngster": {"hidden": False, "n": 3, "histogram": histogram([0, 3]), "median": 2, "mean": 2},
        "officer": HIDDEN}}
    words = text_of(render(app, prompt("scale", min=1, max=2), result, lang="nl"))
    assert "Jongeren" in words and "Wachten op 3 antwoorden" in words
