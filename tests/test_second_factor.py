"""The second factor (app/auth/second_factor.py): a user sets up an authenticator app
from their account page; then a password alone no longer logs in, a code works once,
and code guessing is slowed down. An organisation admin can require it for everyone."""

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from app import create_app
from app.auth import second_factor
from app.extensions import db
from app.meetings import qr
from app.models import AuditEvent, Organisation, User
from config import TestingConfig
from tests.client import Client
from tests.factories import PASSWORD


def secret_on(page: str) -> str:
    """The key the page shows to type into an app (the QR code holds the same)."""
    return re.search(r'<code class="secret">([A-Z2-7]{32})</code>', page)[1]


def next_code(secret: str) -> str:
    """The code of the next 30-second step: the current one was used already."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def set_up(client) -> str:
    page = client.get("/account").get_data(as_text=True)
    secret = secret_on(page)
    assert "<svg" in page  # the otpauth:// URI as a QR code
    code = pyotp.TOTP(secret).now()
    response = client.post_form("/account/second-factor", {"secret": secret, "code": code})
    assert response.status_code == 302
    return secret


def password_step(client, user):
    return client.post_form("/login", {"email": user.email, "password": PASSWORD})


def test_with_a_second_factor_a_password_alone_does_not_log_in(app, client, auth, make):
    user = auth.login()
    secret = set_up(client)
    assert db.session.get(User, user.id).totp_secret == secret
    auth.logout()
    client._csrf = None
    response = password_step(client, user)
    assert response.status_code == 302 and response.location.startswith("/login/code")
    assert client.get("/f/").status_code == 302  # not logged in yet
    assert client.post_form("/login/code", {"code": "000000"}).status_code == 400
    response = client.post_form("/login/code?next=/f/", {"code": next_code(secret)})
    assert response.status_code == 302 and response.location == "/f/"
    assert client.get("/f/").status_code == 200


def test_a_code_works_only_once(app, make):
    user = make.user()
    secret = pyotp.random_base32()
    user.totp_secret = secret
    db.session.commit()
    code = pyotp.TOTP(secret).now()
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        password_step(client, user)
    assert first.post_form("/login/code", {"code": code}).status_code == 302
    assert second.post_form("/login/code", {"code": code}).status_code == 400  # seen over a shoulder


def test_the_first_code_must_match_the_secret_before_it_is_on(client, auth, make):
    user = auth.login()
    page = client.get("/account").get_data(as_text=True)
    response = client.post_form("/account/second-factor", {"secret": secret_on(page), "code": "123456"})
    assert response.status_code == 400 and "This code is not right" in response.get_data(as_text=True)
    assert db.session.get(User, user.id).totp_secret is None


def test_an_organisation_admin_requires_it_and_a_user_sets_it_up_at_the_next_login(app, client, auth, make):
    admin = auth.login(make.user(role="org_admin"))
    person = make.user(admin.organisation)
    assert client.post_form(f"/n/organisations/{admin.organisation_id}/second-factor",
                            {"required": "1"}).status_code == 302
    assert db.session.get(Organisation, admin.organisation_id).require_second_factor
    other = app.test_client()
    assert password_step(other, person).location.startswith("/login/code")
    page = other.get("/login/code").get_data(as_text=True)
    assert "<svg" in page and "Your organisation asks for a second factor" in page
    secret = secret_on(page)
    uri = second_factor.uri(person, secret)
    assert uri.startswith("otpauth://totp/") and f"secret={secret}" in uri
    assert str(qr.svg(uri, "QR code for your authenticator app")) in page  # the app scans this
    response = other.post_form("/login/code", {"secret": secret, "code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and other.get("/f/").status_code == 200
    assert db.session.get(User, person.id).totp_secret == secret
    # and while it is required, it cannot be turned off
    off = other.post_form("/account/second-factor/off", {"code": next_code(secret)})
    assert off.status_code == 400
    assert db.session.get(User, person.id).totp_secret == secret
    events = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert "require_second_factor" in events and "second_factor_on" in events


def test_a_second_factor_is_turned_off_with_a_code(client, auth, make):
    user = auth.login()
    secret = set_up(client)
    assert client.post_form("/account/second-factor/off", {"code": "000000"}).status_code == 400
    response = client.post_form("/account/second-factor/off", {"code": next_code(secret)})
    assert response.status_code == 302
    assert db.session.get(User, user.id).totp_secret is None


@pytest.fixture
def limited_app():
    application = create_app(TestingConfig, RATELIMIT_ENABLED=True)
    application.test_client_class = Client
    yield application
    with application.app_context():
        db.engine.dispose()


def test_guessing_codes_is_slowed_down(limited_app, make):
    user = make.user()
    user.totp_secret = pyotp.random_base32()
    db.session.commit()
    client = limited_app.test_client()
    password_step(client, user)
    statuses = [client.post_form("/login/code", {"code": f"{n:06d}"}).status_code for n in range(6)]
    assert statuses[-1] == 429 and statuses.count(400) == 5
