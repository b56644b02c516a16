"""Helpers of the browser tests (headless Chromium through Playwright, against a live
server): the screens, cutting the network, waiting for events, and the participant page.

The fixtures (browser, phone, flaky_phone, live_server, own_server) are in conftest.py;
a test that asks for one of them must be marked @pytest.mark.browser (conftest.py
refuses it otherwise). Wait for events, never for a fixed time: `expect(...)`,
page.wait_for_function, or the helpers below."""

import json
import re
import time
import uuid
from datetime import UTC, datetime

from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Participant

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}


class Network:
    """Cuts a browser context off the network, page and service worker alike:
    set_offline() alone does not reach the worker's own requests."""

    def __init__(self, context):
        self.context = context

    @staticmethod
    def _abort(route):
        route.abort("internetdisconnected")

    def off(self):
        self.context.set_offline(True)
        self.context.route("**/*", self._abort)

    def on(self):
        self.context.unroute("**/*", self._abort)
        self.context.set_offline(False)


# ---- waiting for events

def phone_page(browser, url: str, failed_loads_expected: bool = False):
    """A fresh phone-sized context's page, and the console errors it collects."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, base_url=url)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and not (
        failed_loads_expected and m.text.startswith("Failed to load resource")) and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors


def flaky_phone_on(browser, url: str):
    """A phone whose network fails on purpose (failed loads are expected, page errors are
    not), for a fixture to yield from."""
    page, errors = phone_page(browser, url, failed_loads_expected=True)
    yield page
    page.context.close()
    assert not errors, f"console errors: {errors}"


def wait_for(check, timeout: float = 10.0):
    """Poll check() (no browser involved, or one whose routes need not run) until it
    is truthy; -> its value."""
    deadline = time.monotonic() + timeout
    while not (found := check()):
        assert time.monotonic() < deadline, f"timed out after {timeout} s"
        time.sleep(0.05)
    return found


def wait_until(page, condition, timeout_ms=10_000):
    """Let the browser (and so the route handlers) run until condition() holds.
    page.wait_for_function takes a returned Promise as truthy at once, so it cannot
    wait on AlloOutbox.list(): this polls instead."""
    for _ in range(timeout_ms // 50):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError("timed out waiting for the condition")


def eventually(page, script: str, arg=None, timeout_ms=10_000):
    """Wait until an async JS function resolves to something truthy, across
    navigations (page.wait_for_function takes a returned Promise as truthy)."""
    def holds():
        try:
            return page.evaluate(script, arg)
        except PlaywrightError as error:
            if "context was destroyed" in error.message:  # the page is navigating
                return False
            raise
    wait_until(page, holds, timeout_ms)


def wait_for_value(page, read, expected, timeout_ms=10_000):
    """Wait until read() == expected, the browser running meanwhile; on a timeout the
    assertion shows what read() gives."""
    try:
        wait_until(page, lambda: read() == expected, timeout_ms)
    except AssertionError:
        pass
    assert read() == expected


def polled(page, url_part: str, timeout_ms=10_000):
    """Wait until the page's script has fetched a URL containing url_part (a poll of
    presenter.js or moderation.js) and has handled the reply: both scripts ask again
    only once the last reply is handled, so the next request says it was."""
    def matches(request_or_response) -> bool:
        return url_part in request_or_response.url

    with page.expect_response(matches, timeout=timeout_ms):
        pass  # the script polls by itself: nothing to do but wait
    with page.expect_request(matches, timeout=timeout_ms):
        pass


# ---- pages

def log_in(page, user, password):
    page.goto("/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/f/")


SENT = re.compile("Sent")
ON_PHONE = re.compile("Saved on your phone")
ANSWERS = "**/api/meetings/*/answers"


def join(page, meeting, group: str = "Youngster"):
    page.goto(f"/j/{meeting.token}?lang=en")
    page.get_by_role("button", name=re.compile(group)).tap()


def choice(page, word: str):
    """The big button of a choice, by its word."""
    return page.locator(".choice .word", has_text=re.compile(rf"^{re.escape(word)}$"))


def state(page, prompt):
    return page.locator(f"#state-{prompt.id}")


def next_(page):
    page.locator(".steps .primary").tap()


def go_online(page):
    """What the page hears when the signal returns (Playwright's set_offline fires none)."""
    page.evaluate("window.dispatchEvent(new Event('online'))")


def captive_portal(route):
    route.fulfill(status=200, content_type="text/html",
                  body="<html><body><h1>Log in to the Wi-Fi</h1></body></html>")


# Ways a network fails between the phone and the server, as route handlers.
FAULTS = {
    "500": lambda route: route.fulfill(status=500, content_type="application/json",
                                       body=json.dumps({"error": {"code": "internal_error"}})),
    "503": lambda route: route.fulfill(status=503, content_type="text/plain", headers={"Retry-After": "5"},
                                       body="Service Unavailable"),
    "timeout": lambda route: route.abort("timedout"),
    "captive-portal": captive_portal,
}


# ---- what the live server stored

def stored(meeting) -> dict:
    """{prompt_id: (value, group)} of the meeting's answers, as the server stored them."""
    db.session.rollback()  # see what the live server committed since
    rows = db.session.execute(
        select(Answer, Participant.group).join(Participant).where(Participant.meeting_id == meeting.id)
    ).all()
    return {answer.prompt_id: (answer.value, group) for answer, group in rows}


def count(model) -> int:
    """Rows in a table, as the live server committed them."""
    db.session.rollback()
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def post_answer(page, meeting, token, prompt, value):
    response = page.request.post(
        f"/api/meetings/{meeting.token}/answers", headers={"Authorization": f"Bearer {token}"},
        data={"answers": [{"uuid": str(uuid.uuid4()), "prompt_id": prompt.id, "value": value,
                           "recorded_at": datetime.now(UTC).isoformat()}]})
    assert response.json()["results"][0]["status"] == "stored"
