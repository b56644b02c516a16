"""Results per prompt kind and per group, against hand-computed examples, behind the
anonymity threshold K = max(2, min_group_size)."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select

from app import meetings
from app.extensions import db
from app.live import moderation
from app.models import Participant
from app.phone import participants
from app.results import disclosure, kinds, per_prompt

T0 = datetime(2025, 3, 12, 14, 0, tzinfo=UTC)


def answered(make, meeting, prompt, group, values, start=T0):
    """One new participant of `group` per value, answering `prompt` a minute apart."""
    for i, value in enumerate(values):
        who, _token = make.participant(meeting, group)
        outcome = make.answer(meeting, who, prompt, value, recorded_at=start + timedelta(minutes=i))
        assert outcome.status == "stored", outcome


def approve_all(meeting):
    """Moderation: approve every pending open text and words answer."""
    moderation.approve_many(meeting, [(item.answer_id, item.uuid) for item in moderation.queue(meeting)])


def result_of(meeting, prompt, **kwargs):
    return per_prompt.meeting_results(meeting, **kwargs)[prompt.id]


def hidden(k=3):
    return {"hidden": True, "needed": k}


def test_scale_histogram_median_mean_and_gap(make):
    meeting = make.meeting(kinds=())
    faces = {"min": 1, "max": 5, "style": "faces"}
    prompt = meetings.add_prompt(meeting, "scale", {"nl": "Hoe was het?"}, faces)
    answered(make, meeting, prompt, "youngster", [4, 5, 5])
    answered(make, meeting, prompt, "officer", [2, 3, 3, 4])
    answered(make, meeting, prompt, "other", [1])
    assert result_of(meeting, prompt) == {
        "kind": "scale",
        "groups": {
            "youngster": {"hidden": False, "n": 3, "median": 5, "mean": 4.67, "histogram": [
                {"value": 1, "count": 0}, {"value": 2, "count": 0}, {"value": 3, "count": 0},
                {"value": 4, "count": 1}, {"value": 5, "count": 2}]},
            "officer": {"hidden": False, "n": 4, "median": 3, "mean": 3.0, "histogram": [
                {"value": 1, "count": 0}, {"value": 2, "count": 1}, {"value": 3, "count": 2},
                {"value": 4, "count": 1}, {"value": 5, "count": 0}]},
            "other": hidden(),
        },
        "gap": {"median": 2, "mean": 1.67},
    }


def test_scale_leaves_out_values_outside_an_edited_range(make):
    meeting = make.meeting(kinds=("scale",))  # 1 to 10
    prompt = meeting.prompts[0]
    answered(make, meeting, prompt, "youngster", [2, 9, 4])
    meetings.update_prompt(prompt, prompt.text, {"min": 1, "max": 5, "style": "numbers"}, "everyone")
    young = result_of(meeting, prompt)["groups"]["youngster"]
    assert (young["n"], young["median"], young["mean"]) == (3, 3, 3.0)  # 9 is out of 1 to 5
    assert [bar["count"] for bar in young["histogram"]] == [0, 1, 0, 1, 0]


def test_position_dots_median_and_gap(make):
    meeting = make.meeting(kinds=("position",))
    prompt = meeting.prompts[0]
    answered(make, meeting, prompt, "youngster", [80, 20, 65])
    answered(make, meeting, prompt, "officer", [30, 40, 10, 90])
    assert result_of(meeting, prompt) == {
        "kind": "position",
        "groups": {
            "youngster": {"hidden": False, "n": 3, "positions": [20, 65, 80], "median": 65, "mean": 55.0},
            "officer": {"hidden": False, "n": 4, "positions": [10, 30, 40, 90], "median": 35, "mean": 42.5},
        },  # nobody of "other" joined: no box at all (app/results/disclosure.py, ABSENT)
        "gap": {"median": 30, "mean": 12.5},
    }


def test_cards_counts_per_card_and_group(make):
    meeting = make.meeting(kinds=("cards",))
    prompt = meeting.prompts[0]
    answered(make, meeting, prompt, "youngster", [["happy", "safe"], ["happy"], ["angry", "happy", "sad"]])
    answered(make, meeting, prompt, "officer", [["nervous"], ["nervous", "heard"], ["safe"]])
    groups = result_of(meeting, prompt)["groups"]
    zero = dict.fromkeys(["happy", "safe", "heard", "respected", "surprised", "hopeful", "nervous", "angry",
                          "bored", "sad"], 0)
    assert groups["youngster"] == {"hidden": False, "n": 3,
                                   "counts": {**zero, "happy": 3, "safe": 1, "angry": 1, "sad": 1}}
    assert groups["officer"] == {"hidden": False, "n": 3,
                                 "counts": {**zero, "nervous": 2, "heard": 1, "safe": 1}}
    assert list(groups["youngster"]["counts"]) == list(zero)  # in the prompt's order of cards
    assert "gap" not in result_of(meeting, prompt)


def test_words_lower_cased_stripped_once_per_answer_and_top_n(make):
    meeting = make.meeting(kinds=("words",))
    prompt = meeting.prompts[0]
    answered(make, meeting, prompt, "youngster", [["Respect!", "cool"], ["respect", " Cool "],
                                                  ["Boring", "boring"], ["«chill»", "..."]])
    approve_all(meeting)
    young = result_of(meeting, prompt)["groups"]["youngster"]
    assert young == {"hidden": False, "n": 4, "pending": 0, "rejected": 0, "words": [
        {"word": "cool", "count": 2}, {"word": "respect", "count": 2},
        {"word": "boring", "count": 1}, {"word": "chill", "count": 1}]}
    top = result_of(meeting, prompt, top_words=2)["groups"]["youngster"]["words"]
    assert top == [{"word": "cool", "count": 2}, {"word": "respect", "count": 2}]


@pytest.mark.parametrize("kind, young, counts", [
    ("single", ["yes", "yes", "no"], {"yes": 2, "no": 1}),
    ("multiple", [["yes", "no"], ["no"], ["no"]], {"yes": 1, "no": 3}),
])
def test_statements_count_per_choice(make, kind, young, counts):
    meeting = make.meeting(kinds=(kind,))
    prompt = meeting.prompts[0]
    answered(make, meeting, prompt, "youngster", young)
    assert result_of(meeting, prompt)["groups"]["youngster"] == {"hidden": False, "n": 3, "counts": counts}


def test_text_in_time_order_approved_only(make):
    meeting = make.meeting(kinds=("text",))
    prompt = meeting.prompts[0]
    answered(make, meeting, prompt, "officer", ["Bedankt", "Tot de volgende", "Leuk"])
    # Nothing is shown before a moderator approved it; the threshold counts who answered.
    assert result_of(meeting, prompt)["groups"]["officer"] == {
        "hidden": False, "n": 3, "pending": 3, "rejected": 0, "texts": []}
    items = {item.value: item for item in moderation.queue(meeting)}
    moderation.decide(meeting, items["Leuk"].answer_id, items["Leuk"].uuid, "rejected")
    moderation.decide(meeting, items["Bedankt"].answer_id, items["Bedankt"].uuid, "approved")
    assert result_of(meeting, prompt)["groups"]["officer"] == {
        "hidden": False, "n": 3, "pending": 1, "rejected": 1, "texts": ["Bedankt"]}
    approve_all(meeting)
    assert result_of(meeting, prompt)["groups"]["officer"] == {
        "hidden": False, "n": 3, "pending": 0, "rejected": 1, "texts": ["Bedankt", "Tot de volgende"]}


def test_words_count_approved_answers_only(make):
    meeting = make.meeting(kinds=("words",))
    prompt = meeting.prompts[0]
    answered(make, meeting, prompt, "youngster", [["respect"], ["respect", "fun"], ["fun"]])
    rejected = next(item for item in moderation.queue(meeting) if item.value == ["respect", "fun"])
    moderation.decide(meeting, rejected.answer_id, rejected.uuid, "rejected")
    approve_all(meeting)
    assert result_of(meeting, prompt)["groups"]["youngster"] == {
        "hidden": False, "n": 3, "pending": 0, "rejected": 1,
        "words": [{"word": "fun", "count": 1}, {"word": "respect", "count": 1}]}


@pytest.mark.parametrize("min_group_size, k", [(3, 3), (5, 5), (2, 2), (1, 2), (0, 2)])
def test_a_group_is_hidden_below_k_and_shown_at_k(make, min_group_size, k):
    meeting = make.meeting(kinds=("scale", "text"))
    meeting.min_group_size = min_group_size
    db.session.commit()
    scale, text = meeting.prompts
    answered(make, meeting, scale, "officer", [7] * (k - 1))
    answered(make, meeting, text, "officer", ["ok"] * k)
    approve_all(meeting)
    found = per_prompt.meeting_results(meeting)
    # Neither values nor the count: one officer's count already points at that officer.
    assert found[scale.id]["groups"]["officer"] == {"hidden": True, "needed": k}
    assert found[text.id]["groups"]["officer"] == {"hidden": False, "n": k, "pending": 0, "rejected": 0,
                                                   "texts": ["ok"] * k}
    assert disclosure.threshold(meeting) == k


def test_groups_are_independent_and_the_gap_needs_both(make):
    meeting = make.meeting(kinds=("scale",))
    prompt = meeting.prompts[0]
    answered(make, meeting, prompt, "youngster", [6, 8, 10])
    answered(make, meeting, prompt, "officer", [1, 2])
    answered(make, meeting, prompt, "other", [4, 5, 5])
    found = result_of(meeting, prompt)
    assert found["groups"]["officer"] == hidden()
    assert found["groups"]["youngster"]["median"] == 8 and found["groups"]["other"]["median"] == 5
    assert found["gap"] is None
    answered(make, meeting, prompt, "officer", [3])
    assert result_of(meeting, prompt)["gap"] == {"median": 6, "mean": 6.0}


def test_only_the_meetings_own_answers_count(make):
    meeting = make.meeting(kinds=("single",))
    other = make.meeting(kinds=("single",))
    answered(make, meeting, meeting.prompts[0], "youngster", ["yes", "yes", "no"])
    answered(make, other, other.prompts[0], "youngster", ["no", "no", "no", "yes"])
    assert result_of(meeting, meeting.prompts[0])["groups"]["youngster"]["counts"] == {"yes": 2, "no": 1}
    assert result_of(other, other.prompts[0])["groups"]["youngster"]["counts"] == {"yes": 1, "no": 3}


def test_an_audience_restricted_prompt_shows_its_audience_only(make):
    meeting = make.meeting(kinds=())
    prompt = meetings.add_prompt(meeting, "single", {"nl": "Voor agenten"}, audience="officer")
    answered(make, meeting, prompt, "officer", ["yes", "no", "no"])
    assert result_of(meeting, prompt)["groups"] == {
        "officer": {"hidden": False, "n": 3, "counts": {"yes": 1, "no": 2}}}
    # A phone that switches to another group keeps its answer, but it no longer counts
    # here: the prompt is not addressed to that group.
    changed = db.session.scalar(select(Participant).where(Participant.meeting_id == meeting.id).limit(1))
    participants.change(changed, "youngster", "nl")
    assert result_of(meeting, prompt)["groups"] == {"officer": hidden()}


def test_empty_meeting_and_json(make):
    meeting = make.meeting()
    found = per_prompt.meeting_results(meeting)
    assert list(found) == [p.id for p in meeting.prompts]
    assert all(group == hidden() for r in found.values() for group in r["groups"].values())
    assert found[meeting.prompts[0].id]["gap"] is None
    json.dumps(found)


def test_one_query_for_the_answers_whatever_the_number_of_prompts(app, make):
    meeting = make.meeting()  # one prompt of each kind
    for prompt in meeting.prompts:
        answered(make, meeting, prompt, "youngster", [{
            "scale": 5, "position": 50, "cards": ["happy"], "words": ["ok"], "text": "ok", "single": "yes",
            "multiple": ["yes"], "storyline": {"arrival": 1, "game": 2, "talk": 3, "goodbye": 4},
            "spokes": {"respect": 1, "listening": 2, "fun": 3, "safety": 4}}[prompt.kind]] * 3)
    db.session.expire_all()
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        found = per_prompt.meeting_results(meeting)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(found) == len(meeting.prompts)
    # The meeting (expired), its prompts, who joined (app/results/disclosure.py's rule), the answers.
    assert len(statements) <= 4


def test_kinds_are_plain_functions_of_the_values():
    assert kinds.scale({"min": 0, "max": 2}, []) == {"histogram": [
        {"value": 0, "count": 0}, {"value": 1, "count": 0}, {"value": 2, "count": 0}],
        "median": None, "mean": None}
    assert kinds.position({}, [50, 49]) == {"positions": [49, 50], "median": 49.5, "mean": 49.5}
    assert kinds.normalise_word(" „Top!” ") == "top"
    assert kinds.gap({"hidden": False, "median": 2, "mean": 2.5}, {"hidden": True, "needed": 3}) is None
