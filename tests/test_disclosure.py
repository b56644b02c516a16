"""Anonymity as the people who try to break it would test it (issue 16, docs/SECURITY.md
"Disclosure"). Each attack is replayed as a script would; the sweep at the end requests
every GET route of tests/routes.py in a real room (20 youngsters, 1 or 2 officers) twice,
with the officers' answers changed in between: no page, file or fragment may differ, so
no route and no pair of routes tells what an officer answered."""

import csv
import io
import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from app import followups, live, meetings
from app.extensions import db
from app.live import moderation
from app.models import Answer, Organisation, Participant
from app.network import barometer, dashboard, organisations
from app.results import disclosure, exports, per_prompt
from tests.routes import PASSWORD, ROUTES, World, fast_user, request_args, rules

# Two answers of every kind that differ, for the sweep and the attacks.
FIRST = {"scale": 2, "position": 10, "cards": ["happy"], "single": "yes", "multiple": ["yes"],
         "storyline": {"arrival": 1, "game": 1, "talk": 1, "goodbye": 1},
         "spokes": {"respect": 1, "listening": 1, "fun": 1, "safety": 1}, "words": ["ok"], "text": "ok"}
SECOND = {"scale": 9, "position": 95, "cards": ["angry"], "single": "no", "multiple": ["no"],
          "storyline": {"arrival": 5, "game": 5, "talk": 5, "goodbye": 5},
          "spokes": {"respect": 9, "listening": 9, "fun": 9, "safety": 9}, "words": ["ok"], "text": "ok"}


def varied(kind: str, i: int):
    """The i-th youngster's answer: never all the same."""
    return (FIRST if i % 2 else SECOND)[kind]


def shown(result: dict, group: str) -> bool:
    return not result["groups"][group].get("hidden")


# ---- 1. fake phones fill a small group up to K

def test_fake_officer_phones_freeze_the_officers_instead_of_uncovering_the_real_one(client, make):
    meeting = make.meeting(kinds=("scale",))
    [scale] = meeting.prompts
    meetings.set_protection(meeting, {"officer": 1}, 3, False)
    real, _ = make.participant(meeting, "officer")
    make.answer(meeting, real, scale, 2)
    for value in (9, 9):  # a youngster joins two more phones as "officer" and answers
        joined = client.post(f"/api/meetings/{meeting.token}/participants", json={"group": "officer"})
        token = joined.json["device_token"]
        who = db.session.scalar(select(Participant).where(Participant.token_hash == disclosure_hash(token)))
        make.answer(meeting, who, scale, value)
    officers = per_prompt.meeting_results(meeting)[scale.id]["groups"]["officer"]
    assert officers == {"hidden": True, "needed": 3, "why": "room"}
    assert disclosure.overfull(meeting.seats, disclosure.joined(meeting)) == {"officer"}
    # The facilitator is told, and after counting the room (3 officers really are there) says so.
    meetings.set_protection(meeting, {"officer": 3}, 3, False)
    assert shown(per_prompt.meeting_results(meeting)[scale.id], "officer")


def disclosure_hash(token: str) -> str:
    from app.phone.participants import hash_token

    return hash_token(token)


def test_a_phone_keeps_its_group_once_it_answered(client, make):
    meeting = make.meeting(kinds=("scale",))
    joined = client.post(f"/api/meetings/{meeting.token}/participants", json={"group": "youngster"})
    auth = {"Authorization": f"Bearer {joined.json['device_token']}"}
    assert client.post(f"/api/meetings/{meeting.token}/participants", headers=auth,
                       json={"group": "officer"}).status_code == 200  # before the first answer: fine
    client.post(f"/api/meetings/{meeting.token}/answers", headers=auth, json={"answers": [
        make.answer_item(meeting.prompts[0], 5)]})
    moved = client.post(f"/api/meetings/{meeting.token}/participants", headers=auth,
                        json={"group": "youngster"})
    assert moved.status_code == 409 and moved.json["error"]["code"] == "group_locked"
    assert moved.json["error"]["message"]
    assert db.session.scalar(select(Participant.group)) == "officer"
    again = client.post(f"/api/meetings/{meeting.token}/participants", headers=auth,
                        json={"group": "officer", "language": "fr"})
    assert again.status_code == 200 and db.session.scalar(select(Participant.language)) == "fr"


# ---- 2. differencing the dashboard

def _barometer_meeting(make, owner, officers: int, officer_value: int, k: int = 3, month: int = 3):
    meeting = make.meeting(owner, kinds=(), title=f"{officers} officers")
    barometer.add_to(meeting)
    meeting.min_group_size = k
    meeting.opened_at = datetime(2025, month, 10, tzinfo=UTC)
    db.session.commit()
    items = {p.id: p.audience for p in meeting.prompts}
    for group, n, value in (("youngster", 5, 4), ("officer", officers, officer_value)):
        for i in range(n):
            who, _ = make.participant(meeting, group)
            for prompt in meeting.prompts:
                if items[prompt.id] == group:
                    make.answer(meeting, who, prompt, value if group == "officer" else 1 + i % 5)
    return meeting


def _views(owner, series_id) -> list[dashboard.Filters]:
    start, end = date(2025, 1, 1), date(2025, 12, 1)
    return [dashboard.Filters(start, end), dashboard.Filters(start, end, period="quarter"),
            dashboard.Filters(start, end, series_id=series_id),
            dashboard.Filters(date(2025, 3, 1), date(2025, 3, 1)),
            dashboard.Filters(start, end, organisation_id=owner.organisation_id)]


def test_no_two_dashboard_views_differ_by_fewer_than_k_officers(app, make):
    from app.network import series as series_module

    owner = make.user(role="network_admin")
    four = _barometer_meeting(make, owner, officers=4, officer_value=3)
    lone = _barometer_meeting(make, owner, officers=1, officer_value=5)  # the one to single out
    strict = _barometer_meeting(make, owner, officers=4, officer_value=1, k=5)  # its own K is 5
    chosen = series_module.create_series(owner, "Only the four")
    series_module.set_series(four, chosen)
    with app.test_request_context():
        boards = [dashboard.build(owner, f) for f in _views(owner, chosen.id)]
        sizes = set()
        for board in boards:
            for dim in barometer.DIMENSIONS:
                for period in board.periods:
                    sizes.add(board.trend[dim][period]["officer"]["n"])
        # All meetings vs the series, month vs quarter, a range, an organisation: the
        # officers of `lone` (1 < 3) and of `strict` (4 < its K of 5) count nowhere.
        assert sizes <= {0, 4}
        assert all(a == b or abs(a - b) >= 3 for a in sizes for b in sizes)
        rows = dashboard.csv_rows(boards[0])
    assert not [r for r in rows if r[2] == "officer" and r[4] not in ("", 0, 4)]
    assert lone.id and strict.id


def test_the_dashboard_does_not_change_when_a_lone_officer_changes_their_answers(app, make):
    owner = make.user(role="network_admin")
    _barometer_meeting(make, owner, officers=4, officer_value=3)
    lone = _barometer_meeting(make, owner, officers=1, officer_value=5)
    with app.test_request_context():
        before = [dashboard.csv_rows(dashboard.build(owner, f)) for f in _views(owner, None)]
        db.session.execute(update(Answer).where(Answer.participant_id.in_(
            select(Participant.id).where(Participant.meeting_id == lone.id, Participant.group == "officer")))
            .values(value=1))
        db.session.commit()
        after = [dashboard.csv_rows(dashboard.build(owner, f)) for f in _views(owner, None)]
    assert before == after


def test_a_facilitator_is_not_offered_other_organisations_series(client, auth, make):
    from app.network import series as series_module

    mine, theirs = make.user(), make.user()
    series_module.create_series(mine, "Our series")
    series_module.create_series(theirs, "Secret series of another zone")
    auth.login(mine)
    page = client.get("/f/dashboard").get_data(as_text=True)
    assert "Our series" in page and "Secret series of another zone" not in page


# ---- 3. follow-up futures

def test_a_lone_officers_approved_future_is_not_on_the_follow_up(client, make):
    meeting = make.meeting(kinds=("text",))
    [text] = meeting.prompts
    for words, group in [("Samen voetballen", "youngster"), ("Meer praten", "youngster"),
                         ("Elkaar groeten", "youngster"), ("Ik wil weg bij de politie", "officer")]:
        who, _ = make.participant(meeting, group)
        make.answer(meeting, who, text, words)
    for item in moderation.queue(meeting):
        moderation.decide(meeting, item.answer_id, item.uuid, "approved")
    followup = followups.schedule(meeting, 0, [("text", {"nl": "En nu?"})], futures_prompt_id=text.id)
    assert followups.futures(followup) == ["Elkaar groeten", "Meer praten", "Samen voetballen"]
    assert "Ik wil weg" not in client.get(f"/j/{followup.token}").get_data(as_text=True)


# ---- 4. exports linked back into one profile per person

def test_exports_cannot_be_sorted_back_into_one_profile_per_officer(make):
    meeting = make.meeting(kinds=("scale", "single"))
    scale, single = meeting.prompts
    start = datetime(2025, 3, 12, 14, 0, tzinfo=UTC)
    # Three officers answer both prompts one after the other: A first, then B, then C.
    for i, (level, choice) in enumerate([(9, "no"), (2, "yes"), (5, "no")]):
        who, _ = make.participant(meeting, "officer")
        make.answer(meeting, who, scale, level, recorded_at=start + timedelta(minutes=2 * i))
        make.answer(meeting, who, single, choice, recorded_at=start + timedelta(minutes=2 * i + 1))
    rows = exports.answer_rows(meeting)
    assert [r["value"] for r in rows if r["kind"] == "scale"] == [2, 5, 9]  # by value, not by arrival
    assert [r["value"] for r in rows if r["kind"] == "single"] == ["Ja", "Nee", "Nee"]
    assert all(set(r) == set(exports.COLUMNS) for r in rows) and "time" not in exports.COLUMNS
    table = list(csv.reader(io.StringIO(exports.to_csv(meeting).lstrip("\ufeff"))))
    assert table[0] == list(exports.COLUMNS)
    assert not any("2025-03-12" in cell for row in table for cell in row)
    assert not any("time" in answer for answer in exports.to_json(meeting)["answers"])


# ---- 5. side channels

@pytest.fixture
def room(make):
    """20 youngsters and 1 officer answered a scale and a text prompt; K = 3."""
    meeting = make.meeting(kinds=("scale", "text"))
    scale, text = meeting.prompts
    for i in range(20):
        who, _ = make.participant(meeting, "youngster")
        make.answer(meeting, who, scale, 1 + i % 10)
    officer, _ = make.participant(meeting, "officer")
    make.answer(meeting, officer, scale, 3)
    make.answer(meeting, officer, text, "Ik ben de enige agent hier")
    live.create_presenter_link(meeting)
    return meeting, officer


def test_the_projectors_total_counts_the_shown_groups_only(client, room):
    meeting, _officer = room
    scale = meeting.prompts[0]
    page = client.get(f"/p/{meeting.presenter_token}/live?prompt={scale.id}").get_data(as_text=True)
    assert 'data-count="answered">20<' in page  # not 21: 21 - 20 would give the hidden officers' 1


def test_counts_per_prompt_say_nothing_of_a_group_below_k(client, auth, room):
    meeting, _officer = room
    auth.login(_owner(meeting))
    counts = client.get(f"/f/meetings/{meeting.id}/counts.json").json
    assert counts["answers"][str(meeting.prompts[0].id)] == {"youngster": 20, "officer": None, "other": None}
    page = client.get(f"/f/meetings/{meeting.id}").get_data(as_text=True)
    assert f'data-count="answers.{meeting.prompts[0].id}.officer">&lt;3<' in page


def _owner(meeting):
    from app.models import User

    return db.session.scalar(select(User).where(User.organisation_id == meeting.organisation_id))


def test_the_live_etag_does_not_move_when_only_a_hidden_group_edits(client, make, room):
    meeting, officer = room
    scale = meeting.prompts[0]
    url = f"/p/{meeting.presenter_token}/live?prompt={scale.id}"
    tag = client.get(url).headers["ETag"]
    make.answer(meeting, officer, scale, 8)  # the lone officer changes their answer
    again = client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.headers["ETag"] == tag
    youngster = db.session.scalar(select(Participant).where(Participant.group == "youngster").limit(1))
    make.answer(meeting, youngster, scale, 10)  # a shown group's edit still shows
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 200


def test_the_moderation_queue_does_not_label_a_lone_officers_text(room):
    meeting, _officer = room
    [item] = moderation.queue(meeting)
    assert item.value == "Ik ben de enige agent hier" and item.group is None


def test_a_few_phones_cannot_inflate_the_waiting_notice(make, room):
    meeting, officer = room
    officer.waiting, officer.waiting_at = 10_000, datetime.now(UTC)
    db.session.commit()
    assert live.waiting_total(meeting) == len(meeting.prompts)


# ---- 6. everyone in a small group gave the same answer

def test_identical_answers_of_a_small_group_are_hidden_unless_the_meeting_allows_it(make):
    meeting = make.meeting(kinds=("scale", "cards"))
    scale, cards = meeting.prompts
    for _ in range(3):
        who, _ = make.participant(meeting, "officer")
        make.answer(meeting, who, scale, 2)
        make.answer(meeting, who, cards, ["happy", "safe"])
    found = per_prompt.meeting_results(meeting)
    assert found[scale.id]["groups"]["officer"] == {"hidden": True, "needed": 3, "why": "same"}
    assert found[cards.id]["groups"]["officer"]["why"] == "same"
    assert not [r for r in exports.answer_rows(meeting) if r["group"] == "officer"]
    meetings.set_protection(meeting, {}, 3, True)
    assert per_prompt.meeting_results(meeting)[scale.id]["groups"]["officer"]["n"] == 3
    # Six officers (2 K) are no longer a small group: the same answer is shown.
    meetings.set_protection(meeting, {}, 3, False)
    for _ in range(3):
        who, _ = make.participant(meeting, "officer")
        make.answer(meeting, who, scale, 2)
    assert per_prompt.meeting_results(meeting)[scale.id]["groups"]["officer"]["n"] == 6


# ---- 7. K per meeting on a screen

def test_the_facilitator_sets_k_and_the_room_and_sees_k_on_the_presenter(client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale",))
    auth.login(me)
    saved = client.post_form(f"/f/meetings/{meeting.id}/protection", {
        "seats_officer": "2", "seats_youngster": "", "min_group_size": "5"})
    assert saved.status_code == 302
    db.session.refresh(meeting)
    assert (meeting.min_group_size, meeting.seats, meeting.show_same) == (5, {"officer": 2}, False)
    live.create_presenter_link(meeting)
    assert "from 5 answers" in client.get(f"/p/{meeting.presenter_token}?lang=en").get_data(as_text=True)
    assert "5" in client.get(f"/f/meetings/{meeting.id}/report").get_data(as_text=True)


@pytest.mark.parametrize("form", [
    {"min_group_size": "1"}, {"min_group_size": "11"}, {"min_group_size": "drie"}, {"min_group_size": ""},
    {"min_group_size": "3", "seats_officer": "-1"}, {"min_group_size": "3", "seats_officer": "twee"},
])
def test_bad_protection_settings_are_refused_with_a_message_and_change_nothing(client, auth, make, form):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale",))
    meetings.set_protection(meeting, {"officer": 2}, 4, False)
    auth.login(me)
    response = client.post_form(f"/f/meetings/{meeting.id}/protection", form)
    assert response.status_code == 400 and 'class="error"' in response.get_data(as_text=True)
    db.session.refresh(meeting)
    assert (meeting.min_group_size, meeting.seats) == (4, {"officer": 2})


# ---- 8. presenter links

def test_a_presenter_link_expires_a_day_after_the_meeting_closed_and_can_be_renewed(client, make):
    meeting = make.meeting(kinds=("scale",))
    token = live.create_presenter_link(meeting)
    meetings.set_status(meeting, "closed")
    assert client.get(f"/p/{token}").status_code == 200
    later = meeting.closed_at + timedelta(hours=25)
    assert live.by_presenter_token(token, now=later) is None
    meeting.closed_at -= timedelta(hours=25)  # a day and an hour later
    meeting.presenter_made_at -= timedelta(hours=25)
    db.session.commit()
    assert client.get(f"/p/{token}").status_code == 404 and client.get(f"/p/{token}/live").status_code == 404
    renewed = live.create_presenter_link(meeting)
    assert client.get(f"/p/{renewed}").status_code == 200


def test_removing_a_co_host_revokes_the_presenter_link(client, make):
    meeting = make.meeting(kinds=("scale",))
    cohost = Organisation(name="Co-host zone", kind="police_zone")
    db.session.add(cohost)
    organisations.add_host(meeting, cohost)
    token = live.create_presenter_link(meeting)
    organisations.remove_host(meeting, cohost)
    assert client.get(f"/p/{token}").status_code == 404


# ---- the sweep: every route, a real room, the officers' answers changed

SWEPT = {"public", "api", "facilitator", "presenter", "network"}
# Flask-WTF signs its CSRF token with the time in seconds: a slower sweep renders another.
CSRF = re.compile(r'((?:name="csrf_token"[^>]*value|data-csrf)=")[^"]*')
# Pages that draw something new at every visit and show no results: the second-factor
# set-up offers a fresh random key each time.
FRESH_EACH_VISIT = {"auth.account"}


def _sweep(app, world, owner, admin, clients: dict) -> dict[str, str]:
    """Every GET route's body, as the meeting's facilitator or (the network's pages, the
    dashboard) a network admin."""
    bodies = {}
    for endpoint, route in sorted(ROUTES.items()):
        if route.method != "GET" or route.kind not in SWEPT or endpoint in {"static", *FRESH_EACH_VISIT}:
            continue
        who = admin if route.kind == "network" else owner
        if who.id not in clients:
            clients[who.id] = app.test_client()
            logged_in = clients[who.id].post_form("/login", {"email": who.email, "password": PASSWORD})
            assert logged_in.status_code == 302
        for rule in rules(app, endpoint):
            path = world.path(rule, endpoint)
            response = clients[who.id].open(path, **request_args(route, world))
            assert response.status_code < 400, (endpoint, response.status_code)
            bodies[f"{endpoint} {path}"] = CSRF.sub(r"\1", response.get_data(as_text=True))
    return bodies


@pytest.mark.parametrize("officers", [1, 2])
def test_no_route_tells_what_the_officers_answered(app, make, officers):
    """20 youngsters answer every prompt; 1 or 2 officers too. Then the officers change
    every answer they gave (all but free text, which the moderator must read), and one
    of them takes an answer back: every GET route gives the very same bytes."""
    org = Organisation(name="Zone", kind="police_zone")
    db.session.add(org)
    db.session.commit()
    owner, admin = fast_user(org), fast_user(org, "network_admin")
    world = World(owner)
    barometer.add_to(world.meeting)
    db.session.commit()
    prompts = world.meeting.prompts
    for i in range(20):
        who, _ = make.participant(world.meeting, "youngster")
        for prompt in prompts:
            if prompt.audience in ("everyone", "youngster"):
                value = 1 + i % 5 if prompt.id not in world.prompts.values() else varied(prompt.kind, i)
                make.answer(world.meeting, who, prompt, value)
    officer_ids = []
    for _ in range(officers):
        who, _ = make.participant(world.meeting, "officer")
        officer_ids.append(who.id)
        for prompt in prompts:
            if prompt.audience in ("everyone", "officer"):
                make.answer(world.meeting, who, prompt, 2 if prompt.id not in world.prompts.values()
                            else FIRST[prompt.kind])
    with app.test_request_context():
        dashboard.refresh_stale()
    clients = {}  # one session per user for both sweeps: the same CSRF token on every page
    before = _sweep(app, world, owner, admin, clients)
    for answer in db.session.scalars(select(Answer).where(Answer.participant_id.in_(officer_ids))):
        prompt = next(p for p in prompts if p.id == answer.prompt_id)
        if prompt.kind not in ("text", "words"):
            answer.value = 5 if prompt.id not in world.prompts.values() else SECOND[prompt.kind]
    scale_answer = db.session.scalar(select(Answer).where(Answer.participant_id == officer_ids[0],
                                                          Answer.prompt_id == world.prompts["scale"]))
    db.session.delete(scale_answer)  # an officer takes an answer back
    db.session.commit()
    after = _sweep(app, world, owner, admin, clients)
    assert before.keys() == after.keys() and len(before) >= 40
    changed = [name for name in before if before[name] != after[name]]
    assert not changed, f"these routes tell what an officer answered: {changed}"
    # And the sweep can fail: a youngster's change shows on the projector, report and exports.
    young = db.session.scalar(select(Answer).join(Participant).where(
        Participant.group == "youngster", Answer.prompt_id == world.prompts["scale"]))
    young.value = 10 if young.value != 10 else 9
    db.session.commit()
    moved = [name for name, body in _sweep(app, world, owner, admin, clients).items() if body != after[name]]
    assert any("report" in name for name in moved) and any("export_csv" in name for name in moved)


def test_every_result_goes_through_the_one_rule():
    """No module outside app/results/disclosure.py compares a count with K on its own."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "app"
    own = {"disclosure.py"}
    rules_of_its_own = ("min_group_size >", "< k:", "< k)", "< self.k", ">= k")
    offenders = [str(p) for p in root.rglob("*.py")
                 if p.name not in own and any(s in p.read_text() for s in rules_of_its_own)]
    assert offenders == [], offenders
    assert json.dumps(disclosure.Rule(3).hidden(disclosure.FEW)) == '{"hidden": true, "needed": 3}'
