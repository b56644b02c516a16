"""The installable, offline app: the manifest, the service worker's version and
caches, the "new version" offer that never stands between an answer and the
server, and persistent storage."""

import json
import re
from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import expect

from app.models import Answer, Receipt
from tests.browser import (
    ANSWERS,
    CHROMIUM,
    ON_PHONE,
    PHONE,
    SENT,
    choice,
    count,
    eventually,
    go_online,
    join,
    next_,
    state,
    wait_for_value,
)

WORKER_VERSION = """() => new Promise((resolve) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = (event) => resolve(event.data.version);
  navigator.serviceWorker.controller.postMessage({ type: "version" }, [channel.port2]);
})"""


# ---- The manifest and the worker as the server sends them.

def test_the_manifest_describes_an_installable_dutch_app(client):
    response = client.get("/manifest.json")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data())
    assert manifest["name"] == "ALLO?! Review"
    assert 0 < len(manifest["short_name"]) <= 12  # fits under a home-screen icon
    assert manifest["description"]
    assert manifest["lang"] == "nl"
    assert manifest["scope"] == "/"
    assert manifest["start_url"].startswith("/")
    assert client.get(manifest["start_url"]).status_code == 200
    assert manifest["display"] == "standalone"
    for colour in ("theme_color", "background_color"):
        assert re.fullmatch(r"#[0-9a-f]{6}", manifest[colour])
    home = client.get("/").get_data(as_text=True)
    assert f'<meta name="theme-color" content="{manifest["theme_color"]}">' in home

    found = set()
    for icon in manifest["icons"]:
        image_response = client.get(icon["src"])
        assert image_response.status_code == 200, icon["src"]
        assert icon["type"] == "image/png"
        image = Image.open(BytesIO(image_response.get_data()))
        image_response.close()
        assert image.format == "PNG", icon["src"]
        assert "{}x{}".format(*image.size) == icon["sizes"], icon["src"]
        found |= {(icon["sizes"], purpose) for purpose in icon.get("purpose", "any").split()}
    assert {("192x192", "any"), ("512x512", "any")} <= found
    assert any(purpose == "maskable" for _, purpose in found)


def test_every_page_links_the_manifest(client, auth, make):
    user = auth.login()
    meetings = {status: make.meeting(owner=user, kinds=("single",), status=status)
                for status in ("open", "draft", "closed")}
    pages = ["/", "/join?code=ZZZZZZ", "/j/no-such-meeting", "/no-such-page", "/f/",
             *(f"/j/{m.token}" for m in meetings.values()),
             f"/f/meetings/{meetings['open'].id}", f"/f/meetings/{meetings['open'].id}/present"]
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        assert '<link rel="manifest" href="/manifest.json">' in html, url
    auth.logout()
    assert '<link rel="manifest" href="/manifest.json">' in client.get("/login").get_data(as_text=True)


def test_the_worker_is_always_revalidated_and_its_version_follows_the_release(app, client):
    def version() -> str:
        response = client.get("/service_worker.js")
        assert response.status_code == 200
        assert response.mimetype == "text/javascript"
        assert "no-cache" in response.headers["Cache-Control"]
        assert client.get("/service_worker.js", headers={"If-None-Match": response.headers["ETag"]}
                          ).status_code == 304
        source = response.get_data(as_text=True)
        assert "__SHELL_URLS__" not in source
        return re.search(r'const VERSION = "([0-9a-f]{12})";', source)[1]

    before = app.config["RELEASE"]
    try:
        app.config["RELEASE"] = "2025.10.1"
        first = version()
        assert version() == first  # the same release, the same worker
        app.config["RELEASE"] = "2025.10.2"
        second = version()
        assert second != first
        app.config["RELEASE"] = "2025.10.1"
        assert version() == first
    finally:
        app.config["RELEASE"] = before


# ---- In the browser.

@pytest.fixture
def phone_on(browser):
    """phone_on(url) -> a page in a fresh phone on that server. A restarting server
    makes failed loads expected; page errors still fail the test."""
    contexts, errors = [], []

    def open_page(url):
        context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, base_url=url)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and not m.text.startswith("Failed to load resource")
                and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, f"console errors: {errors}"


def controlled(page) -> str:
    """Wait until a service worker controls the page; its version."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=10_000)
    return page.evaluate(WORKER_VERSION)


def cache_names(page) -> set:
    return set(page.evaluate("caches.keys()"))


def wait_for_caches(page, expected: set):
    wait_for_value(page, lambda: cache_names(page), expected)


def release(server, stamp: str):
    """Deploy a new release: the same server, restarted with another ALLO_RELEASE."""
    server.stop()
    server.start(ALLO_RELEASE=stamp)


def look_for_update(page):
    """What the page does when it becomes visible again; resolves once a new worker waits."""
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    eventually(page, "() => navigator.serviceWorker.getRegistration().then(r => !!r.waiting)")


# Counts the times pwa.js's offer() looks at the outbox before it offers a new version.
COUNT_OFFER_CHECKS = """() => {
  const list = AlloOutbox.list;
  window.offerChecks = 0;
  AlloOutbox.list = function () {
    if (/\\boffer\\b/.test(new Error().stack)) window.offerChecks += 1;
    return list.apply(this, arguments);
  };
}"""


def update_bar(page):
    return page.locator("#pwa-bar[data-kind=update]")


def reload_button(page):
    return page.locator("#pwa-bar").get_by_role("button", name="Reload", exact=True)


def accept_update(page):
    """Tap "Reload" in the update bar; wait for the page it reloads."""
    page.evaluate("window.beforeReload = true")
    reload_button(page).click()
    # Not expect_navigation(): when Playwright routes the requests of a worker that is
    # installing, Chromium may install the same worker again, aborting a reload or two.
    page.wait_for_function("() => window.beforeReload === undefined && navigator.serviceWorker.controller",
                           timeout=10_000)


@pytest.mark.browser
def test_chromium_finds_the_app_installable(browser, live_server, make, tmp_path):
    meeting = make.meeting(kinds=("single",))
    # A profile on disk: Chromium never offers to install from an incognito context.
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"],
        viewport=PHONE, has_touch=True, is_mobile=True, base_url=live_server["url"])
    try:
        page = context.pages[0]
        page.goto(f"/j/{meeting.token}?lang=en")
        controlled(page)
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"] == f"{live_server['url']}/manifest.json"
        assert manifest["errors"] == []
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        context.close()


@pytest.mark.browser
def test_a_new_worker_precaches_its_shell_and_deletes_caches_it_does_not_expect(own_server, phone_on, make):
    meeting = make.meeting(kinds=("single",))
    own_server.start(ALLO_RELEASE="release-1")
    page = phone_on(own_server.url)
    page.goto(f"/j/{meeting.token}?lang=en")
    old = controlled(page)
    page.reload()  # now through the worker, which keeps the meeting for offline use
    wait_for_caches(page, {f"allo-shell-{old}", "allo-pages-v1"})
    source = page.request.get("/service_worker.js").text()
    shell = json.loads(re.search(r"const SHELL_URLS = (\[.*?\]);", source)[1])
    cached = page.evaluate("name => caches.open(name).then(c => c.keys()).then(rs => rs.map(r => r.url))",
                           f"allo-shell-{old}")
    assert sorted(url.removeprefix(own_server.url) for url in cached) == sorted(shell)
    assert any(re.fullmatch(r"/static/v/\w+/js/outbox\.js", url) for url in shell) and "/" in shell
    page.evaluate("caches.open('old-junk')")
    earlier = make.meeting(kinds=("single",))  # a meeting this phone visited before the update
    page.goto(f"/j/{earlier.token}?lang=en")
    page.goto(f"/j/{meeting.token}?lang=en")

    release(own_server, "release-2")
    look_for_update(page)
    accept_update(page)
    new = controlled(page)
    assert new != old
    wait_for_caches(page, {f"allo-shell-{new}", "allo-pages-v1"})
    pages = page.evaluate("caches.open('allo-pages-v1').then(c => c.keys()).then(rs => rs.map(r => r.url))")
    assert f"{own_server.url}/j/{earlier.token}?lang=en" in pages  # visited meetings outlive an update


@pytest.mark.browser
def test_a_new_version_is_offered_only_once_no_answer_waits(own_server, phone_on, make):
    meeting = make.meeting(kinds=("single", "scale"))
    single, scale = meeting.prompts
    own_server.start(ALLO_RELEASE="release-1")
    page = phone_on(own_server.url)
    join(page, meeting)
    expect(page.locator("h1")).to_have_text("Question single")
    old = controlled(page)

    def cut(route):
        route.abort("internetdisconnected")

    page.context.route(ANSWERS, cut)
    choice(page, "Yes").tap()
    expect(state(page, single)).to_have_text(ON_PHONE)
    page.evaluate(COUNT_OFFER_CHECKS)
    release(own_server, "release-2")
    look_for_update(page)
    # The page saw the answer waiting, and again at its next look 3 s later.
    page.wait_for_function("() => window.offerChecks >= 2", timeout=15_000)
    expect(update_bar(page)).to_have_count(0)
    expect(reload_button(page)).to_have_count(0)

    page.context.unroute(ANSWERS, cut)
    go_online(page)
    expect(state(page, single)).to_have_text(SENT, timeout=10_000)
    expect(update_bar(page)).to_contain_text("There is a new version of this app.", timeout=10_000)
    expect(reload_button(page)).to_be_visible()

    # An answer given while the offer shows must survive the reload.
    page.context.route(ANSWERS, cut)
    next_(page)
    choice(page, "7").tap()
    expect(state(page, scale)).to_have_text(ON_PHONE)
    accept_update(page)
    assert controlled(page) != old
    expect(state(page, scale)).to_have_text(ON_PHONE)
    assert page.evaluate("AlloOutbox.list().then(items => items.map(i => i.prompt_id))") == [scale.id]
    expect(update_bar(page)).to_have_count(0)  # the new version runs: nothing to offer

    page.context.unroute(ANSWERS, cut)
    go_online(page)
    expect(state(page, scale)).to_have_text(SENT, timeout=10_000)
    assert (count(Answer), count(Receipt)) == (2, 2)


@pytest.mark.browser
def test_the_page_asks_to_keep_its_storage(phone, make):
    meeting = make.meeting(kinds=("single",))
    page = phone
    page.context.add_init_script("""
      window.persistCalls = 0;
      const persist = StorageManager.prototype.persist;
      StorageManager.prototype.persist = function () { window.persistCalls += 1; return persist.call(this); };
    """)
    page.goto(f"/j/{meeting.token}?lang=en")
    page.wait_for_function("() => window.persistCalls === 1", timeout=5_000)
