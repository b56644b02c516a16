"""Abuse limits (app/ops/limits.py): each returns 429 with Retry-After (JSON under /api, a
page elsewhere), and a limit hit on one app instance holds on another sharing Redis.

The suite's own app runs without limits (TestingConfig); these tests make apps of
their own with small limits, in memory or in Redis under a key prefix of their own."""

import json
import os
import uuid

import pytest
import redis
from limits import parse_many

from app import create_app
from app.extensions import db
from config import Config, TestingConfig
from tests.client import Client
from tests.factories import PASSWORD, answer_item

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
SMALL = {
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_LOGIN_ACCOUNT": "3 per minute",
    "RATELIMIT_LOGIN_ADDRESS": "5 per minute",
    "RATELIMIT_JOIN_ADDRESS": "4 per minute",
    "RATELIMIT_CODE_MISSES": "3 per minute",
    "RATELIMIT_ANSWERS_DEVICE": "3 per minute",
    "RATELIMIT_ANSWERS_ADDRESS": "5 per minute",
}


def limited_app(**overrides):
    application = create_app(TestingConfig, **{**SMALL, **overrides})
    application.test_client_class = Client
    return application


def dispose(*apps) -> None:
    for application in apps:
        with application.app_context():
            db.engine.dispose()


@pytest.fixture
def limited():
    """A client of an app with small limits, counted in memory."""
    application = limited_app()
    client = application.test_client()
    client.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    yield client
    dispose(application)


@pytest.fixture
def two_servers():
    """make(**limits) -> two apps ("two servers") counting in the same Redis, under a
    fresh prefix: their clients, and the prefix."""
    prefix, apps = f"allo-test-{uuid.uuid4().hex}", []

    def make(**overrides):
        apps.extend(limited_app(RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix, **overrides)
                    for _ in range(2))
        return [a.test_client() for a in apps], prefix

    yield make
    store = redis.Redis.from_url(REDIS_URL)
    for key in store.scan_iter(f"*{prefix}*"):
        store.delete(key)
    store.close()
    dispose(*apps)


@pytest.fixture
def shared(two_servers):
    """Two servers with the small limits."""
    return two_servers()


def api_post(client, url, body, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)


def assert_limited(response, api: bool) -> None:
    assert response.status_code == 429, response.get_data(as_text=True)
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    if api:
        assert response.mimetype == "application/json"
        assert response.json["error"]["code"] == "rate_limited"
        assert response.json["error"]["message"]
    else:
        assert response.mimetype == "text/html"
        assert "Too many attempts" in response.get_data(as_text=True)


def login(client, email, password):
    return client.post_form("/login", {"email": email, "password": password})


def test_failed_logins_are_limited_per_address_and_account(limited, make):
    user = make.user()
    for _ in range(3):
        assert login(limited, user.email, "wrong").status_code == 400
    # Even the right password waits now, from this address: guessing cannot go on.
    assert_limited(login(limited, user.email, PASSWORD), api=False)
    assert_limited(login(limited, user.email.upper(), "wrong"), api=False)
    # The owner elsewhere is not locked out.
    limited.environ_base["REMOTE_ADDR"] = "198.51.100.8"
    assert login(limited, user.email, PASSWORD).status_code == 302


def test_failed_logins_are_limited_per_address(limited, make):
    users = [make.user() for _ in range(3)]
    for email in (users[0].email, users[0].email, users[1].email, users[1].email, users[2].email):
        assert login(limited, email, "wrong").status_code == 400
    assert_limited(login(limited, users[2].email, "wrong"), api=False)
    # Another address is not held back.
    limited.environ_base["REMOTE_ADDR"] = "198.51.100.8"
    assert login(limited, users[2].email, PASSWORD).status_code == 302


def test_successful_logins_do_not_count(limited, make):
    user = make.user()
    for _ in range(5):
        assert login(limited, user.email, PASSWORD).status_code == 302
        limited._csrf = None


def test_guessing_join_codes_is_limited_across_page_and_api(limited, make):
    meeting = make.meeting(kinds=("scale",))
    assert limited.get(f"/join?code={meeting.code}").status_code == 302  # right codes are free
    assert limited.get("/join?code=ZZZZZZ").status_code == 404
    assert limited.get("/j/not-a-meeting-token").status_code == 404
    response = api_post(limited, "/api/meetings/not-a-token/participants", {"group": "youngster"})
    assert response.status_code == 404
    assert_limited(limited.get("/join?code=ZZZZZZ"), api=False)
    assert_limited(api_post(limited, "/api/meetings/not-a-token/participants", {"group": "youngster"}),
                   api=True)
    # Misses never hold back a right code or an existing link.
    assert limited.get(f"/join?code={meeting.code}").status_code == 302
    assert api_post(limited, f"/api/meetings/{meeting.token}/participants",
                    {"group": "youngster"}).status_code == 201


def test_joins_are_limited_per_address(limited, make):
    meeting = make.meeting(kinds=("scale",))
    url = f"/api/meetings/{meeting.token}/participants"
    for _ in range(4):
        assert api_post(limited, url, {"group": "officer", "language": "nl"}).status_code == 201
    assert_limited(api_post(limited, url, {"group": "officer", "language": "nl"}), api=True)


def test_answers_are_limited_per_device_and_per_address(limited, make):
    meeting = make.meeting(kinds=("scale",))
    _, first = make.participant(meeting)
    _, second = make.participant(meeting)
    url = f"/api/meetings/{meeting.token}/answers"

    def send(token):
        return api_post(limited, url, {"answers": [answer_item(meeting.prompts[0], 3)]}, token)

    for _ in range(3):
        assert send(first).status_code == 200
    assert_limited(send(first), api=True)
    # Another phone on the same address goes on, up to the address's limit (5; a
    # refused request is not counted).
    assert send(second).status_code == 200
    assert send(second).status_code == 200
    assert_limited(send(second), api=True)
    # The outbox count of a flooding phone is held back too.
    response = limited.put(url.replace("/answers", "/waiting"), data=json.dumps({"waiting": 1}),
                           content_type="application/json",
                           headers={"Authorization": f"Bearer {first}"})
    assert_limited(response, api=True)


def test_a_limit_hit_on_one_server_holds_on_the_other(shared, make):
    (one, other), prefix = shared
    meeting = make.meeting(kinds=("scale",))
    _, token = make.participant(meeting)
    url = f"/api/meetings/{meeting.token}/answers"
    for client in (one, other, one):
        response = api_post(client, url, {"answers": [answer_item(meeting.prompts[0], 2)]}, token)
        assert response.status_code == 200
    assert_limited(api_post(other, url, {"answers": [answer_item(meeting.prompts[0], 2)]}, token),
                   api=True)
    # The stored keys hold no address: the test client's is 127.0.0.1.
    with redis.Redis.from_url(REDIS_URL) as store:
        keys = [k.decode() for k in store.scan_iter(f"*{prefix}*")]
    assert keys and not any("127.0.0.1" in k for k in keys)


def test_a_school_behind_one_address_each_phone_has_its_own_limit(make):
    """22 phones of a class on one school wifi (one address): each phone is counted on
    its own device token, so each gets its whole limit, and one phone over its limit
    holds back no other."""
    application = limited_app(RATELIMIT_ANSWERS_DEVICE="3 per minute",
                              RATELIMIT_ANSWERS_ADDRESS="1000 per minute")
    client = application.test_client()
    client.environ_base["REMOTE_ADDR"] = "203.0.113.40"
    meeting = make.meeting(kinds=("scale",))
    tokens = [make.participant(meeting)[1] for _ in range(22)]
    url = f"/api/meetings/{meeting.token}/answers"

    def send(token):
        return api_post(client, url, {"answers": [answer_item(meeting.prompts[0], 3)]}, token)

    for _ in range(3):
        assert [send(token).status_code for token in tokens] == [200] * 22
    assert_limited(send(tokens[0]), api=True)  # the 4th of one phone
    assert_limited(send(tokens[21]), api=True)
    dispose(application)


def test_a_flood_from_one_phone_is_limited_and_the_room_goes_on(limited, make):
    meeting = make.meeting(kinds=("scale",))
    _, flooding = make.participant(meeting)
    _, calm = make.participant(meeting)
    url = f"/api/meetings/{meeting.token}/answers"

    def send(token):
        return api_post(limited, url, {"answers": [answer_item(meeting.prompts[0], 3)]}, token)

    statuses = [send(flooding).status_code for _ in range(10)]
    assert statuses == [200] * 3 + [429] * 7
    # The refused batches were not counted against the address (5 per minute): 2 more pass.
    assert [send(calm).status_code for _ in range(2)] == [200, 200]


def test_the_client_address_is_read_through_the_trusted_proxies(make):
    """ALLO_TRUSTED_PROXIES=1 (create_app installs ProxyFix): two schools behind one reverse
    proxy are two addresses; without it they would share the proxy's limit."""
    for proxies, second_school in ((1, 201), (0, 429)):
        application = limited_app(TRUSTED_PROXIES=proxies)
        client = application.test_client()
        meeting = make.meeting(kinds=("scale",))
        url = f"/api/meetings/{meeting.token}/participants"

        def join(address):
            return client.post(url, json={"group": "youngster"}, headers={"X-Forwarded-For": address})

        assert [join("198.51.100.20").status_code for _ in range(4)] == [201] * 4
        assert join("198.51.100.21").status_code == second_school
        dispose(application)


def test_the_default_limits_let_a_real_meeting_through():
    """A school's classes on one NATed wifi join within a minute; a phone's outbox
    (one batch per answer plus backed-off retries) stays far below its limit."""

    def per_minute(setting: str) -> float:
        return min(item.amount * 60 / item.get_expiry() for item in parse_many(setting))

    assert per_minute(Config.RATELIMIT_JOIN_ADDRESS) >= 500
    assert per_minute(Config.RATELIMIT_ANSWERS_ADDRESS) >= 5000
    assert per_minute(Config.RATELIMIT_ANSWERS_DEVICE) >= 60
    assert Config.RATELIMIT_ENABLED
