"""The live view's state (app/live/__init__.py) and its conditional polling: the ETag changes
with everything the projector shows and only then; the read-only presenter link; results
held back until a share of the room answered; reset; answers still waiting to sync."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import live, meetings
from app.extensions import db
from app.models import Answer, Receipt
from app.models.base import utcnow
from app.phone import store


@pytest.fixture
def room(make):
    """An open, self-paced meeting with a scale and a text prompt, one youngster joined."""
    meeting = make.meeting(kinds=("scale", "text"))
    who, token = make.participant(meeting)
    return meeting, who, token


def live_url(meeting, prompt=None, lang="en") -> str:
    """The read-only link's fragment; it speaks the meeting's language unless ?lang= says otherwise."""
    return f"/p/{meeting.presenter_token}/live?lang={lang}" + (f"&prompt={prompt.id}" if prompt else "")


def fetch(client, url, tag=None):
    return client.get(url, headers={"If-None-Match": tag} if tag else {})


# ---- the ETag

def test_an_unchanged_view_is_a_304_and_every_change_a_new_etag(client, make, room):
    meeting, who, token = room
    scale = meeting.prompts[0]
    live.create_presenter_link(meeting)
    for value in (2, 3):  # two youngsters answered: the third answer makes the group shown (K = 3)
        make.answer(meeting, make.participant(meeting)[0], scale, value)
    url = live_url(meeting, scale)
    first = fetch(client, url)
    assert first.status_code == 200 and first.headers["ETag"].startswith('"')
    assert "no-cache" in first.headers["Cache-Control"]
    tag = first.headers["ETag"]
    again = fetch(client, url, tag)
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == tag

    # The ETag is a hash of what the room sees: every change of the view gives a new one
    # (going back to a view seen before gives that view's ETag again).
    last = [tag]

    def changed(what):
        response = fetch(client, url, last[-1])
        assert response.status_code == 200, what
        new = response.headers["ETag"]
        assert new != last[-1], what
        last.append(new)
        assert fetch(client, url, new).status_code == 304, what
        return response

    make.answer(meeting, who, scale, 4)
    changed("an answer")
    make.answer(meeting, who, scale, 7)
    changed("an edited answer")
    make.participant(meeting, "officer")
    changed("someone joined")
    meetings.update_prompt(scale, {"nl": "Nieuwe vraag"}, scale.options, "everyone")
    changed("an edited prompt")
    live.set_reveal_share(meeting, 100)  # 3 of 4 answered: the results wait
    changed("a reveal share")
    live.reveal(scale)
    changed("a reveal")
    live.reset(scale)
    changed("a reset")
    meetings.update_meeting(meeting, meeting.title, meeting.language, "facilitator")
    changed("the pacing")
    live.show_prompt(meeting, scale.id)
    changed("the prompt shown")


def test_the_etag_depends_on_the_prompt_browsed_to_and_the_language(client, make, room):
    meeting, _who, _token = room
    live.create_presenter_link(meeting)
    scale, text = meeting.prompts
    tags = {fetch(client, live_url(meeting, p)).headers["ETag"] for p in (None, scale, text)}
    tags.add(client.get(live_url(meeting, scale, lang="nl")).headers["ETag"])
    assert len(tags) == 4


def test_a_304_reads_no_answers(app, client, make, room):
    """A 304 costs the fingerprint: no answer row, no rendering."""
    from sqlalchemy import event

    meeting, who, _token = room
    make.answer(meeting, who, meeting.prompts[0], 4)
    live.create_presenter_link(meeting)
    url = live_url(meeting, meeting.prompts[0])
    tag = fetch(client, url).headers["ETag"]
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert fetch(client, url, tag).status_code == 304
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) <= 4, statements
    assert not any("answer.value" in s for s in statements)


# ---- the read-only presenter link

def test_the_presenter_link_works_without_login_and_dies_when_revoked(client, make, room):
    meeting, _who, _token = room
    token = live.create_presenter_link(meeting)
    assert len(token) >= 24  # >= 144 random bits in URL-safe base64
    page = client.get(f"/p/{token}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert meeting.code in html and 'class="qr"' in html and "style=" not in html
    assert "data-show-url" not in html and "csrf_token" not in html  # read-only: no controls
    assert page.headers["Referrer-Policy"] == "no-referrer"

    live.revoke_presenter_link(meeting)
    assert client.get(f"/p/{token}").status_code == 404
    assert client.get(f"/p/{token}/live").status_code == 404
    assert "We could not find this page." in client.get(f"/p/{token}").get_data(as_text=True)

    new = live.create_presenter_link(meeting)
    assert new != token
    assert client.get(f"/p/{new}").status_code == 200
    assert client.get(f"/p/{token}").status_code == 404


def test_a_link_shows_its_own_meeting_only(client, make, room):
    meeting, _who, _token = room
    other = make.meeting(kinds=("single",), title="Other meeting")
    token = live.create_presenter_link(meeting)
    live.create_presenter_link(other)
    assert client.get(f"/p/{token}?prompt={other.prompts[0].id}").status_code == 200
    html = client.get(f"/p/{token}/live?prompt={other.prompts[0].id}").get_data(as_text=True)
    assert "Question single" not in html and "Vraag single" not in html and 'data-prompt=""' in html
    assert client.get("/p/nope").status_code == 404
    assert client.get("/p/").status_code == 404


def test_the_read_only_link_cannot_move_the_phones(client, make, room):
    meeting, _who, _token = room
    meetings.update_meeting(meeting, meeting.title, meeting.language, "facilitator")
    token = live.create_presenter_link(meeting)
    assert client.post(f"/p/{token}", data={"prompt_id": meeting.prompts[0].id}).status_code in (400, 405)
    assert client.post(f"/p/{token}/live").status_code in (400, 405)
    response = client.post(f"/f/meetings/{meeting.id}/present/show",
                           data={"prompt_id": meeting.prompts[0].id})
    assert response.status_code in (302, 400)  # not logged in (or no CSRF token)
    db.session.refresh(meeting)
    assert meeting.current_prompt_id is None


def test_the_facilitator_makes_revokes_and_replaces_the_link(client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale",))
    auth.login(me)
    assert client.post_form(f"/f/meetings/{meeting.id}/presenter-link").status_code == 302
    db.session.refresh(meeting)
    first = meeting.presenter_token
    page = client.get(f"/f/meetings/{meeting.id}").get_data(as_text=True)
    assert f"/p/{first}" in page
    client.post_form(f"/f/meetings/{meeting.id}/presenter-link")
    db.session.refresh(meeting)
    assert meeting.presenter_token not in (None, first)
    client.post_form(f"/f/meetings/{meeting.id}/presenter-link/revoke")
    db.session.refresh(meeting)
    assert meeting.presenter_token is None
    assert "/p/" not in client.get(f"/f/meetings/{meeting.id}").get_data(as_text=True)


def test_another_organisation_cannot_touch_the_controls(client, auth, make):
    meeting = make.meeting(kinds=("scale",))
    auth.login(make.user())
    for url in (f"/f/meetings/{meeting.id}/presenter-link", f"/f/meetings/{meeting.id}/reveal-share",
                f"/f/meetings/{meeting.id}/prompts/{meeting.prompts[0].id}/reset",
                f"/f/meetings/{meeting.id}/present/show"):
        assert client.post_form(url, {"reveal_share": "50", "confirm": "yes"}).status_code == 404, url
    assert client.get(f"/f/meetings/{meeting.id}/present/live").status_code == 404


# ---- facilitator pacing from the presenter page

def test_the_facilitator_moves_the_phones_from_the_presenter(client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale", "single"), pacing="facilitator")
    auth.login(me)
    html = client.get(f"/f/meetings/{meeting.id}/present").get_data(as_text=True)
    assert "data-show-url" in html and "data-csrf" in html
    second = meeting.prompts[1]
    show = f"/f/meetings/{meeting.id}/present/show"
    assert client.post_form(show, {"prompt_id": second.id}).status_code == 204
    db.session.refresh(meeting)
    assert meeting.current_prompt_id == second.id
    fragment = client.get(f"/f/meetings/{meeting.id}/present/live").get_data(as_text=True)
    assert f'data-prompt="{second.id}"' in fragment and "Vraag single" in fragment  # the meeting's language
    assert client.post_form(show, {"prompt_id": "999999"}).status_code == 404
    assert client.post_form(show, {"prompt_id": ""}).status_code == 204
    db.session.refresh(meeting)
    assert meeting.current_prompt_id is None


# ---- holding results back, revealing, resetting

def test_results_wait_for_the_share_of_the_room(client, make):
    meeting = make.meeting(kinds=("scale",))
    meeting.min_group_size = 2
    scale = meeting.prompts[0]
    phones = [make.participant(meeting, "youngster")[0] for _ in range(4)]
    live.create_presenter_link(meeting)
    live.set_reveal_share(meeting, 75)
    for who in phones[:2]:
        make.answer(meeting, who, scale, 5)
    html = fetch(client, live_url(meeting, scale)).get_data(as_text=True)
    assert 'class="gate"' in html and "<span data-answered>2</span> / 4" in html
    assert "once 3 have answered (75% of the room)" in html
    make.answer(meeting, phones[2], scale, 6)
    html = fetch(client, live_url(meeting, scale)).get_data(as_text=True)
    assert 'class="gate"' not in html and "chart-scale" in html

    live.reset(scale)
    make.answer(meeting, phones[0], scale, 5)
    assert 'class="gate"' in fetch(client, live_url(meeting, scale)).get_data(as_text=True)
    live.reveal(scale)
    assert 'class="gate"' not in fetch(client, live_url(meeting, scale)).get_data(as_text=True)


def test_reveal_state_counts_the_addressed_room():
    class M:
        reveal_share = 50

    class P:
        revealed = False

    assert live.reveal_state(M, P, 1, 3) == {"hidden": True, "share": 50, "answered": 1, "room": 3,
                                             "needed": 2}
    assert not live.reveal_state(M, P, 2, 3)["hidden"]
    M.reveal_share = 0
    assert not live.reveal_state(M, P, 0, 3)["hidden"]


def test_reveal_share_and_reveal_from_the_meeting_page(client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale",))
    prompt = meeting.prompts[0]
    auth.login(me)
    share = f"/f/meetings/{meeting.id}/reveal-share"
    assert client.post_form(share, {"reveal_share": "75"}).status_code == 302
    db.session.refresh(meeting)
    assert meeting.reveal_share == 75
    assert client.post_form(share, {"reveal_share": "101"}).status_code == 400
    assert client.post_form(share, {"reveal_share": "x"}).status_code == 400
    page = client.get(f"/f/meetings/{meeting.id}").get_data(as_text=True)
    assert "Reveal results now" in page
    client.post_form(f"/f/meetings/{meeting.id}/prompts/{prompt.id}/reveal", {"revealed": "1"})
    db.session.refresh(prompt)
    assert prompt.revealed
    assert "Hold results back" in client.get(f"/f/meetings/{meeting.id}").get_data(as_text=True)


def test_reset_deletes_the_answers_but_keeps_the_receipts(client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale", "single"))
    scale, single = meeting.prompts
    who, token = make.participant(meeting)
    item = make.answer_item(scale, 4)
    assert store.store_batch(meeting, who, [item])[0].status == "stored"
    auth.login(me)
    assert client.post_form(f"/f/meetings/{meeting.id}/prompts/{scale.id}/reset").status_code == 400
    response = client.post_form(f"/f/meetings/{meeting.id}/prompts/{scale.id}/reset", {"confirm": "yes"},
                                follow_redirects=True)
    assert "1 answer deleted" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0
    assert db.session.get(Receipt, item["uuid"]) is not None

    replay = client.post(f"/api/meetings/{meeting.token}/answers", data=json.dumps({"answers": [item]}),
                         content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    assert replay.status_code == 200, replay.get_data(as_text=True)
    assert [r["status"] for r in replay.json["results"]] == ["duplicate"]
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


# ---- answers still waiting to sync

def test_waiting_total_counts_recent_reports_only(client, make, room):
    meeting, who, _token = room
    other, _ = make.participant(meeting, "officer")
    stale, _ = make.participant(meeting, "other")
    now = utcnow()
    who.waiting, who.waiting_at = 10_000, now - timedelta(minutes=2)  # counts for 2: one per prompt
    other.waiting, other.waiting_at = 2, now
    stale.waiting, stale.waiting_at = 5, now - timedelta(hours=5)
    db.session.commit()
    assert live.waiting_total(meeting) == 4
    live.create_presenter_link(meeting)
    assert "4 answers still waiting to sync" in fetch(client, live_url(meeting)).get_data(as_text=True)
    who.waiting = other.waiting = 0
    db.session.commit()
    assert live.waiting_total(meeting) == 0
    assert "waiting to sync" not in fetch(client, live_url(meeting)).get_data(as_text=True)
