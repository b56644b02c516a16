"""Web push and follow-up reviews (issue 6), against a push service on loopback
that does what a real one does with our request: it checks the VAPID token's
ES256 signature and claims, and decrypts the aes128gcm body with the test's own
subscription keys (the keys a browser would hold)."""

import json
import threading
import time
from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext

from app import followups
from app.extensions import db
from app.followups import push
from app.models import FollowUp, Participant, PushDelivery, PushSubscription
from app.models.base import utcnow
from app.results import disclosure
from tests.factories import answer_item
from tests.push import Browser, PushService, unb64


@pytest.fixture
def service(app):
    saved = {k: app.config[k] for k in ("VAPID_SUB", "PUSH_TEST_ORIGIN")}
    running = PushService()
    app.config.update(VAPID_SUB="mailto:privacy@allo.example", PUSH_TEST_ORIGIN=running.url)
    yield running
    running.close()
    app.config.update(saved)


def closed_meeting(make, days_ago: int = 20):
    meeting = make.meeting(kinds=("scale", "text"), status="closed")
    meeting.closed_at = utcnow() - timedelta(days=days_ago)
    db.session.commit()
    return meeting


def test_a_due_follow_up_reaches_the_push_service_signed_and_encrypted(app, make, service):
    meeting = make.meeting(kinds=("scale", "text"))
    phone = Browser(service, "a")
    _, token = make.participant(meeting, "officer", "fr")
    push.subscribe(meeting, "officer", "fr", phone.subscription())
    followup = followups.schedule(meeting, 14, [("text", {"nl": "Wat werd er van?"})])
    assert push.send_due() == {"sent": 0, "gone": 0, "retry": 0, "failed": 0}  # not due yet
    assert service.requests == []

    counts = push.send_due(now=followup.due_at + timedelta(minutes=1))
    assert counts["sent"] == 1
    [request] = service.requests
    opened = phone.open(request)
    assert opened["key"] == push.public_key()
    claims = opened["claims"]
    assert claims["aud"] == service.url and claims["sub"] == "mailto:privacy@allo.example"
    assert 0 < claims["exp"] - time.time() < 24 * 3600
    message = opened["message"]
    assert message["url"] == f"/j/{followup.token}?g=officer"
    assert "ALLO" in message["title"] and meeting.title in message["body"]
    with force_locale("fr"):  # the subscriber's language
        assert message["body"] == gettext("How is it going since “%(title)s”? It takes one minute.",
                                          title=meeting.title)
    assert len(request["body"]) < 3 * 1024
    assert opened["ttl"] > 0
    # Nothing about a person, an answer or a device in it.
    assert token not in json.dumps(message) and set(message) == {"title", "body", "url", "tag"}
    assert push.send_due(now=followup.due_at + timedelta(hours=1))["sent"] == 0  # sent once


@pytest.mark.parametrize("status", [404, 410])
def test_an_expired_subscription_is_deleted(app, make, service, status):
    meeting = make.meeting(kinds=("scale",))
    gone, alive = Browser(service, "gone"), Browser(service, "alive")
    push.subscribe(meeting, "youngster", "nl", gone.subscription())
    push.subscribe(meeting, "youngster", "nl", alive.subscription())
    followup = followups.schedule(meeting, 7, [("scale", {"nl": "Hoe gaat het?"})])
    service.status[gone.path] = status
    counts = push.send_due(now=followup.due_at)
    assert counts["gone"] == 1 and counts["sent"] == 1
    endpoints = set(db.session.scalars(db.select(PushSubscription.endpoint)))
    assert endpoints == {alive.endpoint}
    assert db.session.scalar(db.select(db.func.count()).select_from(PushDelivery)) == 1


def test_other_failures_are_retried_with_capped_backoff_then_given_up(app, make, service, caplog):
    meeting = make.meeting(kinds=("scale",))
    phone = Browser(service, "flaky")
    push.subscribe(meeting, "other", "nl", phone.subscription())
    followup = followups.schedule(meeting, 3, [("scale", {"nl": "Hoe gaat het?"})])
    service.status[phone.path] = 503
    now = followup.due_at
    waits = []
    for _ in range(push.MAX_ATTEMPTS):
        push.send_due(now=now)
        delivery = db.session.scalar(db.select(PushDelivery))
        db.session.refresh(delivery)
        if delivery.state == "failed":
            break
        assert push.send_due(now=now)["retry"] == 0  # not again before its time
        waits.append(delivery.due_at - now)
        now = delivery.due_at
    assert delivery.state == "failed" and delivery.attempts == push.MAX_ATTEMPTS
    assert waits == sorted(waits) and waits[0] == push.BACKOFF_BASE and max(waits) <= push.BACKOFF_CAP
    assert len(service.requests) == push.MAX_ATTEMPTS
    # The logs name deliveries, never the endpoint (it identifies a browser).
    assert "push" in caplog.text and "127.0.0.1" not in caplog.text and "/push/flaky" not in caplog.text


def test_two_runs_at_once_send_each_notification_once(app, make, service):
    service.delay = 0.05
    meeting = make.meeting(kinds=("scale",))
    phones = [Browser(service, f"p{n}") for n in range(6)]
    for phone in phones:
        push.subscribe(meeting, "youngster", "nl", phone.subscription())
    followup = followups.schedule(meeting, 1, [("scale", {"nl": "Hoe gaat het?"})])
    due = followup.due_at + timedelta(seconds=1)
    push.ensure_keys()  # made once before the race (making it is race-safe too)
    start, outcomes, errors = threading.Barrier(2), [], []

    def run():
        try:
            with app.app_context():
                start.wait()
                outcomes.append(push.send_due(now=due))
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert sum(o["sent"] for o in outcomes) == 6
    assert sorted(r["path"] for r in service.requests) == sorted(p.path for p in phones)
    db.session.expire_all()
    assert set(db.session.scalars(db.select(PushDelivery.state))) == {"sent"}


def test_a_follow_up_is_due_only_from_its_day_and_not_after_it_closed(app, make, service):
    meeting = closed_meeting(make, days_ago=20)
    phone = Browser(service, "late")
    push.subscribe(meeting, "youngster", "nl", phone.subscription())
    early = followups.schedule(meeting, 30, [("scale", {"nl": "Later?"})])  # 10 days from now
    assert early.due_at == meeting.closed_at + timedelta(days=30) and early.status == "draft"
    assert push.send_due()["sent"] == 0
    over = followups.schedule(meeting, 1, [("scale", {"nl": "Te laat"})])  # closed 5 days ago
    assert over.status == "closed"
    assert push.send_due()["sent"] == 0 and service.requests == []
    assert push.send_due(now=early.due_at)["sent"] == 1


def test_a_subscription_made_after_the_follow_up_was_scheduled_is_notified(app, make, service):
    meeting = make.meeting(kinds=("scale",))
    followup = followups.schedule(meeting, 14, [("scale", {"nl": "Hoe gaat het?"})])
    phone = Browser(service, "later")
    push.subscribe(meeting, "officer", "nl", phone.subscription())
    push.subscribe(meeting, "officer", "nl", phone.subscription())  # twice: one delivery
    assert push.send_due(now=followup.due_at)["sent"] == 1


def test_opting_in_keeps_meeting_and_group_only_and_opting_out_deletes_it(app, client, make, service):
    meeting = make.meeting(kinds=("scale",))
    followups.schedule(meeting, 14, [("scale", {"nl": "Hoe gaat het?"})])
    phone = Browser(service, "optin")
    _, token = make.participant(meeting, "officer")
    url = f"/api/meetings/{meeting.token}/push"
    assert client.post(url, json={"subscription": phone.subscription()}).status_code == 401
    response = client.post(url, json={"subscription": phone.subscription()},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.json
    sub = db.session.scalar(db.select(PushSubscription))
    assert (sub.meeting_id, sub.group) == (meeting.id, "officer")
    columns = set(PushSubscription.__table__.columns.keys())
    assert columns == {"id", "meeting_id", "group", "language", "endpoint", "p256dh", "auth", "created_at"}

    elsewhere = phone.subscription() | {"endpoint": "https://evil.example/push/1"}
    bad = client.post(url, json={"subscription": elsewhere}, headers={"Authorization": f"Bearer {token}"})
    assert bad.status_code == 400 and bad.json["error"]["code"] == "invalid_subscription"

    response = client.delete(url, json={"endpoint": phone.endpoint})
    assert response.status_code == 200 and response.json == {"subscribed": False}
    assert db.session.scalar(db.select(db.func.count()).select_from(PushSubscription)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(PushDelivery)) == 0


def test_without_a_contact_nothing_is_offered_or_sent(app, client, make, runner):
    meeting = make.meeting(kinds=("scale",))
    followups.schedule(meeting, 14, [("scale", {"nl": "Hoe gaat het?"})])
    assert not app.config["VAPID_SUB"]
    _, token = make.participant(meeting)
    refused = client.post(f"/api/meetings/{meeting.token}/push", json={},
                          headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 404 and refused.json["error"]["code"] == "no_push"
    page = client.get(f"/j/{meeting.token}").get_data(as_text=True)
    assert '"push"' not in page
    result = runner.invoke(args=["send-due"])
    assert result.exit_code != 0 and "ALLO_VAPID_SUB" in result.output


def test_vapid_keys_are_made_once_in_the_instance_folder(app, ctx, runner, tmp_path):
    first = runner.invoke(args=["vapid-keys"])
    assert first.exit_code == 0, first.output
    path = push.key_path()
    assert path.parent == type(path)(app.instance_path) and oct(path.stat().st_mode & 0o777) == "0o600"
    again = runner.invoke(args=["vapid-keys"])
    key = first.output.split("Public key: ")[1].split()[0]
    assert key in again.output and len(unb64(key)) == 65
    # Two processes making the key at once end up with one key.
    other = tmp_path / "k.pem"
    keys = []
    threads = [threading.Thread(target=lambda: keys.append(push.public_key(push.ensure_keys(other))))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(keys)) == 1 and list(tmp_path.iterdir()) == [other]


def test_the_send_due_command_sends_what_is_due(app, make, service, runner):
    meeting = closed_meeting(make, days_ago=15)
    phone = Browser(service, "cli")
    push.subscribe(meeting, "youngster", "nl", phone.subscription())
    followups.schedule(meeting, 14, [("scale", {"nl": "Hoe gaat het?"})])
    result = runner.invoke(args=["send-due"])
    assert result.exit_code == 0 and "sent=1" in result.output
    assert phone.open(service.requests[0])["message"]["url"].startswith("/j/")


def test_a_follow_up_is_answered_like_a_meeting_and_counts_as_a_follow_up_round(app, client, make):
    meeting = closed_meeting(make, days_ago=15)
    scale, text = meeting.prompts
    followup = followups.schedule(meeting, 14, [("scale", {"nl": "Hoe gaat het nu?"})],
                                  futures_prompt_id=text.id)
    [later] = followup.prompts
    assert [p.id for p in meeting.round_prompts] == [scale.id, text.id]

    # The meeting's page never shows the follow-up's prompt; the follow-up shows only its own.
    shown = client.get(f"/api/meetings/{meeting.token}").json
    assert [p["id"] for p in shown["prompts"]] == [scale.id, text.id]
    shown = client.get(f"/api/meetings/{followup.token}").json
    assert shown["status"] == "open" and [p["id"] for p in shown["prompts"]] == [later.id]
    page = client.get(f"/j/{followup.token}?g=officer").get_data(as_text=True)
    assert '"group": "officer"' in page and '"followup": true' in page

    joined = client.post(f"/api/meetings/{followup.token}/participants", json={"group": "officer"})
    assert joined.status_code == 201
    token = joined.json["device_token"]
    auth = {"Authorization": f"Bearer {token}"}
    sent = client.post(f"/api/meetings/{followup.token}/answers", headers=auth,
                       json={"answers": [answer_item(later, 4), answer_item(scale, 2)]})
    assert [r["status"] for r in sent.json["results"]] == ["stored", "rejected"]
    again = client.post(f"/api/meetings/{followup.token}/answers", headers=auth,
                        json={"answers": [answer_item(later, 4) | {"uuid": sent.json["results"][0]["uuid"]}]})
    assert again.json["results"][0]["status"] == "duplicate"
    # A follow-up phone is not a meeting phone, and the other way round.
    assert client.get(f"/api/meetings/{meeting.token}/answers", headers=auth).status_code == 401

    assert disclosure.answers_per_prompt(meeting)[later.id]["officer"] is None  # one officer: not said
    assert disclosure.joined(meeting)["officer"] == 0  # joined the follow-up, not the meeting
    assert db.session.scalar(db.select(Participant.followup_id)) == followup.id


def test_the_follow_up_page_shows_the_approved_futures(app, client, make):
    meeting = make.meeting(kinds=("text",))
    [text] = meeting.prompts
    from app.live import moderation
    from app.models import Answer
    from app.phone import store

    for words in ["We groeten elkaar", "Samen voetballen", "Niet goedgekeurd"]:
        who, _ = make.participant(meeting, "youngster")
        store.store_batch(meeting, who, [answer_item(text, words)])
    for answer in db.session.scalars(db.select(Answer).order_by(Answer.id)).all()[:2]:
        moderation.decide(meeting, answer.id, answer.uuid, "approved")
    followup = followups.schedule(meeting, 0, [("text", {"nl": "En nu?"})], futures_prompt_id=text.id)
    assert followups.futures(followup) == ["Samen voetballen", "We groeten elkaar"]  # not in the order given
    page = client.get(f"/j/{followup.token}").get_data(as_text=True)
    assert "Samen voetballen" in page and "Niet goedgekeurd" not in page


def test_the_facilitator_schedules_and_deletes_a_follow_up(app, client, auth, make):
    user = auth.login()
    meeting = make.meeting(owner=user, kinds=("scale", "text"))
    text = meeting.prompts[1]
    page = client.get(f"/f/meetings/{meeting.id}").get_data(as_text=True)
    assert 'id="followups"' in page
    response = client.post_form(f"/f/meetings/{meeting.id}/followups", {
        "days": "14", "question_1": "Wat werd er van onze afspraken?", "kind_1": "text",
        "question_2": "Hoe is het contact nu?", "kind_2": "scale", "futures": str(text.id)})
    assert response.status_code == 302, response.get_data(as_text=True)
    followup = db.session.scalar(db.select(FollowUp))
    assert followup.futures_prompt_id == text.id and [p.kind for p in followup.prompts] == ["text", "scale"]
    report = client.get(f"/f/meetings/{meeting.id}/report").get_data(as_text=True)
    assert "Wat werd er van onze afspraken?" in report
    assert client.post_form(f"/f/meetings/{meeting.id}/followups", {"days": "0"}).status_code == 400
    client.post_form(f"/f/meetings/{meeting.id}/followups/{followup.id}/delete")
    kept = [p.id for p in meeting.prompts[:2]]
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(FollowUp)) == 0
    assert [p.id for p in db.session.get(type(meeting), meeting.id).prompts] == kept
