"""Moderation: open text and words reach the projector, the report and the exports only
once approved; rejected answers are counted and kept out; a decision never approves an
edit the moderator has not seen. The domain, the views (plain forms and the script's
JSON), and the whole flow in Chromium."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.live import moderation
from app.models import Answer, Meeting, Participant
from app.phone import wordfilter
from app.results import exports, per_prompt
from tests.browser import log_in, post_answer

T0 = datetime.now(UTC) - timedelta(minutes=30)


def answer(make, meeting, prompt, value, group="youngster", minute=0, who=None):
    who = who or make.participant(meeting, group)[0]
    outcome = make.answer(meeting, who, prompt, value, recorded_at=T0 + timedelta(minutes=minute))
    assert outcome.status == "stored", outcome
    return who


def review_of(value) -> str | None:
    db.session.expire_all()
    return next(review for found, review in db.session.execute(select(Answer.value, Answer.review))
                if found == value)


def version(meeting) -> int:
    db.session.expire_all()
    return db.session.get(Meeting, meeting.id).version


def queued(meeting) -> dict:
    return {json.dumps(item.value): item for item in moderation.queue(meeting)}


# ---- The domain


def test_open_text_and_words_start_pending_other_kinds_are_not_moderated(make):
    meeting = make.meeting(kinds=("text", "words", "scale", "single"))
    text, words, scale, single = meeting.prompts
    who = answer(make, meeting, text, "Meer voetbal")
    answer(make, meeting, words, ["respect"], who=who)
    answer(make, meeting, scale, 7, who=who)
    answer(make, meeting, single, "yes", who=who)
    reviews = dict(db.session.execute(select(Answer.prompt_id, Answer.review)).all())
    assert reviews == {text.id: "pending", words.id: "pending", scale.id: None, single.id: None}
    assert moderation.initial_review("text") == "pending" and moderation.initial_review("cards") is None


def test_the_queue_is_oldest_first_with_filtered_words_first_and_no_participant(make):
    meeting = make.meeting(kinds=("text", "words"))
    text, words = meeting.prompts
    answer(make, meeting, text, "Bedankt voor de babbel", "officer", minute=1)
    answer(make, meeting, words, ["cool", "Fuck"], minute=2)
    answer(make, meeting, text, "Eerste!", minute=0)
    other = make.meeting(kinds=("text",))
    answer(make, other, other.prompts[0], "Elders")
    items = moderation.queue(meeting)
    # Received order: oldest first; the one holding a filtered word before all others.
    assert [item.value for item in items] == [["cool", "Fuck"], "Bedankt voor de babbel", "Eerste!"]
    assert [item.filtered for item in items] == [["fuck"], [], []]
    # One or two answers of a group to a prompt: the moderator is not told which group
    # (app/results/disclosure.py), so a lone officer's text is not labelled "officer".
    assert [(item.prompt.id, item.group) for item in items] == [
        (words.id, None), (text.id, None), (text.id, None)]
    assert items[0].shown == "cool; Fuck"
    assert not any("participant" in name for name in vars(items[0]))
    assert moderation.pending_total(meeting) == 3


def test_approve_reject_undo_and_flip_each_bump_the_live_version(make):
    meeting = make.meeting(kinds=("text",))
    prompt = meeting.prompts[0]
    answer(make, meeting, prompt, "Goed gesprek")
    item = moderation.queue(meeting)[0]
    start = version(meeting)
    moderation.decide(meeting, item.answer_id, item.uuid, "approved")
    assert review_of("Goed gesprek") == "approved" and version(meeting) == start + 1
    moderation.decide(meeting, item.answer_id, item.uuid, "rejected")  # flip
    assert review_of("Goed gesprek") == "rejected" and version(meeting) == start + 2
    assert moderation.decided(meeting)[0].review == "rejected"
    moderation.decide(meeting, item.answer_id, item.uuid, "pending")  # undo
    assert review_of("Goed gesprek") == "pending" and version(meeting) == start + 3
    assert moderation.counts(meeting) == {prompt.id: {"pending": 1, "approved": 0, "rejected": 0}}
    with pytest.raises(ValueError):
        moderation.decide(meeting, item.answer_id, item.uuid, "maybe")


def test_an_answer_edited_meanwhile_is_not_approved_unseen(make):
    meeting = make.meeting(kinds=("text",))
    prompt = meeting.prompts[0]
    who = answer(make, meeting, prompt, "Vriendelijk", minute=0)
    seen = moderation.queue(meeting)[0]
    moderation.decide(meeting, seen.answer_id, seen.uuid, "approved")
    answer(make, meeting, prompt, "Iets heel anders", minute=5, who=who)  # the phone edits it
    assert review_of("Iets heel anders") == "pending"  # an edit is moderated again
    before = version(meeting)
    with pytest.raises(moderation.Changed):
        moderation.decide(meeting, seen.answer_id, seen.uuid, "approved")
    assert review_of("Iets heel anders") == "pending" and version(meeting) == before
    fresh = moderation.queue(meeting)[0]
    assert (fresh.answer_id, fresh.value) == (seen.answer_id, "Iets heel anders") and fresh.uuid != seen.uuid


def test_approve_many_skips_what_changed_and_other_meetings(make):
    meeting = make.meeting(kinds=("text",))
    prompt = meeting.prompts[0]
    first = answer(make, meeting, prompt, "Een", minute=0)
    answer(make, meeting, prompt, "Twee", minute=1)
    other = make.meeting(kinds=("text",))
    answer(make, other, other.prompts[0], "Elders")
    seen = [(item.answer_id, item.uuid) for item in moderation.queue(meeting)]
    foreign = [(item.answer_id, item.uuid) for item in moderation.queue(other)]
    answer(make, meeting, prompt, "Een, herschreven", minute=3, who=first)
    assert moderation.approve_many(meeting, seen + foreign) == (1, 2)
    assert (review_of("Twee"), review_of("Een, herschreven"), review_of("Elders")) == (
        "approved", "pending", "pending")


def test_the_word_filter_ignores_case_and_accents_and_words_inside_others():
    assert wordfilter.filtered_words("Espèce d'ENCULÉ") == ["encule"]
    assert wordfilter.filtered_words(["Klootzakken", "ok"]) == ["klootzakken"]
    assert wordfilter.filtered_words("ACAB!") == ["acab"]
    assert wordfilter.filtered_words("Hoera, een contrôle zonder problemen") == []
    assert not wordfilter.is_flagged("Respect voor elkaar")


def test_results_and_exports_leave_rejected_answers_out_and_count_them(make):
    meeting = make.meeting(kinds=("text",))
    prompt = meeting.prompts[0]
    for minute, value in enumerate(["Top", "<b>Stom</b>", "Later meer"]):
        answer(make, meeting, prompt, value, "officer", minute=minute)
    items = {item.value: item for item in moderation.queue(meeting)}
    moderation.decide(meeting, items["Top"].answer_id, items["Top"].uuid, "approved")
    moderation.decide(meeting, items["<b>Stom</b>"].answer_id, items["<b>Stom</b>"].uuid, "rejected")
    officers = per_prompt.meeting_results(meeting)[prompt.id]["groups"]["officer"]
    assert officers == {"hidden": False, "n": 3, "pending": 1, "rejected": 1, "texts": ["Top"]}
    # Sorted by value, not in the order given (app/results/exports.py).
    assert [(row["value"], row["moderation"]) for row in exports.answer_rows(meeting)] == [
        ("Later meer", "pending"), ("Top", "approved")]
    assert "Stom" not in exports.to_csv(meeting)
    archive = exports.to_json(meeting)
    assert "Stom" not in json.dumps(archive)
    assert archive["prompts"][0]["moderation"] == {"pending": 1, "approved": 1, "rejected": 1}


# ---- The views


@pytest.fixture
def room(make, auth):
    """A logged-in facilitator's meeting with an open question answered twice."""
    me = make.user()
    meeting = make.meeting(me, kinds=("text", "scale"))
    text = meeting.prompts[0]
    answer(make, meeting, text, "<script>alert(1)</script> hallo", minute=0)
    answer(make, meeting, text, "Meer van dit", "officer", minute=1)
    auth.login(me)
    return {"meeting": meeting, "text": text, "url": f"/f/meetings/{meeting.id}/moderation"}


def test_the_page_shows_the_queue_escaped_with_one_form_per_answer(client, room):
    page = client.get(room["url"]).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; hallo" in page
    assert page.index("&lt;script&gt;") < page.index("Meer van dit")  # oldest first
    assert page.count('name="review" value="approved"') == 2
    assert page.count('name="review" value="rejected"') == 2
    for item in moderation.queue(room["meeting"]):
        assert f'name="uuid" value="{item.uuid}"' in page
        assert f'name="seen" value="{item.answer_id}:{item.uuid}"' in page


def test_a_plain_form_approves_and_redirects_back(client, room):
    item = queued(room["meeting"])['"Meer van dit"']
    response = client.post_form(f"{room['url']}/{item.answer_id}", {"uuid": item.uuid, "review": "approved"})
    assert response.status_code == 303 and response.location == room["url"]
    assert review_of("Meer van dit") == "approved"
    page = client.get(room["url"]).get_data(as_text=True)
    assert page.count('name="review" value="approved"') == 1  # the other one still waits
    assert "Latest decisions" in page and 'name="review" value="pending"' in page  # undo


def test_the_script_decides_with_a_csrf_header_and_gets_json(client, room):
    item = queued(room["meeting"])['"Meer van dit"']
    response = client.post(f"{room['url']}/{item.answer_id}", data={"uuid": item.uuid, "review": "rejected"},
                           headers={"X-CSRFToken": client.csrf_token(), "Accept": "application/json"})
    assert response.status_code == 200
    assert response.json == {"ok": True, "pending_total": 1}
    assert review_of("Meer van dit") == "rejected"


def test_an_edit_made_meanwhile_is_refused_with_a_clear_message(client, make, room):
    meeting = room["meeting"]
    seen = queued(meeting)['"Meer van dit"']
    who = db.session.scalar(select(Answer).where(Answer.id == seen.answer_id)).participant_id
    answer(make, meeting, room["text"], "Nieuwe tekst", minute=9, who=db.session.get(Participant, who))
    url = f"{room['url']}/{seen.answer_id}"
    response = client.post(url, data={"uuid": seen.uuid, "review": "approved"},
                           headers={"X-CSRFToken": client.csrf_token(), "Accept": "application/json"})
    assert response.status_code == 409
    assert response.json == {"ok": False, "pending_total": 2,
                             "message": "This answer was changed; look again."}
    response = client.post_form(url, {"uuid": seen.uuid, "review": "approved"}, follow_redirects=True)
    assert "This answer was changed; look again." in response.get_data(as_text=True)
    assert review_of("Nieuwe tekst") == "pending"


def test_approve_all_shown_approves_only_what_was_seen(client, make, room):
    meeting = room["meeting"]
    seen = [f"{item.answer_id}:{item.uuid}" for item in moderation.queue(meeting)]
    answer(make, meeting, room["text"], "Net binnen", minute=20)  # arrived after the page was drawn
    response = client.post_form(f"{room['url']}/approve-all", {"seen": seen}, follow_redirects=True)
    assert "2 answers approved." in response.get_data(as_text=True)
    assert review_of("Net binnen") == "pending" and review_of("Meer van dit") == "approved"


def test_a_bad_decision_is_refused(client, room):
    item = moderation.queue(room["meeting"])[0]
    response = client.post(f"{room['url']}/{item.answer_id}", data={"uuid": item.uuid, "review": "maybe"},
                           headers={"X-CSRFToken": client.csrf_token(), "Accept": "application/json"})
    assert response.status_code == 400 and response.json["ok"] is False
    assert moderation.pending_total(room["meeting"]) == 2


def test_decisions_need_the_csrf_token(client, room):
    item = moderation.queue(room["meeting"])[0]
    url = f"{room['url']}/{item.answer_id}"
    assert client.post(url, data={"uuid": item.uuid, "review": "approved"}).status_code == 400
    assert client.post(url, data={"uuid": item.uuid, "review": "approved"},
                       headers={"X-CSRFToken": "forged", "Accept": "application/json"}).status_code == 400
    assert client.post(f"{room['url']}/approve-all", data={"seen": f"{item.answer_id}:{item.uuid}"}
                       ).status_code == 400
    assert moderation.pending_total(room["meeting"]) == 2


def test_another_organisations_meeting_is_not_found(client, make, auth):
    meeting = make.meeting(kinds=("text",))
    answer(make, meeting, meeting.prompts[0], "Van een andere organisatie")
    item = moderation.queue(meeting)[0]
    auth.login()  # a facilitator of another organisation
    url = f"/f/meetings/{meeting.id}/moderation"
    assert client.get(url).status_code == 404
    assert client.get(f"{url}/lists").status_code == 404
    decision = {"uuid": item.uuid, "review": "approved"}
    assert client.post_form(f"{url}/{item.answer_id}", decision).status_code == 404
    seen = {"seen": f"{item.answer_id}:{item.uuid}"}
    assert client.post_form(f"{url}/approve-all", seen).status_code == 404
    assert review_of("Van een andere organisatie") == "pending"


def test_an_answer_of_another_meeting_cannot_be_decided_through_mine(client, make, room):
    other = make.meeting(kinds=("text",))  # another organisation's
    answer(make, other, other.prompts[0], "Niet van hier")
    item = moderation.queue(other)[0]
    response = client.post_form(f"{room['url']}/{item.answer_id}", {"uuid": item.uuid, "review": "approved"},
                                follow_redirects=True)
    assert "This answer was changed; look again." in response.get_data(as_text=True)
    assert review_of("Niet van hier") == "pending"


def test_the_pages_need_a_login(client, make):
    meeting = make.meeting(kinds=("text",))
    for url in (f"/f/meetings/{meeting.id}/moderation", f"/f/meetings/{meeting.id}/moderation/lists"):
        response = client.get(url)
        assert response.status_code == 302 and response.location.startswith("/login?next=/f/")


def test_the_polled_lists_answer_304_until_something_changes(client, make, room):
    url = f"{room['url']}/lists"
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"]
    assert "Meer van dit" in first.get_data(as_text=True) and "<html" not in first.get_data(as_text=True)
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    answer(make, room["meeting"], room["text"], "Nog eentje", minute=25)
    changed = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and "Nog eentje" in changed.get_data(as_text=True)
    item = moderation.queue(room["meeting"])[0]
    moderation.decide(room["meeting"], item.answer_id, item.uuid, "approved")
    assert client.get(url, headers={"If-None-Match": changed.headers["ETag"]}).status_code == 200


def test_the_meeting_page_links_to_moderation_with_the_number_waiting(client, room):
    page = client.get(f"/f/meetings/{room['meeting'].id}").get_data(as_text=True)
    assert re.search(rf'href="{room["url"]}">Moderation \(2 waiting\)</a>', page)


def test_a_filtered_word_is_marked_in_the_queue(client, make, room):
    answer(make, room["meeting"], room["text"], "Vuile klootzak", minute=30)
    page = client.get(room["url"]).get_data(as_text=True)
    assert page.count("Contains a filtered word") == 1
    assert page.index("Contains a filtered word") < page.index("hallo")  # first, though newest


# ---- In Chromium: a participant answers, the facilitator moderates from a phone


def texts_shown(meeting, prompt) -> list[str]:
    db.session.expire_all()
    found = db.session.get(Meeting, meeting.id)
    return [text for group in per_prompt.meeting_results(found)[prompt.id]["groups"].values()
            for text in group.get("texts", [])]


@pytest.mark.browser
def test_the_moderation_flow_in_chromium(browser, live_server, make, tmp_path):
    me = make.user()
    meeting = make.meeting(me, kinds=("text",))
    meeting.min_group_size = 2
    db.session.commit()
    prompt = meeting.prompts[0]
    phones = [make.participant(meeting, "youngster")[1] for _ in range(2)]
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  base_url=live_server["url"], locale="en")
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, me, make.PASSWORD)
    page.goto(f"/f/meetings/{meeting.id}/moderation")
    expect(page.get_by_text("Nothing is waiting for a decision.")).to_be_visible()

    # Answers sent through the API appear without a reload (polling), escaped.
    post_answer(page, meeting, phones[0], prompt, "Meer samen <b>sporten</b>")
    post_answer(page, meeting, phones[1], prompt, "Stomme flikkers")
    cards = page.locator("[data-queue] > li")
    expect(cards).to_have_count(2, timeout=5000)
    expect(page.locator("[data-pending-total]")).to_have_text("2")
    good = cards.filter(has_text="Meer samen <b>sporten</b>")
    bad = cards.filter(has_text="Stomme flikkers")
    expect(bad.get_by_text("Contains a filtered word")).to_be_visible()
    assert texts_shown(meeting, prompt) == []
    page.screenshot(path=tmp_path / "moderation-phone.png", full_page=True)

    # Approve one and reject the other, each without a reload.
    page.evaluate("window.notReloaded = true")
    good.get_by_role("button", name="Approve").click()
    bad.get_by_role("button", name="Reject").click()
    expect(cards).to_have_count(0)
    expect(page.get_by_text("Nothing is waiting for a decision.")).to_be_visible()
    expect(page.locator("[data-decided] > li")).to_have_count(2)
    assert page.evaluate("window.notReloaded") is True
    assert texts_shown(meeting, prompt) == ["Meer samen <b>sporten</b>"]
    officer = make.participant(meeting, "officer")  # more people answering changes nothing
    assert officer and texts_shown(meeting, prompt) == ["Meer samen <b>sporten</b>"]
    csv = exports.to_csv(db.session.get(Meeting, meeting.id))
    assert "Meer samen" in csv and "Stomme" not in csv

    # Undo the approval: it waits again, and leaves the results.
    decided = page.locator("[data-decided] > li")
    decided.filter(has_text="Meer samen").get_by_role("button", name="Undo").click()
    expect(cards).to_have_count(1)
    assert texts_shown(meeting, prompt) == []
    page.screenshot(path=tmp_path / "moderation-undo.png", full_page=True)
    context.close()
    assert not errors, errors


def test_a_decision_leaves_the_prompts_version_alone(make):
    """Moderation changes what the projector shows, not the prompts: the answer path's
    prompt rules and the dashboard's summary (keyed by prompts_version) stay valid."""
    meeting = make.meeting(kinds=("text",))
    answer(make, meeting, meeting.prompts[0], "Meer voetbal")
    before = db.session.get(Meeting, meeting.id).prompts_version
    live_before = version(meeting)
    moderation.approve_many(meeting, [(item.answer_id, item.uuid) for item in moderation.queue(meeting)])
    found = db.session.get(Meeting, meeting.id)
    assert found.version > live_before and found.prompts_version == before
