"""Issue 19, item 3: over plain http at a network address phones get no service worker;
the facilitator's pages and the phone say so plainly instead of degrading silently."""

import pytest

PHONE_NOTE = "No secure connection (https) here."
DESK_NOTE = "Plain http: phones cannot answer offline"


def page(client, path, base_url):
    response = client.get(path, base_url=base_url) if base_url else client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("base_url", ["http://192.168.1.20:5000", "http://allo.local"])
def test_plain_http_at_a_network_address_is_said_on_the_phone(client, make, base_url):
    meeting = make.meeting(kinds=("single",))
    phone = page(client, f"/j/{meeting.token}?lang=en", base_url)
    assert PHONE_NOTE in phone and "wait until each answer says “Sent”" in phone
    assert DESK_NOTE not in phone



def test_the_facilitator_pages_say_what_works_and_how_to_fix_it(app, client, auth, monkeypatch):
    auth.login()
    monkeypatch.setitem(app.config, "PUBLIC_URL", "http://192.168.1.20:5000")
    desk = page(client, "/f/", None)
    assert DESK_NOTE in desk and PHONE_NOTE not in desk
    assert "What still works" in desk and "set PUBLIC_URL to the https address" in desk
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://allo.example.be")
    assert DESK_NOTE not in page(client, "/f/", None)


@pytest.mark.parametrize("base_url", ["http://127.0.0.1:5000", "http://localhost:5000", "https://allo.example.be"])
def test_no_notice_on_https_or_on_this_machine(client, make, base_url):
    meeting = make.meeting(kinds=("single",))
    assert PHONE_NOTE not in page(client, f"/j/{meeting.token}?lang=en", base_url)


def test_public_url_decides_before_the_request(app, client, make, monkeypatch):
    meeting = make.meeting(kinds=("single",))
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://allo.example.be")
    assert PHONE_NOTE not in page(client, f"/j/{meeting.token}?lang=en", "http://10.0.0.5")
    monkeypatch.setitem(app.config, "PUBLIC_URL", "http://10.0.0.5:8000")
    assert PHONE_NOTE in page(client, f"/j/{meeting.token}?lang=en", "http://127.0.0.1")


def test_the_phone_says_it_in_dutch(client, make):
    meeting = make.meeting(kinds=("single",))
    html = page(client, f"/j/{meeting.token}?lang=nl", "http://192.168.1.20")
    assert "Hier is geen beveiligde verbinding (https)." in html
