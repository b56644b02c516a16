"""The offline story in a real browser against the real server: an answer the
phone said was saved reaches the database exactly once, whatever happens in
between (no signal, reloads, a closed tab, a server restart, two tabs, an
IndexedDB upgrade, a shared phone handed on). Each test counts the rows."""

import re
import uuid
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Receipt
from tests.browser import (
    ON_PHONE,
    PHONE,
    SENT,
    Network,
    choice,
    go_online,
    join,
    next_,
    state,
    wait_for,
    wait_until,
)

pytestmark = pytest.mark.browser
ALL_SENT = re.compile("All your answers have been sent")
THANKS = "Thank you — your answers are saved"
# One prompt of each kind the story taps, and the word tapped on each.
KINDS = ("single", "scale", "multiple")
TAPS = ("Yes", "7", "No")
# A meeting that does not exist: the worker fetches it (network first) and has no
# copy, so the page's request fails only when the worker's own request failed.
WORKER_CUT_OFF = "fetch('/api/meetings/offline-probe', {cache: 'no-store'}).then(() => false, () => true)"
CACHED = "caches.match(location.pathname, {ignoreSearch: true}).then(Boolean)"


def rows() -> dict:
    """How many Answer and Receipt rows the live server has committed."""
    db.session.rollback()
    db.session.expire_all()
    return {"answers": db.session.scalar(select(func.count()).select_from(Answer)),
            "receipts": db.session.scalar(select(func.count()).select_from(Receipt))}


def uuids(model) -> set:
    db.session.rollback()
    return set(db.session.scalars(select(model.uuid)))


def outbox(page) -> list:
    return page.evaluate("AlloOutbox.list()")


def raw_outbox(page) -> list:
    """The outbox read with plain IndexedDB, on a page that runs none of the app's code."""
    return page.evaluate("""() => new Promise((resolve, reject) => {
        const open = indexedDB.open("allo");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains("outbox")) return resolve([]);
            const all = db.transaction("outbox").objectStore("outbox").getAll();
            all.onsuccess = () => { db.close(); resolve(all.result); };
        };
    })""")


@pytest.fixture
def phones(browser, live_server):
    """new(base_url=None) -> a fresh phone-sized context. Loads that fail while
    offline are expected; any other console error fails the test."""
    contexts, errors = [], []

    def watch(page):
        page.on("console", lambda m: m.type == "error" and not m.text.startswith("Failed to load resource")
                and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))

    def new(base_url=None):
        context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True,
                                      base_url=base_url or live_server["url"])
        context.set_default_timeout(10_000)
        context.on("page", watch)
        contexts.append(context)
        return context

    yield new
    for context in contexts:
        context.close()
    assert not errors, f"console errors: {errors}"


def kept_offline(page):
    """Wait until the service worker controls the page and keeps it for offline use
    (a page loaded before the worker took over is not in its cache yet)."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("!!navigator.serviceWorker.controller")
    if not page.evaluate(CACHED):
        page.reload()
    assert page.evaluate(CACHED)


def go_offline(page) -> Network:
    """Cut the phone off, and wait until its service worker is cut off too: the
    worker is reached a moment after the page, and on a busy machine a worker
    request (or a Background Sync) could slip through in between."""
    network = Network(page.context)
    network.off()

    def cut_off():
        workers = page.context.service_workers
        return (workers and not any(worker.evaluate("navigator.onLine") for worker in workers)
                and page.evaluate(WORKER_CUT_OFF))

    wait_until(page, cut_off, timeout_ms=5_000)  # else the service worker still reaches the server
    return network


def answer_all(page, meeting):
    """Tap one answer on each prompt, see it kept on the phone, end on the thank-you."""
    for prompt, word in zip(meeting.prompts, TAPS, strict=True):
        expect(page.locator("h1")).to_have_text(f"Question {prompt.kind}")
        choice(page, word).tap()
        expect(state(page, prompt)).to_have_text(ON_PHONE)
        next_(page)
    expect(page.locator("h1")).to_have_text(THANKS)


def shows_given_answers(page, meeting):
    """Each prompt still shows what was tapped, kept on the phone."""
    page.get_by_role("button", name="Change my answers").tap()
    for prompt, word in zip(meeting.prompts, TAPS, strict=True):
        expect(page.locator("h1")).to_have_text(f"Question {prompt.kind}")
        expect(page.get_by_label(word, exact=True)).to_be_checked()
        expect(state(page, prompt)).to_have_text(ON_PHONE)
        next_(page)
    expect(page.locator("h1")).to_have_text(THANKS)


def test_an_answer_given_online_is_stored_once(phones, make):
    meeting = make.meeting(kinds=("single",))
    page = phones().new_page()
    join(page, meeting)
    choice(page, "Yes").tap()
    expect(state(page, meeting.prompts[0])).to_have_text(SENT)
    assert outbox(page) == []
    assert rows() == {"answers": 1, "receipts": 1}


def test_offline_answers_survive_reload_and_reopen_then_arrive_once(phones, make):
    meeting = make.meeting(kinds=KINDS)
    context = phones()
    page = context.new_page()
    join(page, meeting)
    expect(page.locator("h1")).to_have_text("Question single")
    kept_offline(page)
    network = go_offline(page)

    answer_all(page, meeting)
    expect(page.locator("#end-state")).to_have_text(re.compile("3 answers are still on your phone"))
    assert len(outbox(page)) == 3
    assert rows() == {"answers": 0, "receipts": 0}

    page.reload()  # offline: the worker's copy of the page
    expect(page.locator("h1")).to_have_text(THANKS)
    shows_given_answers(page, meeting)

    page.close()
    page = context.new_page()
    page.goto(f"/j/{meeting.token}?lang=en")
    expect(page.locator("h1")).to_have_text(THANKS)
    expect(page.get_by_text("You answered 3 of 3 questions.")).to_be_visible()
    expect(page.locator("#end-state")).to_have_text(re.compile("3 answers are still on your phone"))
    shows_given_answers(page, meeting)
    assert len(outbox(page)) == 3
    assert rows() == {"answers": 0, "receipts": 0}

    network.on()
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#end-state")).to_have_text(ALL_SENT)
    assert outbox(page) == []
    assert rows() == {"answers": 3, "receipts": 3}


def test_answers_waiting_through_a_server_restart_arrive_once(phones, make, own_server):
    meeting = make.meeting(kinds=KINDS)
    own_server.start()
    page = phones(own_server.url).new_page()
    join(page, meeting)
    expect(page.locator("h1")).to_have_text("Question single")
    kept_offline(page)
    first, *rest = meeting.prompts
    choice(page, TAPS[0]).tap()
    expect(state(page, first)).to_have_text(SENT)
    assert rows() == {"answers": 1, "receipts": 1}

    own_server.stop()
    for prompt, word in zip(rest, TAPS[1:], strict=True):
        next_(page)
        choice(page, word).tap()
        expect(state(page, prompt)).to_have_text(ON_PHONE)
    page.reload()  # the server is down: the worker's copy of the page
    expect(page.locator("h1")).to_have_text(f"Question {rest[-1].kind}")
    expect(state(page, rest[-1])).to_have_text(ON_PHONE)
    assert len(outbox(page)) == 2
    assert rows() == {"answers": 1, "receipts": 1}

    own_server.start()
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(state(page, rest[-1])).to_have_text(SENT)
    assert outbox(page) == []
    assert rows() == {"answers": 3, "receipts": 3}


def answers_post(request) -> bool:
    return request.method == "POST" and request.url.endswith("/answers")


def sync_tags(context) -> list:
    """The Background Sync tags the browser still has to fire, read from a page that
    runs none of the app's code (the manifest, kept by the worker for offline use)."""
    page = context.new_page()
    page.goto("/manifest.json")
    tags = page.evaluate("navigator.serviceWorker.ready.then(r => r.sync.getTags())")
    page.close()
    return tags


def fire_sync(context, tag: str = "allo-outbox"):
    """Fire the worker's "sync" event as the browser does when it retries one (the
    DevTools protocol's own "Background Sync" button), from a page without app code."""
    page = context.new_page()
    page.goto("/manifest.json")
    cdp = context.new_cdp_session(page)
    found = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: found.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    wait_until(page, lambda: found)  # the registrations arrive as events after enable
    registration = next(r for r in found if not r["isDeleted"])
    origin = page.evaluate("location.origin")
    cdp.send("ServiceWorker.dispatchSyncEvent", {
        "origin": origin, "registrationId": registration["registrationId"], "tag": tag, "lastChance": False,
    })
    page.close()


def answered_offline_then_closed(context, meeting) -> Network:
    """Join online, answer every prompt offline, close the tab: the answers wait in IndexedDB."""
    page = context.new_page()
    join(page, meeting)
    expect(page.locator("h1")).to_have_text("Question single")
    kept_offline(page)
    network = go_offline(page)
    answer_all(page, meeting)
    assert len(outbox(page)) == len(meeting.prompts)
    page.close()
    return network


def test_the_worker_sends_what_a_closed_tab_left(phones, make):
    meeting = make.meeting(kinds=KINDS)
    context = phones()
    network = answered_offline_then_closed(context, meeting)
    assert sync_tags(context) == ["allo-outbox"]  # offline: the browser holds the sync back
    assert rows() == {"answers": 0, "receipts": 0}

    with context.expect_event("requestfinished", answers_post) as posted:
        network.on()  # no page of the site is open: Chromium fires "sync" in the worker
    assert posted.value.service_worker is not None
    wait_for(lambda: rows()["answers"] == 3)
    assert sync_tags(context) == []  # the sync was fired and settled
    assert rows() == {"answers": 3, "receipts": 3}


def test_a_sync_that_could_not_reach_the_server_is_fired_again(phones, make):
    meeting = make.meeting(kinds=KINDS)
    context = phones()
    network = answered_offline_then_closed(context, meeting)
    context.route("**/api/meetings/*/answers", lambda route: route.abort("connectionrefused"))
    with context.expect_event("requestfailed", answers_post) as refused:
        network.on()  # the browser is online, the server is not reachable
    assert refused.value.service_worker is not None
    # A failed sync must stay registered: the browser fires it again later, even
    # after the worker has stopped. Only a delivered outbox may settle it.
    assert sync_tags(context) == ["allo-outbox"]
    assert rows() == {"answers": 0, "receipts": 0}

    context.unroute("**/api/meetings/*/answers")
    with context.expect_event("requestfinished", answers_post) as posted:
        fire_sync(context)  # the browser's retry, minutes later in real life
    assert posted.value.service_worker is not None
    wait_for(lambda: rows()["answers"] == 3)
    assert rows() == {"answers": 3, "receipts": 3}


def test_tries_without_a_network_do_not_count_and_its_return_starts_over(phones, make):
    """Issue 18, 7: every failed drain while offline used to count, so after a while
    offline the first try when the signal returned could wait 30-60 s. Now a try while
    the phone knows it is offline does not count, and the network's return (or a look at
    the page) starts the backoff over."""
    meeting = make.meeting(kinds=KINDS)
    page = phones().new_page()
    join(page, meeting)
    expect(page.locator("h1")).to_have_text("Question single")
    kept_offline(page)
    network = go_offline(page)
    answer_all(page, meeting)
    page.evaluate("(async () => { for (let i = 0; i < 25; i++) await AlloOutbox.drain(); })()")
    assert page.evaluate("AlloOutbox.failures()") == 0
    assert rows() == {"answers": 0, "receipts": 0}

    # The signal returns, and the first try meets a busy server: the next one follows
    # within seconds (it used to wait at the cap: 30-60 s).
    page.context.route("**/api/meetings/*/answers",
                       lambda route: route.fulfill(status=503, json={"error": {"code": "busy"}}), times=1)
    network.on()
    go_online(page)
    # Playwright answers the route only while it waits itself: wait_until lets it.
    wait_until(page, lambda: rows()["answers"] >= 3, timeout_ms=5_000)  # within 5 s
    assert rows() == {"answers": 3, "receipts": 3}
    expect(page.locator("#end-state")).to_have_text(ALL_SENT)


@pytest.mark.parametrize("locks", [True, False], ids=["web-locks", "no-web-locks"])
def test_two_tabs_draining_at_once_store_each_answer_once(phones, make, locks):
    meeting = make.meeting(kinds=KINDS)
    context = phones()
    first = context.new_page()
    join(first, meeting)
    expect(first.locator("h1")).to_have_text("Question single")
    kept_offline(first)
    network = go_offline(first)
    answer_all(first, meeting)
    second = context.new_page()
    second.goto(f"/j/{meeting.token}?lang=en")
    expect(second.locator("#end-state")).to_have_text(re.compile("3 answers are still on your phone"))
    queued = {item["uuid"] for item in outbox(second)}
    assert len(queued) == 3

    for page in (first, second):
        if not locks:  # a browser without Web Locks: only the server's UUID check is left
            page.evaluate("Object.defineProperty(navigator, 'locks', {value: undefined})")
        # Both tabs start draining on one broadcast, within the same moment.
        page.evaluate("""() => {
            const go = new BroadcastChannel("test-go");
            window.drained = new Promise(resolve => { go.onmessage = () => resolve(AlloOutbox.drain()); });
        }""")
    outcomes = []  # what the server said to each POST, page's or worker's
    context.on("response", lambda r: answers_post(r.request)
               and outcomes.extend(result["status"] for result in r.json()["results"]))
    network.on()
    first.evaluate("new BroadcastChannel('test-go').postMessage('go')")
    second.evaluate("new BroadcastChannel('test-go').postMessage('go')")
    for page in (first, second):
        assert page.evaluate("window.drained.then(report => report.ok)")
        assert outbox(page) == []
        expect(page.locator("#end-state")).to_have_text(ALL_SENT)
    assert uuids(Answer) == uuids(Receipt) == queued
    assert rows() == {"answers": 3, "receipts": 3}
    assert outcomes.count("stored") == 3 and set(outcomes) <= {"stored", "duplicate"}


def test_answers_queued_under_the_v1_schema_survive_the_upgrade(phones, make):
    meeting = make.meeting(kinds=("single", "scale"))
    single, scale = meeting.prompts
    page = phones().new_page()
    page.goto("/healthz")  # the same origin, before any of the app's code ran
    reply = page.request.post(f"/api/meetings/{meeting.token}/participants",
                              data={"group": "youngster", "language": "nl"})
    assert reply.ok, reply.text()
    device_token = reply.json()["device_token"]
    now = datetime.now(UTC).isoformat()
    waiting = {"meeting": meeting.token, "device_token": device_token, "recorded_at": now}
    items = [
        {"uuid": str(uuid.uuid4()), "prompt_id": single.id, "value": "yes", "queued_at": 1, **waiting},
        {"uuid": str(uuid.uuid4()), "prompt_id": scale.id, "value": 6, "queued_at": 2, **waiting},
    ]
    page.evaluate("""items => new Promise((resolve, reject) => {
        const open = indexedDB.open("allo", 1);
        open.onupgradeneeded = () => open.result.createObjectStore("outbox", {keyPath: "uuid"})
            .createIndex("queued_at", "queued_at");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
            const tx = open.result.transaction("outbox", "readwrite");
            items.forEach(item => tx.objectStore("outbox").put(item));
            tx.oncomplete = () => { open.result.close(); resolve(); };
            tx.onerror = () => reject(tx.error);
        };
    })""", items)

    page.goto(f"/j/{meeting.token}?lang=en")
    expect(page.locator("h1")).to_have_text("Who are you?")
    wait_for(lambda: outbox(page) == [] and rows()["answers"] == 2)
    assert uuids(Answer) == uuids(Receipt) == {item["uuid"] for item in items}
    assert rows() == {"answers": 2, "receipts": 2}
    schema = page.evaluate("""() => new Promise(resolve => {
        const open = indexedDB.open("allo");
        open.onsuccess = () => {
            const db = open.result;
            const store = db.transaction("outbox").objectStore("outbox");
            resolve({version: db.version, indexes: Array.from(store.indexNames).sort()});
            db.close();
        };
    })""")
    assert schema == {"version": 2, "indexes": ["meeting", "queued_at"]}


def test_leaving_a_shared_phone_waits_for_the_answers_then_forgets(phones, make):
    meeting = make.meeting(kinds=KINDS)
    context = phones()
    page = context.new_page()
    join(page, meeting)
    expect(page.locator("h1")).to_have_text("Question single")
    kept_offline(page)
    network = go_offline(page)
    answer_all(page, meeting)
    record = f"localStorage.getItem('allo:{meeting.token}')"
    in_caches = f"""caches.keys().then(names => Promise.all(names.map(name => caches.open(name)
        .then(cache => cache.match('/j/{meeting.token}', {{ignoreSearch: true}})))))
        .then(found => found.some(Boolean))"""

    page.locator("#leave").tap()
    expect(page.locator("#leave-state")).to_have_text(re.compile("3 answers still have to be sent first"))
    expect(page.locator("h1")).to_have_text(THANKS)  # refused: nothing forgotten
    assert page.evaluate(record) is not None
    assert page.evaluate(in_caches)
    assert len(outbox(page)) == 3
    assert rows() == {"answers": 0, "receipts": 0}

    network.on()
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#end-state")).to_have_text(ALL_SENT)
    assert rows() == {"answers": 3, "receipts": 3}
    page.locator("#leave").tap()
    expect(page).to_have_url(re.compile(r"/$"))
    assert page.evaluate(record) is None
    assert not page.evaluate(in_caches)
    assert raw_outbox(page) == []

    page.goto(f"/j/{meeting.token}?lang=en")  # the next person on this phone
    expect(page.locator("h1")).to_have_text("Who are you?")
    expect(page.locator(".group[aria-current=true]")).to_have_count(0)
    expect(page.get_by_text(THANKS)).to_have_count(0)
    assert rows() == {"answers": 3, "receipts": 3}
