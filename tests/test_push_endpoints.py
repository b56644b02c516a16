"""The push endpoint a phone gives is a URL the server POSTs to (app/followups/push_endpoints.py):
nothing but a plain https URL on a push service passes, checked with the sender's own
parser, again at send time against the addresses it resolves to, and no redirect is
followed. No test here leaves the machine: names resolve through a stand-in."""

import socket

import pytest
from sqlalchemy import func, select

from app import followups
from app.extensions import db
from app.followups import push, push_endpoints
from app.models import PushDelivery, PushSubscription
from tests.push import Browser, PushService

NASTY = [
    "https://127.0.0.2\\.fcm.googleapis.com/fcm/send/x",  # urlsplit: an FCM host; requests: 127.0.0.2
    "https://127.0.0.2\\@fcm.googleapis.com/fcm/send/x",
    "https://user@fcm.googleapis.com/fcm/send/x",
    "https://fcm.googleapis.com:8443/fcm/send/x",
    "https://fcm.googleapis.com:80/fcm/send/x",
    "http://fcm.googleapis.com/fcm/send/x",
    "https://fcm.googleapis.com\t/fcm/send/x",
    "https://fcm.googleapis.com /fcm/send/x",
    "https://fcm.googleapis.com/fcm/send/x\n",
    "https://fcm.googleapis.com/fcm/send/x#y",
    "https://evil.example#.fcm.googleapis.com/",
    "https://evil.example?.fcm.googleapis.com/",
    "https://fcm.googleapis.com",
    "https://fcm.googleapis.com.evil.example/x",
    "https://[::1]/fcm.googleapis.com",
    "ftp://fcm.googleapis.com/x",
]


@pytest.fixture
def offered(app):
    saved = {k: app.config.get(k) for k in ("VAPID_SUB", "PUSH_TEST_ORIGIN", "PUSH_HOSTS")}
    app.config.update(VAPID_SUB="mailto:privacy@allo.example")
    yield app.config
    app.config.update(saved)


@pytest.mark.parametrize("endpoint", NASTY)
def test_a_phone_cannot_subscribe_an_endpoint_that_is_not_a_plain_push_service_url(client, make, offered,
                                                                                  endpoint):
    meeting = make.meeting(kinds=("scale",))
    _, token = make.participant(meeting, "officer")
    service = PushService()
    subscription = Browser(service, "x").subscription() | {"endpoint": endpoint}
    service.close()
    response = client.post(f"/api/meetings/{meeting.token}/push", json={"subscription": subscription},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_subscription"
    assert db.session.scalar(select(func.count()).select_from(PushSubscription)) == 0


@pytest.mark.parametrize("endpoint", ["https://fcm.googleapis.com/fcm/send/abc:def-1",
                                      "https://updates.push.services.mozilla.com/wpush/v2/gAAA",
                                      "https://web.push.apple.com/QGx1", "https://FCM.googleapis.com:443/x"])
def test_real_push_service_urls_pass(app, ctx, endpoint):
    assert push_endpoints.allowed(endpoint)


def stored_subscription(make, endpoint: str) -> tuple:
    """A subscription already in the database (made before this check, or its host's
    address changed since) with a due follow-up."""
    meeting = make.meeting(kinds=("scale",))
    followup = followups.schedule(meeting, 14, [("scale", {"nl": "Hoe gaat het?"})])
    db.session.add(PushSubscription(meeting_id=meeting.id, endpoint=endpoint, group="officer", language="nl",
                                    p256dh="B" * 87, auth="A" * 22))
    db.session.flush()
    sub = db.session.scalar(select(PushSubscription))
    db.session.add(PushDelivery(subscription_id=sub.id, followup_id=followup.id, due_at=followup.due_at))
    db.session.commit()
    return followup


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.0.10", "169.254.169.254", "::1",
                                     "fd00::1", "0.0.0.0", "100.64.0.1"])
def test_nothing_is_sent_to_a_push_host_that_resolves_to_a_local_address(make, offered, monkeypatch, address):
    offered["PUSH_HOSTS"] = ("push.example",)
    followup = stored_subscription(make, "https://eu.push.example/send/1")
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    monkeypatch.setattr(push_endpoints.socket, "getaddrinfo",
                        lambda *a, **k: [(family, socket.SOCK_STREAM, 6, "", (address, 443))])
    sent = []
    counts = push.send_due(now=followup.due_at, sender=lambda *a, **k: sent.append(a))
    assert sent == [] and counts["retry"] == 1
    assert db.session.scalar(select(PushDelivery.state)) == "due"


def test_an_endpoint_stored_before_the_check_is_refused_at_send_time(make, offered):
    followup = stored_subscription(make, "https://127.0.0.2\\.fcm.googleapis.com/fcm/send/x")
    sent = []
    counts = push.send_due(now=followup.due_at, sender=lambda *a, **k: sent.append(a))
    assert sent == [] and counts["retry"] == 1


class Redirector(PushService):
    """A 'push service' that answers 307 to another address."""

    def __init__(self, target: str):
        self.target = target
        super().__init__()

    def answer(self, path: str) -> tuple[int, dict]:
        return 307, {"Location": self.target}


def test_a_push_service_redirect_is_never_followed(make, offered):
    inside = PushService()  # stands for a host inside the network
    redirector = Redirector(inside.url + "/admin")
    offered["PUSH_TEST_ORIGIN"] = redirector.url
    try:
        meeting = make.meeting(kinds=("scale",))
        followup = followups.schedule(meeting, 14, [("scale", {"nl": "Hoe gaat het?"})])
        push.subscribe(meeting, "officer", "nl", Browser(redirector, "r").subscription())
        counts = push.send_due(now=followup.due_at)
    finally:
        redirector.close()
        inside.close()
    assert inside.requests == []
    assert counts["retry"] == 1
