"""The barometer as paired steps (issue 22, item 2, app/live/paired.py): with facilitator
pacing each barometer item is one step, at which youngsters answer their half and officers
the mirrored one; the barometer takes half the steps."""

import re
from types import SimpleNamespace

from app.extensions import db
from app.models import Answer
from app.network import barometer
from tests.client import post, text_of
from tests.factories import answer_item


def paced_barometer(make, owner):
    meeting = make.meeting(owner, kinds=("scale", "text"), pacing="facilitator")
    barometer.add_to(meeting)
    db.session.commit()
    return meeting


def steps_of(client, meeting) -> list[int]:
    """The presenter's arrows step through the fragment's data-prompts."""
    fragment = client.get(f"/f/meetings/{meeting.id}/present/live").get_data(as_text=True)
    return [int(i) for i in re.search(r'data-prompts="([^"]*)"', fragment)[1].split()]


def own_half(prompts: dict, current: int, group: str) -> int | None:
    """What a phone of `group` answers at this step (static/js/participant/main.js)."""
    prompt = prompts[current]
    if prompt["audience"] in ("everyone", group):
        return current
    mirror = prompts.get(prompt["mirror"])
    return mirror["id"] if mirror and mirror["audience"] == group else None


def test_stepping_takes_one_step_per_pair_and_each_group_answers_its_own_half(client, auth, make):
    me = make.user()
    meeting = paced_barometer(make, me)
    items = len(barometer.ITEMS)
    assert len(meeting.prompts) == 2 + 2 * items
    auth.login(me)
    steps = steps_of(client, meeting)
    assert len(steps) == 2 + items  # was 2 + 2 * items: every item once per group
    young, young_token = make.participant(meeting, "youngster")
    officer, officer_token = make.participant(meeting, "officer")
    answered = {"youngster": set(), "officer": set()}
    for at in steps:
        show = client.post_form(f"/f/meetings/{meeting.id}/present/show", {"prompt_id": at})
        assert show.status_code == 204
        reply = client.get(f"/api/meetings/{meeting.token}/step?known=").get_json()
        assert reply["current_prompt_id"] == at
        prompts = {p["id"]: p for p in client.get(f"/api/meetings/{meeting.token}").get_json()["prompts"]}
        for group, token in (("youngster", young_token), ("officer", officer_token)):
            mine = own_half(prompts, at, group)
            assert mine is not None, (at, group)  # nobody is told "this question is for the other group"
            kind = prompts[mine]["kind"]
            value = 3 if kind == "scale" else "ok"
            item = answer_item(SimpleNamespace(id=mine), value)
            response = post(client, f"/api/meetings/{meeting.token}/answers", {"answers": [item]}, token)
            assert response.status_code == 200, response.json
            assert response.json["results"][0]["status"] == "stored", response.json
            answered[group].add(mine)
        if at in {p.id for p in meeting.prompts if p.audience == "youngster"}:
            assert prompts[at]["mirror"] in answered["officer"]  # the pair, at the same step
    for group in answered:
        expected = {p.id for p in meeting.prompts if p.audience in ("everyone", group)}
        assert answered[group] == expected  # every question of each group, none twice
    assert db.session.query(Answer).count() == 2 * (2 + items)


def test_a_pairs_second_prompt_is_shown_as_its_pairs_step(client, auth, make):
    me = make.user()
    meeting = paced_barometer(make, me)
    auth.login(me)
    prompts = {p["id"]: p for p in client.get(f"/api/meetings/{meeting.token}").get_json()["prompts"]}
    officer_half = next(p for p in meeting.prompts if p.audience == "officer")
    lead = prompts[officer_half.id]["mirror"]
    assert prompts[lead]["mirror"] == officer_half.id and prompts[lead]["audience"] == "youngster"
    client.post_form(f"/f/meetings/{meeting.id}/present/show", {"prompt_id": officer_half.id})
    fragment = client.get(f"/f/meetings/{meeting.id}/present/live").get_data(as_text=True)
    steps = steps_of(client, meeting)
    assert f'data-prompt="{lead}"' in fragment and f'{steps.index(lead) + 1} / {len(steps)}' in fragment
    assert all(text_of(f"“{prompts[i]['text']['nl']}”") in text_of(fragment) for i in (lead, officer_half.id))
    cockpit = client.get(f"/f/meetings/{meeting.id}/cockpit?lang=en").get_data(as_text=True)
    assert f"Prompt {steps.index(lead) + 1} of {len(steps)}" in cockpit
    assert all(p["mirror"] is None for p in prompts.values() if p["kind"] == "text")


def test_the_cockpit_counts_each_groups_answers_to_its_own_half(client, auth, make):
    me = make.user()
    meeting = paced_barometer(make, me)
    meeting.min_group_size = 1
    young = next(p for p in meeting.prompts if p.audience == "youngster" and p.kind == "scale"
                 and p.position > 2)
    auth.login(me)
    prompts = {p["id"]: p for p in client.get(f"/api/meetings/{meeting.token}").get_json()["prompts"]}
    officer = next(p for p in meeting.prompts if p.id == prompts[young.id]["mirror"])
    for group, prompt, values in (("youngster", young, (2, 3)), ("officer", officer, (4, 5, 4))):
        for value in values:
            who, _token = make.participant(meeting, group)
            make.answer(meeting, who, prompt, value)
    client.post_form(f"/f/meetings/{meeting.id}/present/show", {"prompt_id": young.id})
    cockpit = client.get(f"/f/meetings/{meeting.id}/cockpit?lang=en").get_data(as_text=True)
    assert f'data-count="answers.{young.id}.youngster">2<' in cockpit
    assert f'data-count="answers.{officer.id}.officer">3<' in cockpit


def test_the_meeting_page_marks_both_halves_as_on_the_phones_now(client, auth, make):
    me = make.user()
    meeting = paced_barometer(make, me)
    young = next(p for p in meeting.prompts if p.audience == "youngster")
    auth.login(me)
    client.post_form(f"/f/meetings/{meeting.id}/present/show", {"prompt_id": young.id})
    page = client.get(f"/f/meetings/{meeting.id}?lang=en").get_data(as_text=True)
    assert page.count("On the phones now") == 2
