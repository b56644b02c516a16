"""The participant's pages as the server renders them: home, code, meeting states, language."""

import json
import re

import pytest


def strings_of(html: str) -> dict:
    return json.loads(re.search(r'id="strings">(.*?)</script>', html, re.S)[1])


def test_home_has_the_code_field_and_join_button(client):
    html = client.get("/?lang=en").get_data(as_text=True)
    assert re.search(r'<form method="get" action="/join"', html)
    assert re.search(r'<label for="code">Type the meeting code</label>', html)
    assert '<input id="code" name="code"' in html
    assert re.search(r'<button type="submit"[^>]*>Join</button>', html)


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {spaced} "])
def test_a_code_leads_to_its_meeting(client, make, typed):
    meeting = make.meeting()
    code = typed.format(code=meeting.code, lower=meeting.code.lower(),
                        spaced=meeting.code[:3] + " " + meeting.code[3:])
    response = client.get("/join", query_string={"code": code})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/j/{meeting.token}"


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_a_code_only_leads_to_open_meetings(client, make, status):
    meeting = make.meeting(status=status)
    response = client.get("/join", query_string={"code": meeting.code})
    assert response.status_code == 404


def test_an_unknown_code_says_so_and_keeps_what_was_typed(client, make):
    response = client.get("/join", query_string={"code": "ZZZZZZ"})
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "No open meeting has this code" in html
    assert 'value="ZZZZZZ"' in html
    assert 'aria-invalid="true"' in html


def test_an_empty_code_goes_back_home(client):
    response = client.get("/join", query_string={"code": "  "})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_open_meeting_page_carries_its_prompts_strings_and_scripts(client, make):
    meeting = make.meeting()
    response = client.get(f"/j/{meeting.token}?lang=en")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    data = json.loads(re.search(r'id="meeting-data">(.*?)</script>', html, re.S)[1])
    assert data["lang"] == "en"
    assert data["meeting"]["token"] == meeting.token
    assert [p["kind"] for p in data["meeting"]["prompts"]] == [p.kind for p in meeting.prompts]
    assert [code for code, _ in data["languages"]] == ["nl", "en", "fr"]
    assert strings_of(html)["who_are_you"] == "Who are you?"
    assert re.search(r"/static/v/\w+/js/outbox\.js", html)
    assert re.search(r"/static/v/\w+/js/participant/main\.js", html)
    # Strict CSP: no inline script runs, no inline style or handler.
    assert re.findall(r"<script(?![^>]*(?:src=|type=\"application/json\"))", html) == []
    assert " style=" not in html and " onclick=" not in html


def test_unknown_meeting_is_a_friendly_404(client):
    response = client.get("/j/no-such-token")
    assert response.status_code == 404
    assert "This meeting does not exist." in response.get_data(as_text=True)


def test_closed_meeting_thanks_and_sends_what_waits(client, make):
    meeting = make.meeting(status="closed")
    html = client.get(f"/j/{meeting.token}").get_data(as_text=True)
    assert "This meeting is closed, thank you!" in html
    assert "Test meeting" in html
    assert re.search(r"/static/v/\w+/js/participant/closed\.js", html)
    assert 'id="meeting-data"' not in html


def test_draft_meeting_has_not_started(client, make):
    meeting = make.meeting(status="draft")
    html = client.get(f"/j/{meeting.token}").get_data(as_text=True)
    assert "This meeting has not started yet" in html
    assert f'href="/j/{meeting.token}"' in html
    assert 'id="meeting-data"' not in html


@pytest.mark.parametrize("lang", ["nl", "en", "fr"])
def test_language_switch_is_kept_for_the_next_pages(client, lang):
    html = client.get(f"/?lang={lang}").get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert re.search(rf'href="/\?lang={lang}"[^>]*aria-current="true"', html)
    assert f'<html lang="{lang}">' in client.get("/").get_data(as_text=True)


def test_language_links_keep_the_page_and_its_code(client, make):
    meeting = make.meeting(status="closed")
    html = client.get(f"/j/{meeting.token}").get_data(as_text=True)
    assert f'href="/j/{meeting.token}?lang=fr"' in html
    html = client.get("/join?code=ZZZZZZ").get_data(as_text=True)
    assert 'href="/join?code=ZZZZZZ&amp;lang=en"' in html


def test_browser_language_is_used_without_a_choice(client):
    html = client.get("/", headers={"Accept-Language": "fr-BE,fr;q=0.9"}).get_data(as_text=True)
    assert '<html lang="fr">' in html


def test_closed_page_speaks_the_chosen_language(client, make):
    meeting = make.meeting(status="closed")
    client.get("/?lang=en")
    html = client.get(f"/j/{meeting.token}").get_data(as_text=True)
    assert '<html lang="en">' in html
