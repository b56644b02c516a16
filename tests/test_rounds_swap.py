"""Linked prompts (app/meetings/rounds.py, app/results/linked.py): a line-up asked again (arrows per
phone and the median shift) and a perspective swap (a group's guess next to the other
group's real answers), against hand-computed examples, behind K, and without any
participant id or device token in the live fragment, the report or the exports."""

import json
import re

import pytest

from app import meetings
from app.meetings import rounds
from app.results import linked
from app.results.disclosure import Rule
from app.results.per_prompt import meeting_results


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def link(client, meeting, prompt, how):
    response = client.post_form(f"/f/meetings/{meeting.id}/prompts/{prompt.id}/link", {"link": how})
    assert response.status_code == 302
    return meeting.prompts[-1]


def answer_all(make, meeting, answers: dict):
    """answers: {group: [(value for prompt A or None, value for prompt B or None)]}, prompts given."""
    tokens = []
    for group, rows in answers["rows"].items():
        for values in rows:
            who, token = make.participant(meeting, group)
            tokens.append(token)
            for prompt, value in zip(answers["prompts"], values, strict=True):
                if value is not None:
                    assert make.answer(meeting, who, prompt, value).status == "stored"
    return tokens


# --- pure parts ------------------------------------------------------------------------------

def test_movement_by_hand():
    found = linked.movement("youngster", [(10, 40), (20, 50), (30, 40), (60, 60)], Rule(3))
    assert found == {"hidden": False, "n": 4, "shift": 20, "from": 25, "to": 45,
                     "arrows": [{"from": 10, "to": 40}, {"from": 20, "to": 50},
                                {"from": 30, "to": 40}, {"from": 60, "to": 60}]}
    assert linked.movement("youngster", [(1, 2), (3, 4)], Rule(3)) == {"hidden": True, "needed": 3}


def test_audience_rules_of_a_guess():
    guess = {"guess_of": 4, "min": 1, "max": 10}
    assert rounds.answered_by("everyone", guess, "youngster")
    assert rounds.answered_by("everyone", guess, "officer")
    assert not rounds.answered_by("everyone", guess, "other")
    assert rounds.answered_by("everyone", {}, "other")
    assert not rounds.answered_by("officer", {}, "youngster")
    assert rounds.kept_links({"round_of": 3, "left": 1}, {"left": 2}) == {"left": 2, "round_of": 3}


# --- two rounds ------------------------------------------------------------------------------

@pytest.fixture
def two_rounds(client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=("position",))
    auth.login(me)
    first = meeting.prompts[0]
    second = link(client, meeting, first, "round")
    assert second.kind == "position" and second.options["round_of"] == first.id
    assert second.options["left"] == first.options["left"] and second.text == first.text
    tokens = answer_all(make, meeting, {"prompts": (first, second), "rows": {
        "youngster": [(20, 50), (30, 40), (60, 60), (10, 40), (80, None), (None, 90)],
        "officer": [(70, 50), (80, 60), (50, 50)],
        "other": [(0, 100)],
    }})
    return meeting, first, second, tokens


def test_round_two_pairs_phones_and_gives_the_median_shift(two_rounds):
    meeting, _first, second, _tokens = two_rounds
    moved = meeting_results(meeting)[second.id]["rounds"]["groups"]
    assert moved["youngster"]["n"] == 4  # the phones that answered only one round are left out
    assert (moved["youngster"]["shift"], moved["youngster"]["from"], moved["youngster"]["to"]) == (20, 25, 45)
    assert moved["officer"] == {"hidden": False, "n": 3, "shift": -20, "from": 70, "to": 50, "arrows": [
        {"from": 50, "to": 50}, {"from": 70, "to": 50}, {"from": 80, "to": 60}]}
    assert moved["other"] == {"hidden": True, "needed": 3}


def test_round_two_k_counts_pairs_not_answers(client, make, two_rounds):
    meeting, first, second, _tokens = two_rounds
    # A fourth officer answers round 2 only: 4 answers, still 3 pairs; K = 4 hides them.
    who, _token = make.participant(meeting, "officer")
    make.answer(meeting, who, second, 10)
    meeting.min_group_size = 4
    found = meeting_results(meeting)[second.id]
    assert found["groups"]["officer"]["n"] == 4  # round 2 itself is shown…
    assert found["rounds"]["groups"]["officer"] == {"hidden": True, "needed": 4}  # …its arrows are not
    assert found["rounds"]["groups"]["youngster"]["n"] == 4


def test_round_two_on_the_report_and_projector(client, two_rounds):
    meeting, _first, second, _tokens = two_rounds
    words = text_of(client.get(f"/f/meetings/{meeting.id}/report").get_data(as_text=True))
    assert "Round 2 of prompt 1" in words
    assert "Youngsters moved 20 points towards “Helemaal wel”." in words
    assert "Officers moved 20 points towards “Helemaal niet”." in words
    assert "The arrows appear once 3 phones of this group answered both rounds." in words
    live = client.get(f"/f/meetings/{meeting.id}/present/live?prompt={second.id}").get_data(as_text=True)
    assert live.count('class="shaft"') + live.count('class="still"') == 7  # 4 youngsters + 3 officers


def test_editing_keeps_the_link(client, two_rounds):
    meeting, first, second, _tokens = two_rounds
    page = client.get(f"/f/meetings/{meeting.id}/prompts/{second.id}")
    assert page.status_code == 200
    form = {"text_nl": "Opnieuw: ik werd met respect behandeld.", "audience": "everyone",
            "left_nl": "Niet", "right_nl": "Wel"}
    assert client.post_form(f"/f/meetings/{meeting.id}/prompts/{second.id}", form).status_code == 302
    assert second.options["round_of"] == first.id and second.options["left"]["nl"] == "Niet"


def test_only_a_first_line_up_is_asked_again(client, two_rounds):
    meeting, _first, second, _tokens = two_rounds
    url = f"/f/meetings/{meeting.id}/prompts/{second.id}/link"
    assert client.post_form(url, {"link": "round"}).status_code == 400
    assert client.post_form(url, {"link": "nonsense"}).status_code == 400


# --- perspective swap ------------------------------------------------------------------------

@pytest.fixture
def swapped(client, auth, make):
    me = make.user()
    # Three officers guess alike: shown here (the dominance rule is tests/test_disclosure.py's).
    meeting = make.meeting(me, kinds=("scale", "single"))
    meetings.set_protection(meeting, {}, 3, show_same=True)
    auth.login(me)
    scale, single = meeting.prompts
    guess_scale = link(client, meeting, scale, "guess")
    guess_single = link(client, meeting, single, "guess")
    assert guess_scale.options["guess_of"] == scale.id and guess_scale.audience == "everyone"
    tokens = answer_all(make, meeting, {"prompts": (scale, guess_scale, single, guess_single), "rows": {
        "youngster": [(4, 3, "no", "yes"), (5, 5, "no", "yes"), (6, 5, "yes", "no")],
        "officer": [(7, 6, "yes", "no"), (7, 6, "yes", "no"), (8, 6, "no", "no")],
    }})
    return meeting, scale, guess_scale, single, guess_single, tokens


def test_guess_against_the_real_answers(swapped):
    meeting, _scale, guess_scale, _single, guess_single, _tokens = swapped
    found = meeting_results(meeting)
    sides = found[guess_scale.id]["swap"]["groups"]
    assert sides["youngster"]["about"] == "officer"
    assert sides["youngster"]["guess"]["median"] == 5 and sides["youngster"]["actual"]["median"] == 7
    assert sides["youngster"]["diff"] == -2
    assert sides["officer"]["guess"]["median"] == 6 and sides["officer"]["actual"]["median"] == 5
    assert sides["officer"]["diff"] == 1
    assert set(found[guess_scale.id]["groups"]) == {"youngster", "officer"}  # "other" does not guess
    choice = found[guess_single.id]["swap"]["groups"]
    assert choice["youngster"]["guess_top"] == ["yes"] and choice["youngster"]["actual_top"] == ["yes"]
    assert choice["officer"]["guess_top"] == ["no"] and choice["officer"]["actual_top"] == ["no"]
    assert choice["officer"]["guess"]["counts"] == {"yes": 0, "no": 3}


def test_others_cannot_guess(make, swapped):
    meeting, _scale, guess_scale, *_rest = swapped
    who, _token = make.participant(meeting, "other")
    outcome = make.answer(meeting, who, guess_scale, 5)
    assert outcome.status == "rejected" and outcome.as_json()["error"] == "not_for_group"


def test_k_applies_to_the_guessing_and_the_guessed_group(make, swapped):
    meeting, scale, guess_scale, *_rest = swapped
    meeting.min_group_size = 4
    sides = meeting_results(meeting)[guess_scale.id]["swap"]["groups"]
    assert sides == {"youngster": {"hidden": True, "needed": 4, "about": "officer"},
                     "officer": {"hidden": True, "needed": 4, "about": "youngster"}}
    # A fourth youngster answers the own prompt only: officers' guess is still hidden
    # (3 officers guessed), and so is the youngsters' (3 guessed, 3 officers answered).
    who, _token = make.participant(meeting, "youngster")
    make.answer(meeting, who, scale, 5)
    sides = meeting_results(meeting)[guess_scale.id]["swap"]["groups"]
    assert sides["officer"]["hidden"] and sides["youngster"]["hidden"]
    meeting.min_group_size = 3
    assert not meeting_results(meeting)[guess_scale.id]["swap"]["groups"]["officer"]["hidden"]


def test_swap_sentences_on_the_report(client, swapped):
    meeting, *_rest = swapped
    words = text_of(client.get(f"/f/meetings/{meeting.id}/report?lang=en").get_data(as_text=True))
    assert "Youngsters guessed officers would give 5; officers gave 7." in words
    assert "Officers guessed youngsters would give 6; youngsters gave 5." in words
    assert "Youngsters guessed officers would mostly pick “Ja”; officers mostly picked “Ja”." in words
    assert "Guess about the other group: prompt 1" in words


# --- nothing identifies a phone --------------------------------------------------------------

@pytest.mark.parametrize("linked_meeting", ["two_rounds", "swapped"])
def test_no_participant_id_or_token_leaves_the_server(client, request, linked_meeting):
    from app.extensions import db
    from app.models import Participant
    made = request.getfixturevalue(linked_meeting)
    for meeting, tokens in ((made[0], made[-1]),):
        outputs = [client.get(f"/f/meetings/{meeting.id}/report").get_data(as_text=True),
                   client.get(f"/f/meetings/{meeting.id}/export.csv").get_data(as_text=True),
                   client.get(f"/f/meetings/{meeting.id}/export.json").get_data(as_text=True)]
        outputs += [client.get(f"/f/meetings/{meeting.id}/present/live?prompt={p.id}").get_data(as_text=True)
                    for p in meeting.prompts]
        ids = [p.id for p in db.session.query(Participant).filter_by(meeting_id=meeting.id)]
        for out in outputs:
            assert "participant_id" not in out and "device_token" not in out and "phone_id" not in out
            for token in tokens:
                assert token not in out
        archive = json.loads(outputs[2])
        for prompt in archive["prompts"]:
            for side in (prompt["result"].get("rounds") or {}).get("groups", {}).values():
                assert set(side) <= {"hidden", "needed", "n", "arrows", "shift", "from", "to"}
                for arrow in side.get("arrows", []):
                    assert set(arrow) == {"from", "to"}
        assert ids  # the ids exist, and none of the shapes above could carry them
