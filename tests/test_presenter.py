"""The presenter page: a QR code a phone can read from the back of the room, the short
code, the address to type, and live counts."""

import re

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from app import qr

# The facilitator tests' client and auth: a fresh `g` per request, a new CSRF token after log-in.

SCREENS = [{"width": 1920, "height": 1080}, {"width": 1280, "height": 720}]


def test_the_page_shows_the_qr_code_the_code_and_the_address(app, client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale",))
    make.participant(meeting, "officer")
    auth.login(me)
    page = client.get(f"/f/meetings/{meeting.id}/present").get_data(as_text=True)
    svg = re.search(r"<svg [^>]*>", page)[0]
    assert 'class="qr"' in svg and 'viewBox="0 0' in svg and "width=" not in svg and "style" not in svg
    assert f'<p class="code" aria-label="{" ".join(meeting.code)}">{meeting.code}</p>' in page
    assert '<p class="host">localhost</p>' in page
    assert 'data-count="participants.officer">1<' in page
    assert "style=" not in page and "<script>" not in page


def test_public_url_decides_the_join_address(app):
    with app.test_request_context("/", base_url="http://10.0.0.5:8000"):
        app.config["PUBLIC_URL"] = "https://allo.example.be/"
        try:
            assert qr.base_url() == "https://allo.example.be"
            assert qr.join_host() == "allo.example.be"
        finally:
            app.config["PUBLIC_URL"] = ""
        assert qr.base_url() == "http://10.0.0.5:8000"


def test_a_draft_meeting_says_it_is_not_open_yet(client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=(), status="draft")
    auth.login(me)
    page = client.get(f"/f/meetings/{meeting.id}/present").get_data(as_text=True)
    assert "Not open yet" in page


def log_in(page, user, password):
    page.goto("/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/f/")


@pytest.mark.browser
@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f'{s["width"]}x{s["height"]}')
def test_a_phone_can_read_the_qr_code_from_a_screenshot(browser, live_server, make, tmp_path, screen):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale",))
    context = browser.new_context(viewport=screen, base_url=live_server["url"], locale="en")
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, me, make.PASSWORD)
    page.goto(f"/f/meetings/{meeting.id}/present")

    shot = tmp_path / "presenter.png"
    page.screenshot(path=shot)
    codes = zxingcpp.read_barcodes(Image.open(shot))
    assert [c.text for c in codes] == [f'{live_server["url"]}/j/{meeting.token}']
    # The QR code fills most of the screen's height; the short code is huge and fully visible.
    box = page.locator("svg.qr").bounding_box()
    assert box["height"] >= 0.75 * screen["height"]
    code = page.locator("p.code").bounding_box()
    assert code["height"] >= 0.1 * screen["height"]
    assert code["x"] + code["width"] <= screen["width"] and code["y"] + code["height"] <= screen["height"]

    # Counts follow without a reload: someone joins, and the number changes within seconds.
    make.participant(meeting, "youngster")
    expect(page.locator('[data-count="participants.youngster"]')).to_have_text("1", timeout=8000)
    context.close()
    assert not errors, errors
