"""A forgotten password (app/auth/reset.py, app/auth/mail.py): a one-time, expiring link by
e-mail, sent through SMTP to a real SMTP server on loopback (aiosmtpd) that this test
starts; the page says the same for an address with an account and one without."""

import email
import re
import socket
import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, update

from app.auth.session import authenticate
from app.extensions import db
from app.models import Invitation
from tests.factories import PASSWORD


class Inbox:
    """aiosmtpd's handler: keeps every message it is given."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def wait(self, count: int = 1, seconds: float = 5.0) -> list:
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def inbox(app):
    box, port = Inbox(), free_port()
    server = Controller(box, hostname="127.0.0.1", port=port)
    server.start()
    saved = {k: app.config[k] for k in ("MAIL_SERVER", "MAIL_PORT", "MAIL_SECURITY", "MAIL_SENDER")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_SECURITY="none",
                      MAIL_SENDER="ALLO?! Review <noreply@allo.example>")
    yield box
    app.config.update(saved)
    server.stop()


def ask(client, address: str):
    return client.post_form("/reset", {"email": address})


def link_in(message) -> str:
    return re.search(r"https?://\S+/n/welcome/\S+", message.get_payload(decode=True).decode())[0]


def test_a_reset_link_by_email_sets_a_new_password_once(client, make, inbox):
    user = make.user()
    response = ask(client, user.email.upper())
    assert response.status_code == 302
    [message] = inbox.wait()
    assert message["To"] == user.email and "noreply@allo.example" in message["From"]
    path = link_in(message).split("://", 1)[1].split("/", 1)[1]
    assert client.get(f"/{path}").status_code == 200
    assert client.post_form(f"/{path}", {"password": "a brand new one", "confirm": "a brand new one"}) \
        .status_code == 302
    assert authenticate(user.email, "a brand new one") is not None
    assert authenticate(user.email, PASSWORD) is None
    assert client.get(f"/{path}").status_code == 404  # once only


def test_the_reset_page_does_not_tell_whether_an_address_has_an_account(client, make, inbox):
    user = make.user()
    answers = []
    for address in (user.email, "nobody@example.org"):
        response = ask(client, address)
        page = client.get(response.location).get_data(as_text=True)
        flash = re.search(r'class="flash".*?</div>', page, re.S)[0]
        answers.append((response.status_code, response.location, flash))
    assert answers[0] == answers[1] and "If an account has this e-mail" in answers[0][2]
    assert len(inbox.wait(2, seconds=1)) == 1  # only the real account got a mail


def test_a_reset_link_expires(client, make, inbox, app):
    user = make.user()
    ask(client, user.email)
    path = "/" + link_in(inbox.wait()[0]).split("://", 1)[1].split("/", 1)[1]
    stored = db.session.scalar(select(Invitation))
    assert timedelta(minutes=59) < stored.expires_at - stored.created_at <= timedelta(minutes=60)
    db.session.execute(update(Invitation).values(expires_at=stored.created_at))
    db.session.commit()
    assert client.get(path).status_code == 404


def test_a_deactivated_account_gets_no_reset_mail(client, make, inbox):
    user = make.user(active=False)
    assert ask(client, user.email).status_code == 302
    assert inbox.wait(1, seconds=0.5) == []


def test_without_a_mail_server_the_page_says_to_ask_an_admin(client, make):
    page = client.get("/reset").get_data(as_text=True)
    assert "Ask an admin" in page and 'name="email"' not in page
