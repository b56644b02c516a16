"""Limits must not become lock-outs (app/ops/limits.py): the attacks of issue 21 replayed
against the default limits. Someone else's failures never shut out a right code, a
valid meeting link or an account's owner on another address."""

import json

import pytest

from app import create_app
from app.extensions import db
from config import TestingConfig
from tests.client import Client
from tests.factories import PASSWORD

SCHOOL, HOME = "198.51.100.7", "203.0.113.9"


@pytest.fixture
def app_with_limits():
    """An app with the production limits (the suite's own runs without)."""
    application = create_app(TestingConfig, RATELIMIT_ENABLED=True)
    application.test_client_class = Client
    yield application
    with application.app_context():
        db.engine.dispose()


def client_at(application, address: str) -> Client:
    client = application.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def join(client, token: str):
    return client.post(f"/api/meetings/{token}/participants", data=json.dumps({"group": "youngster"}),
                       content_type="application/json")


def test_thirty_wrong_codes_on_a_schools_wifi_do_not_stop_the_class_joining(app_with_limits, make):
    meeting = make.meeting(kinds=("scale",))
    school = client_at(app_with_limits, SCHOOL)
    for n in range(30):
        assert school.get(f"/join?code=ZZZZ{n:02d}").status_code == 404
    assert school.get("/join?code=ZZZZ99").status_code == 429  # guessing is slowed down
    assert school.get(f"/j/{meeting.token}").status_code == 200  # the QR code still opens the meeting
    assert join(school, meeting.token).status_code == 201  # and the phone joins
    assert school.get(f"/join?code={meeting.code}").status_code == 302  # the right code still works
    assert join(school, "not-a-meeting-token").status_code == 429


def test_ten_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(app_with_limits, make):
    owner = make.user()
    guesser = client_at(app_with_limits, SCHOOL)
    for _ in range(10):
        guesser.post_form("/login", {"email": owner.email, "password": "guess"})
    assert guesser.post_form("/login", {"email": owner.email, "password": "guess"}).status_code == 429
    response = client_at(app_with_limits, HOME).post_form("/login", {"email": owner.email,
                                                                      "password": PASSWORD})
    assert response.status_code == 302 and response.location == "/f/"


def test_password_guessing_from_one_address_is_slowed_down_in_growing_steps(app_with_limits, make):
    owner = make.user()
    guesser = client_at(app_with_limits, SCHOOL)
    statuses = [guesser.post_form("/login", {"email": owner.email, "password": "guess"}).status_code
                for _ in range(6)]
    assert statuses == [400] * 5 + [429]  # the first step: five a minute
    assert 1 <= int(guesser.post_form("/login", {"email": owner.email, "password": PASSWORD})
                    .headers["Retry-After"]) <= 60
