"""Kiosk mode (issue 20, part 1): only a host of the meeting binds a device to it, the
facilitator's session ends on that device, and the kiosk page opens only where bound."""

import json
import re

from app import meetings
from app.phone import kiosk

KIOSK_COOKIE = "allo_kiosk"  # plain http in tests; __Host-allo_kiosk behind HTTPS


def _bind(client, meeting):
    return client.post_form(f"/f/meetings/{meeting.id}/kiosk")


def test_a_host_binds_this_device_and_is_logged_out(client, auth, make):
    me = auth.login()
    meeting = make.meeting(me)
    response = _bind(client, meeting)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/j/{meeting.token}/kiosk")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith(KIOSK_COOKIE + "="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '"kiosk": {"idle": 90}' in html
    strings = json.loads(re.search(r'id="strings">(.*?)</script>', html, re.S)[1])
    assert strings["leave"] == "Klaar — geef door"  # in the meeting's language (nl)
    # The kiosk does not lead back into the facilitator's pages.
    assert client.get(f"/f/meetings/{meeting.id}").status_code == 302


def test_only_a_host_of_the_meeting_can_make_a_kiosk(client, auth, make):
    meeting = make.meeting()
    assert _bind(client, meeting).status_code in (302, 401)  # not logged in: to the login page
    assert client.get(f"/j/{meeting.token}/kiosk").status_code == 302  # no binding: the phone page
    auth.login()  # a facilitator of another organisation
    response = _bind(client, meeting)
    assert response.status_code == 404
    assert not any(c.startswith(KIOSK_COOKIE) for c in response.headers.getlist("Set-Cookie"))
    page = client.get(f"/j/{meeting.token}/kiosk")
    assert page.status_code == 302 and page.headers["Location"] == f"/j/{meeting.token}"


def test_a_binding_is_for_one_meeting_and_cannot_be_forged(app, make):
    first, second = make.meeting(), make.meeting()
    with app.test_request_context():
        value = kiosk.binding(first)
        assert kiosk.is_bound(first, value)
        assert not kiosk.is_bound(second, value)
        assert not kiosk.is_bound(first, value[:-2] + "xx")
        assert not kiosk.is_bound(first, None)


def test_no_kiosk_on_a_closed_meeting(client, auth, make):
    me = auth.login()
    meeting = make.meeting(me)
    _bind(client, meeting)
    meetings.set_status(meeting, "closed")
    assert client.get(f"/j/{meeting.token}/kiosk").status_code == 302
