"""Static files under /static/v/<hash>/ (app/ops/static_files.py) in a real browser: the
service worker precaches this version's URLs, and a page kept from an older version
(which names the old hash) still gets its files offline, from this version."""

import re

import pytest

from tests.browser import Network, flaky_phone_on, wait_until

pytestmark = pytest.mark.browser
FETCH = "url => fetch(url).then(r => r.ok ? r.text() : 'status ' + r.status, e => 'failed ' + e)"


@pytest.fixture
def phone(browser, live_server):
    yield from flaky_phone_on(browser, live_server["url"])


def test_an_older_versions_url_is_answered_offline_from_this_version(phone, make):
    meeting = make.meeting(kinds=("single",))
    phone.goto(f"/j/{meeting.token}?lang=en")
    wait_until(phone, lambda: phone.evaluate("() => !!navigator.serviceWorker.controller"), 30_000)
    current = re.search(r'href="(/static/v/\w+)/css/app\.css"', phone.content())[1]
    Network(phone.context).off()
    assert ".plain-http" in phone.evaluate(FETCH, f"{current}/css/app.css")
    assert ".plain-http" in phone.evaluate(FETCH, "/static/v/0123456789ab/css/app.css")  # an older page's
    assert phone.evaluate(FETCH, "/static/v/0123456789ab/css/no-such.css").startswith("failed")
