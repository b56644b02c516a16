"""Abuse limits (app/limits.py): each returns 429 with Retry-After (JSON under /api, a
page elsewhere), and a limit hit on one app instance holds on another sharing Redis.

The suite's own app runs without limits (TestingConfig); these tests make apps of
their own with small limits, in memory or in Redis under a key prefix of their own."""

import json
import os
import uuid

import pytest
import redis
from flask import request
from flask_limiter import Limiter
from limits import parse_many

from app import create_app, limits
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


def test_answer_counts_go_on_when_redis_drops_the_connection_or_forgets_the_script(shared, make):
    """Both answer limits are one EVALSHA over the thread's own connection: a connection
    Redis closed (a restart) and a script it no longer knows are taken over by redis-py's
    client, and no hit goes uncounted (3 per minute: the 4th batch is refused)."""
    (one, _), _ = shared
    meeting = make.meeting(kinds=("scale",))
    _, token = make.participant(meeting)
    url = f"/api/meetings/{meeting.token}/answers"

    def send():
        return api_post(one, url, {"answers": [answer_item(meeting.prompts[0], 2)]}, token)

    assert send().status_code == 200
    own = limits._OWN.connection
    own.send_command("CLIENT", "ID")
    with redis.Redis.from_url(REDIS_URL) as store:
        assert store.client_kill_filter(_id=own.read_response()) == 1
        assert send().status_code == 200  # over a new connection
        assert limits._OWN.connection is not own
        store.script_flush()
        assert send().status_code == 200  # the script loaded again
    assert_limited(send(), api=True)


def test_answer_hits_are_reserved_a_few_at_a_time_and_the_limit_holds_across_servers(
        two_servers, make, monkeypatch):
    """100 answers a minute per device: each server reserves 5 hits of the device's key
    per round trip to Redis (and 20 of the address's). A phone whose requests go to
    either server in turn still gets no more than 100 through, and loses at most 4 per
    server to hits reserved and never spent."""
    (one, other), _ = two_servers(RATELIMIT_ANSWERS_DEVICE="100 per minute",
                                  RATELIMIT_ANSWERS_ADDRESS="10000 per minute")
    round_trips = []
    reserve = limits._reserve
    monkeypatch.setattr(limits, "_reserve", lambda *args: round_trips.append(args[1]) or reserve(*args))
    meeting = make.meeting(kinds=("scale",))
    _, token = make.participant(meeting)
    url = f"/api/meetings/{meeting.token}/answers"
    statuses, trips_before = [], []
    for n in range(130):
        trips_before.append(len(round_trips))
        body = {"answers": [answer_item(meeting.prompts[0], 2)]}
        statuses.append(api_post((one, other)[n % 2], url, body, token).status_code)
    accepted = statuses.count(200)
    assert 100 - 2 * 4 <= accepted <= 100
    assert statuses[accepted:] == [429] * (130 - accepted)  # refused from then on
    assert trips_before[accepted] <= accepted / 5 + 2  # one round trip per 5 answers, not per answer
    assert_limited(api_post(one, url, {"answers": [answer_item(meeting.prompts[0], 2)]}, token), api=True)


def test_answer_batches_skip_flask_limiters_own_look_for_limits(monkeypatch, make):
    """answer_limits counts answer batches; Flask-Limiter's before-request look for
    limits of its own runs for every other request (limits._skip_check_for)."""
    looked_at = []
    look = Limiter._check_request_limit
    monkeypatch.setattr(Limiter, "_check_request_limit",
                        lambda self, *args, **kwargs: looked_at.append(request.endpoint)
                        or look(self, *args, **kwargs))
    application = limited_app()
    client = application.test_client()
    meeting = make.meeting(kinds=("scale",))
    _, token = make.participant(meeting)
    assert client.get("/healthz").status_code == 200
    url = f"/api/meetings/{meeting.token}/answers"
    assert api_post(client, url, {"answers": [answer_item(meeting.prompts[0], 2)]}, token).status_code == 200
    assert "pwa.healthz" in looked_at and "api.post_answers" not in looked_at
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
