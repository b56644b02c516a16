"""Issue 22, the room: small traps (item 7), a guess that reads as a guess and no empty
"other" box (item 5), the read-only presenter link in the meeting's language (item 6)."""

import re

from app import live
from app.results import disclosure, per_prompt
from tests.client import text_of


def test_closing_a_meeting_asks_first(client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale",))
    auth.login(me)
    page = client.get(f"/f/meetings/{meeting.id}").get_data(as_text=True)
    # The button only opens a question; the form that closes sits inside it.
    confirm = re.search(r'<details class="confirm close-meeting">(.*?)</details>', page, re.S)
    assert confirm, "closing is one click away"
    assert re.search(r"<summary[^>]*>Close the meeting</summary>", confirm[1])
    assert 'name="status" value="closed"' in confirm[1] and "Yes, close it" in confirm[1]
    outside = page.replace(confirm[0], "")
    assert 'value="closed"' not in outside


def test_a_closed_meetings_code_says_it_is_closed(client, make):
    closed = make.meeting(kinds=("scale",), status="closed")
    words = text_of(client.get(f"/join?code={closed.code}&lang=nl").get_data(as_text=True))
    assert "Deze ontmoeting is gesloten" in words and "Geen open ontmoeting" not in words
    draft = make.meeting(kinds=("scale",), status="draft")
    words = text_of(client.get(f"/join?code={draft.code}&lang=en").get_data(as_text=True))
    assert "has not started yet" in words
    # Neither page gives the meeting's link away to a typed code.
    assert closed.token not in client.get(f"/join?code={closed.code}").get_data(as_text=True)


def test_the_dangerous_buttons_say_what_they_delete(client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale",))
    auth.login(me)
    words = text_of(client.get(f"/f/meetings/{meeting.id}?lang=nl").get_data(as_text=True))
    assert "Antwoorden wissen" in words and "Vraag verwijderen" in words
    assert not re.search(r"(?<!Antwoorden )\bWissen\b", words)
    assert not re.search(r"(?<!Vraag )\bVerwijderen\b", words)


def test_no_server_variable_is_shown_to_a_facilitator(client, auth, make, app):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale",))
    auth.login(me)
    assert not app.config.get("ALLO_VAPID_SUB")
    page = client.get(f"/f/meetings/{meeting.id}?lang=nl").get_data(as_text=True)
    assert "Deze server kan nog geen meldingen sturen" in text_of(page)
    assert not re.search(r"\bALLO_[A-Z_]+", text_of(page))


def test_the_projector_does_not_show_prompt_kinds_as_jargon(client, make):
    meeting = make.meeting(kinds=("position", "cards", "scale"))
    token = live.create_presenter_link(meeting)
    for prompt in meeting.prompts:
        words = text_of(client.get(f"/p/{token}?prompt={prompt.id}").get_data(as_text=True))
        assert "Opstelling" not in words and "tussen twee stellingen" not in words.lower()
        assert "Gevoelskaarten" not in words and "Barometer" not in words


def test_the_report_says_not_shown_not_waiting(client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale",))
    make.participant(meeting, "other")
    auth.login(me)
    words = text_of(client.get(f"/f/meetings/{meeting.id}/report?lang=en").get_data(as_text=True))
    assert words.count("Not shown: fewer than 3 answered") == 3
    assert "Waiting" not in words
    # The projector, live, still waits.
    token = live.create_presenter_link(meeting)
    page = client.get(f"/p/{token}?prompt={meeting.prompts[0].id}&lang=en").get_data(as_text=True)
    assert text_of(page).count("Waiting for 3 answers") == 3


def test_the_other_box_is_left_out_when_no_other_is_in_the_room(app, make):
    meeting = make.meeting(kinds=("scale", "text"))
    for _ in range(3):
        make.participant(meeting, "youngster")
    rule = disclosure.Rule.of(meeting)
    assert rule.why_hidden("other", 0) == disclosure.ABSENT
    assert rule.why_hidden("officer", 0) == disclosure.FEW  # compared groups keep their box
    result = per_prompt.meeting_results(meeting)[meeting.prompts[0].id]
    assert set(result["groups"]) == {"youngster", "officer"}
    # One guest joins: the box is back, waiting like any group below K.
    make.participant(meeting, "other")
    result = per_prompt.meeting_results(meeting)[meeting.prompts[0].id]
    assert result["groups"]["other"] == {"hidden": True, "needed": 3}
    # The count rule agrees: nobody of "other" is never a count.
    assert disclosure.answers_per_prompt(meeting)[meeting.prompts[0].id]["other"] is None


def test_the_projector_has_no_empty_other_box(client, make):
    meeting = make.meeting(kinds=("scale",))
    token = live.create_presenter_link(meeting)
    page = client.get(f"/p/{token}?prompt={meeting.prompts[0].id}").get_data(as_text=True)
    assert 'class="group group-youngster"' in page and 'class="group group-officer"' in page
    assert 'class="group group-other"' not in page and "groups-2" in page


def test_the_read_only_link_speaks_the_meetings_language(client, make):
    meeting = make.meeting(kinds=("scale",), language="fr")
    token = live.create_presenter_link(meeting)
    headers = {"Accept-Language": "en-GB,en;q=0.9"}
    page = client.get(f"/p/{token}", headers=headers).get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Scanne le code" in text_of(page) or "Scanne" in text_of(page)
    fragment = client.get(f"/p/{token}/live?prompt={meeting.prompts[0].id}", headers=headers)
    assert "En attente de 3 réponses" in text_of(fragment.get_data(as_text=True))
    # ?lang= still picks another language on purpose.
    assert '<html lang="nl">' in client.get(f"/p/{token}?lang=nl", headers=headers).get_data(as_text=True)


def test_the_report_keeps_every_word_of_a_cloud(client, auth, make):
    from sqlalchemy import update

    from app.extensions import db
    from app.models import Answer

    me = make.user()
    meeting = make.meeting(me, kinds=("words",))
    prompt = meeting.prompts[0]
    given = [[f"woord{i:02d}{j}" for j in range(3)] for i in range(15)]  # 45 words, each once
    for three in given:
        who, _token = make.participant(meeting, "youngster")
        make.answer(meeting, who, prompt, three)
    db.session.execute(update(Answer).where(Answer.prompt_id == prompt.id).values(review="approved"))
    db.session.commit()
    auth.login(me)
    page = client.get(f"/f/meetings/{meeting.id}/report").get_data(as_text=True)
    assert all(f">{word}<" in page for three in given for word in three)


def barometer_room(make, owner=None):
    """A meeting with the trust barometer; on its first item three youngsters answer 2, 2, 3
    about the officers, three officers 4, 5, 4 about the youngsters."""
    from app.extensions import db
    from app.network import barometer
    from app.results import mirrored

    meeting = make.meeting(owner, kinds=())
    barometer.add_to(meeting)
    db.session.commit()
    pairs = mirrored.mirrors(meeting)
    assert len(pairs) == 2 * len(barometer.ITEMS)
    young = next(p for p in meeting.prompts if p.audience == "youngster" and p.id in pairs)
    officer = next(p for p in meeting.prompts if p.id == pairs[young.id])
    for group, prompt, values in (("youngster", young, (2, 2, 3)), ("officer", officer, (4, 5, 4))):
        for value in values:
            who, _token = make.participant(meeting, group)
            make.answer(meeting, who, prompt, value)
    return meeting, young, officer


def test_the_projector_shows_a_barometer_item_face_to_face(client, make):
    meeting, young, officer = barometer_room(make)
    token = live.create_presenter_link(meeting)
    for shown in (young, officer):
        page = client.get(f"/p/{token}?prompt={shown.id}&lang=en").get_data(as_text=True)
        words = text_of(page)
        assert page.count('class="histogram"') == 2 and "Waiting" not in words
        assert f"“{young.text['nl']}”" in words and f"“{officer.text['nl']}”" in words
        assert "Officers score higher: on average 4.3, youngsters 2.3." in words
        assert '<span class="n" data-count="answered">6</span>' in page


def test_the_report_shows_each_barometer_item_once_face_to_face(client, auth, make):
    me = make.user()
    meeting, young, officer = barometer_room(make, me)
    auth.login(me)
    words = text_of(client.get(f"/f/meetings/{meeting.id}/report?lang=en").get_data(as_text=True))
    first = min((young, officer), key=meeting.prompts.index)
    assert words.count("Officers score higher: on average 4.3, youngsters 2.3.") == 1
    assert f"Face to face with prompt {meeting.prompts.index(first) + 1}, above." in words


def test_the_library_card_says_who_paces_and_how_many_steps(client, auth, make):
    auth.login(make.user())
    page = client.get("/f/library?lang=en").get_data(as_text=True)
    four_fs = re.search(r'id="builtin-four-fs">(.*?)</li>\s*<li class="card', page, re.S)[1]
    # 4 prompts and the barometer's 8 items, each one step for both groups: 12 steps, 12 per phone.
    assert "Paced by the facilitator: 12 steps; each phone answers at most 12 questions." in text_of(four_fs)
    line_up = re.search(r'id="builtin-line-up">(.*?)</li>\s*<li class="card', page, re.S)[1]
    assert "Each phone at its own pace: at most 10 questions." in text_of(line_up)
