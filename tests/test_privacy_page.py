"""The privacy page for participants (/privacy), in nl, en and fr, linked from
every join screen."""

import pytest

PAGES = {
    "nl": ["Je privacy", "Wat we bewaren", "Geen IP-adres", "minstens 3 mensen", "12 maanden"],
    "en": ["Your privacy", "What we keep", "No IP address", "at least 3 people", "12 months"],
    "fr": ["Ta vie privée", "Ce que nous gardons", "Pas d’adresse IP", "au moins 3 personnes", "12 mois"],
}


@pytest.mark.usefixtures("compiled")
@pytest.mark.parametrize("lang", PAGES)
def test_the_privacy_page_speaks_each_language(client, lang):
    response = client.get(f"/privacy?lang={lang}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'<html lang="{lang}"' in page
    for words in PAGES[lang]:
        assert words in page, words


def test_the_join_screens_link_to_it(client, make):
    meeting = make.meeting()
    for url in ("/", f"/j/{meeting.token}", "/join?code=NOPE99"):
        assert 'href="/privacy"' in client.get(url).get_data(as_text=True), url


def test_without_retention_it_does_not_promise_a_deletion(app, client):
    app.config["TEXT_RETENTION_MONTHS"] = 0
    try:
        page = client.get("/privacy?lang=en").get_data(as_text=True)
    finally:
        app.config["TEXT_RETENTION_MONTHS"] = 12
    assert "months after the meeting" not in page
