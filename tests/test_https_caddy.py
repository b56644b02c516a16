"""deploy/ for real: Debian's Caddy with deploy/Caddyfile (`tls internal`) in front of
two gunicorn app servers on the test database, and Chromium over https, trusting
Caddy's internal root CA in its own profile only (tests/https_proxy.py). The service
worker registers, cookies are Secure, HSTS is sent, an answer made offline arrives."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser import CHROMIUM, ON_PHONE, SENT, Network, choice, flaky_phone_on, state, stored, wait_until
from tests.factories import PASSWORD
from tests.https_proxy import Stack, browser_args, trusting_home

pytestmark = pytest.mark.browser  # Caddy and certutil come from `make caddy` (make test runs it)


@pytest.fixture(scope="module")
def stack(app):
    running = Stack()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def https_browser(stack):
    from playwright.sync_api import sync_playwright

    home = trusting_home(stack.tmp, stack.caddy.ca)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM, env={"HOME": str(home)},
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", *browser_args()])
        yield chromium
        chromium.close()


@pytest.fixture
def https_phone(https_browser, stack):
    yield from flaky_phone_on(https_browser, stack.url)


def test_the_proxy_logs_no_address_and_compresses_nothing_twice(stack):
    response = stack.caddy.get("/", {"Accept-Encoding": "br, gzip"})
    assert response.status == 200 and response.headers["content-encoding"] == "br"
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")
    assert stack.caddy.get("/metrics").status == 404  # for this host's Prometheus only
    stack.caddy.get("/j/SECRET-join-token")
    lines = [json.loads(line) for line in stack.caddy.process.log.read_text().splitlines()
             if '"handled request"' in line]
    assert lines and all("remote_ip" not in json.dumps(line) and "client_ip" not in json.dumps(line)
                         and "User-Agent" not in json.dumps(line) for line in lines)
    assert "SECRET" not in stack.caddy.process.log.read_text()


def test_over_https_the_worker_registers_cookies_are_secure_and_hsts_is_sent(https_phone, stack, make):
    meeting = make.meeting(kinds=("single",))
    prompt = meeting.prompts[0]
    page = https_phone
    response = page.goto(f"/j/{meeting.token}?lang=en")
    assert page.url.startswith("https://")
    assert response.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    page.get_by_role("button", name=re.compile("Youngster")).tap()
    # A Python poll: wait_for_function's string would be an eval, which the page's CSP refuses.
    wait_until(page, lambda: page.evaluate("() => !!navigator.serviceWorker.controller"), 30_000)
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == f"{stack.url}/service_worker.js"
    assert page.evaluate("window.isSecureContext")

    # An answer made offline waits on the phone, then arrives once the network is back.
    network = Network(page.context)
    network.off()
    choice(page, "Yes").tap()
    expect(state(page, prompt)).to_have_text(ON_PHONE)
    assert stored(meeting) == {}
    network.on()
    expect(state(page, prompt)).to_have_text(SENT, timeout=20_000)
    assert stored(meeting) == {prompt.id: ("yes", "youngster")}

    # A facilitator's session cookie over https: Secure, __Host-, HttpOnly.
    user = make.user()
    page.goto("/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/f"))
    cookies = {c["name"]: c for c in page.context.cookies()}
    session = cookies["__Host-allo_session"]
    assert session["secure"] and session["httpOnly"] and session["path"] == "/"
    assert all(c["secure"] for c in cookies.values())


def test_the_same_join_page_reaches_both_app_servers(stack, make):
    meeting = make.meeting(kinds=("single",))
    seen = set()
    for _ in range(6):
        response = stack.caddy.get(f"/j/{meeting.token}?lang=en")
        assert response.status == 200
        seen.add(response.headers["x-request-id"])
    assert len(seen) == 6  # a new id for every request, from Caddy
    logs = "".join(server.log.read_text() for server in stack.servers)
    assert all("/j/…" in server.log.read_text() for server in stack.servers), logs[-2000:]
