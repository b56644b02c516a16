"""The facilitator's meetings: the list, creating one, its page, status, pacing and counts."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Meeting

GET_ROUTES = ["/meetings/{m}", "/meetings/{m}/present", "/meetings/{m}/counts.json",
              "/meetings/{m}/prompts/new?kind=scale", "/meetings/{m}/prompts/{p}"]
POST_ROUTES = ["/meetings/{m}/settings", "/meetings/{m}/status", "/meetings/{m}/current",
               "/meetings/{m}/prompts/new?kind=scale", "/meetings/{m}/prompts/{p}",
               "/meetings/{m}/prompts/{p}/move", "/meetings/{m}/prompts/{p}/delete"]
# Data each POST route would accept from the meeting's own facilitator.
VALID = {"title": "Other", "language": "en", "pacing": "facilitator", "status": "closed", "prompt_id": "",
         "text_nl": "Nieuw", "audience": "everyone", "style": "numbers", "min": "1", "max": "5",
         "direction": "down"}


def url(route, meeting):
    return "/f" + route.format(m=meeting.id, p=meeting.prompts[0].id)


def fresh(meeting) -> Meeting:
    """The meeting as stored: forget whatever this session holds in memory."""
    db.session.rollback()
    db.session.expire_all()
    return db.session.get(Meeting, meeting.id)


def snapshot(meeting) -> tuple:
    m = fresh(meeting)
    prompts = [(p.id, p.position, p.text, p.options, p.audience) for p in m.prompts]
    return m.title, m.language, m.pacing, m.status, m.current_prompt_id, prompts


@pytest.mark.parametrize("route", ["/"] + GET_ROUTES)
def test_pages_need_a_login(client, make, route):
    meeting = make.meeting(kinds=("scale",))
    response = client.get("/f/" if route == "/" else url(route, meeting))
    assert response.status_code == 302
    assert response.location.startswith("/login?next=/f/")


@pytest.mark.parametrize("route", ["/meetings"] + POST_ROUTES)
def test_changes_need_a_login(client, make, route):
    meeting = make.meeting(kinds=("scale",), pacing="facilitator")
    before = snapshot(meeting)
    response = client.post_form("/f/meetings" if route == "/meetings" else url(route, meeting), VALID)
    assert response.status_code == 302 and response.location.startswith("/login")
    assert snapshot(meeting) == before


@pytest.mark.parametrize("route", GET_ROUTES)
def test_another_organisations_meeting_is_not_found(client, auth, make, route):
    meeting = make.meeting(kinds=("scale",))
    auth.login()  # a facilitator of another organisation
    assert client.get(url(route, meeting)).status_code == 404


@pytest.mark.parametrize("route", POST_ROUTES)
def test_another_organisations_meeting_cannot_be_changed(client, auth, make, route):
    meeting = make.meeting(kinds=("scale", "text"), pacing="facilitator")
    before = snapshot(meeting)
    auth.login()
    assert client.post_form(url(route, meeting), VALID).status_code == 404
    assert snapshot(meeting) == before


def test_the_list_shows_only_my_organisations_meetings_with_counts(client, auth, make):
    me = make.user()
    mine = make.meeting(me, title="Voetbal in De Brug", kinds=("scale",))
    make.meeting(make.user(me.organisation), title="Colleague's meeting", kinds=())
    make.meeting(title="Someone else's meeting", kinds=())
    for group in ("youngster", "youngster", "officer"):
        make.participant(mine, group)
    auth.login(me)
    page = client.get("/f/").get_data(as_text=True)
    assert "Voetbal in De Brug" in page and mine.code in page and "Colleague&#39;s meeting" in page
    assert "Someone else" not in page
    assert "3 people joined: Youngsters 2, Officers 1, Others 0" in page


def test_creating_a_meeting_opens_its_page(client, auth, make):
    me = auth.login()
    data = {"title": " Basketbal ", "language": "fr", "pacing": "facilitator"}
    response = client.post_form("/f/meetings", data)
    meeting = db.session.scalar(select(Meeting))
    assert response.status_code == 302 and response.location == f"/f/meetings/{meeting.id}"
    assert (meeting.title, meeting.language, meeting.pacing, meeting.status) == (
        "Basketbal", "fr", "facilitator", "draft")
    assert meeting.organisation_id == me.organisation_id
    assert "Meeting created" in client.get(response.location).get_data(as_text=True)


@pytest.mark.parametrize("data, message", [
    ({"title": "", "language": "nl", "pacing": "self"}, "This field is required."),
    ({"title": "x" * 121, "language": "nl", "pacing": "self"}, "Field cannot be longer than 120 characters."),
    ({"title": "Ok", "language": "de", "pacing": "self"}, "Not a valid choice."),
    ({"title": "Ok", "language": "nl", "pacing": "anarchy"}, "Not a valid choice."),
])
def test_a_bad_new_meeting_is_refused_with_a_message(client, auth, data, message):
    auth.login()
    response = client.post_form("/f/meetings", data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_the_meeting_page_shows_prompts_status_and_counts(client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale", "words"), status="draft")
    make.participant(meeting, "officer")
    auth.login(me)
    page = client.get(f"/f/meetings/{meeting.id}").get_data(as_text=True)
    assert meeting.title in page and meeting.code in page and "Draft" in page
    assert "Question scale" in page and "Question words" in page  # in the facilitator's language
    assert 'data-count="participants.officer">1<' in page
    assert "Open the meeting" in page
    assert f'data-counts-url="/f/meetings/{meeting.id}/counts.json"' in page
    assert "<script>" not in page and "style=" not in page and "onclick" not in page


def test_settings_change_title_language_and_pacing(client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=())
    auth.login(me)
    response = client.post_form(f"/f/meetings/{meeting.id}/settings",
                                {"title": "Nieuwe titel", "language": "en", "pacing": "facilitator"})
    assert response.status_code == 302
    assert (fresh(meeting).title, fresh(meeting).language, fresh(meeting).pacing) == (
        "Nieuwe titel", "en", "facilitator")
    bad = client.post_form(f"/f/meetings/{meeting.id}/settings",
                           {"title": "", "language": "en", "pacing": "self"})
    assert bad.status_code == 400 and "This field is required." in bad.get_data(as_text=True)
    assert fresh(meeting).title == "Nieuwe titel"


def test_open_close_and_reopen(client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale",), status="draft")
    auth.login(me)
    status = f"/f/meetings/{meeting.id}/status"
    assert client.post_form(status, {"status": "open"}).status_code == 302
    assert fresh(meeting).status == "open" and fresh(meeting).opened_at is not None
    assert "Close the meeting" in client.get(f"/f/meetings/{meeting.id}").get_data(as_text=True)
    client.post_form(status, {"status": "closed"})
    assert fresh(meeting).status == "closed" and fresh(meeting).closed_at is not None
    assert "Reopen the meeting" in client.get(f"/f/meetings/{meeting.id}").get_data(as_text=True)
    client.post_form(status, {"status": "open"})
    assert fresh(meeting).status == "open" and fresh(meeting).closed_at is None


@pytest.mark.parametrize("value", ["draft", "deleted", ""])
def test_an_unknown_status_is_refused(client, auth, make, value):
    me = make.user()
    meeting = make.meeting(me, kinds=())
    auth.login(me)
    assert client.post_form(f"/f/meetings/{meeting.id}/status", {"status": value}).status_code == 400
    assert fresh(meeting).status == "open"


def test_the_facilitator_chooses_the_current_prompt(client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale", "text"), pacing="facilitator")
    second = meeting.prompts[1].id
    auth.login(me)
    current = f"/f/meetings/{meeting.id}/current"
    assert client.post_form(current, {"prompt_id": second}).status_code == 302
    assert fresh(meeting).current_prompt_id == second
    page = client.get(f"/f/meetings/{meeting.id}").get_data(as_text=True)
    assert page.count("On the phones now") == 1 and "Show no prompt" in page
    client.post_form(current, {"prompt_id": ""})
    assert fresh(meeting).current_prompt_id is None


def test_the_current_prompt_must_be_one_of_the_meeting(client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale",), pacing="facilitator")
    elsewhere = make.meeting(me, kinds=("scale",))
    auth.login(me)
    current = f"/f/meetings/{meeting.id}/current"
    assert client.post_form(current, {"prompt_id": elsewhere.prompts[0].id}).status_code == 404
    assert client.post_form(current, {"prompt_id": "one"}).status_code == 400
    assert fresh(meeting).current_prompt_id is None


def test_self_paced_meetings_have_no_current_prompt(client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale",), pacing="self")
    auth.login(me)
    assert "Show now" not in client.get(f"/f/meetings/{meeting.id}").get_data(as_text=True)
    response = client.post_form(f"/f/meetings/{meeting.id}/current", {"prompt_id": meeting.prompts[0].id})
    assert response.status_code == 400
    assert fresh(meeting).current_prompt_id is None


def test_counts_json_has_participants_and_answers_per_group(client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale", "text"))
    scale, text = meeting.prompts
    youngster, _ = make.participant(meeting, "youngster")
    officer, _ = make.participant(meeting, "officer")
    make.answer(meeting, youngster, scale, 7)
    make.answer(meeting, officer, scale, 3)
    make.answer(meeting, officer, text, "Goed gesprek")
    auth.login(me)
    response = client.get(f"/f/meetings/{meeting.id}/counts.json")
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    assert response.json == {
        "status": "open", "current_prompt_id": None,
        "participants": {"youngster": 1, "officer": 1, "other": 0},
        # Below K (3) a group's count is not said (app/results/disclosure.py): null, shown as "<3".
        "answers": {str(scale.id): {"youngster": None, "officer": None, "other": None},
                    str(text.id): {"youngster": None, "officer": None, "other": None}},
    }


@pytest.mark.parametrize("route", ["/meetings"] + POST_ROUTES)
def test_a_form_without_csrf_token_is_refused(client, auth, make, route):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale", "text"), pacing="facilitator")
    before = snapshot(meeting)
    auth.login(me)
    target = "/f/meetings" if route == "/meetings" else url(route, meeting)
    response = client.post(target, data=VALID)
    assert response.status_code == 400
    assert "The form was not accepted" in response.get_data(as_text=True)
    assert snapshot(meeting) == before
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 1


@pytest.mark.browser
def test_a_facilitator_builds_and_runs_a_review_on_a_phone(phone, make):
    """Create a meeting, add a prompt, open it, show it, and watch answers arrive live."""
    from playwright.sync_api import expect

    me = make.user()
    phone.goto("/login")
    phone.fill("input[name=email]", me.email)
    phone.fill("input[name=password]", make.PASSWORD)
    phone.click("button[type=submit]")
    phone.fill("input[name=title]", "Straatvoetbal")
    phone.check("input[name=pacing][value=facilitator]")
    phone.click("button:has-text('Create meeting')")
    phone.click("text=+ Barometer (scale)")
    phone.fill("textarea[name=text_nl]", "Hoe was het?")
    phone.click("button:has-text('Add prompt')")
    expect(phone.locator(".prompt")).to_have_count(1)
    phone.click("button:has-text('Open the meeting')")
    expect(phone.locator("summary", has_text="Close the meeting")).to_be_visible()
    phone.click("button:has-text('Show now')")
    expect(phone.locator(".prompt.current")).to_contain_text("Hoe was het?")

    meeting = db.session.scalar(select(Meeting).where(Meeting.title == "Straatvoetbal"))
    assert (meeting.status, meeting.current_prompt_id) == ("open", meeting.prompts[0].id)
    answered = phone.locator(f'[data-count="answers.{meeting.prompts[0].id}.officer"]')
    for n, value in enumerate((6, 7, 8), start=1):
        who, _ = make.participant(meeting, "officer")
        make.answer(meeting, who, meeting.prompts[0], value)
        # Below K (3) the count is not said (app/results/disclosure.py), from K on it is.
        expect(answered).to_have_text("3" if n == 3 else "<3", timeout=8000)
    expect(phone.locator('[data-count="participants.officer"]')).to_have_text("3")

    phone.click("summary:has-text('Delete prompt')")
    phone.click("text=Yes, delete it")
    expect(phone.locator(".empty")).to_be_visible()
