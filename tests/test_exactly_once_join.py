"""Issue 18: the phone makes its own device token, so it can join offline through its
outbox. The same token again is the same join; a malformed one is refused, translated."""

import hashlib
import secrets
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Participant
from tests.client import assert_error, post


def url(meeting) -> str:
    return f"/api/meetings/{meeting.token}/participants"


def phone_token() -> str:
    return secrets.token_urlsafe(16)  # 22 characters, as the phone makes it


def count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Participant))


def test_a_phone_made_token_joins_and_is_kept_only_as_a_hash(client, make):
    meeting = make.meeting(kinds=("scale",))
    token = phone_token()
    body = {"group": "officer", "language": "en", "device_token": token}
    response = post(client, url(meeting), body, token)
    assert response.status_code == 201
    assert response.json == {"device_token": token, "group": "officer", "language": "en"}
    [participant] = db.session.scalars(select(Participant))
    assert participant.token_hash == hashlib.sha256(token.encode()).hexdigest()
    item = {"uuid": "6f1c3e9e-2f5b-4a43-9d55-0d7f3a1b2c3d", "prompt_id": meeting.prompts[0].id,
            "value": 5, "recorded_at": datetime.now(UTC).isoformat()}
    answers = post(client, f"/api/meetings/{meeting.token}/answers", {"answers": [item]}, token)
    assert answers.json["results"][0]["status"] == "stored"


def test_the_same_token_again_is_the_same_join(client, make):
    meeting = make.meeting(kinds=())
    token = phone_token()
    body = {"group": "youngster", "language": "nl", "device_token": token}
    assert post(client, url(meeting), body).status_code == 201
    for _ in range(3):  # an outbox that did not hear the reply sends it again
        again = post(client, url(meeting), body, token)
        assert again.status_code == 200
        assert again.json == {"group": "youngster", "language": "nl"}
    assert post(client, url(meeting), body).status_code == 200  # without the header too
    assert count() == 1


def test_a_join_with_a_phone_token_still_keeps_the_group_rules(client, make):
    meeting = make.meeting(kinds=("scale",))
    token = phone_token()
    post(client, url(meeting), {"group": "youngster", "device_token": token})
    assert post(client, url(meeting), {"group": "other", "device_token": token}).status_code == 200
    item = {"uuid": "7f1c3e9e-2f5b-4a43-9d55-0d7f3a1b2c3d", "prompt_id": meeting.prompts[0].id,
            "value": 5, "recorded_at": datetime.now(UTC).isoformat()}
    post(client, f"/api/meetings/{meeting.token}/answers", {"answers": [item]}, token)
    assert_error(post(client, url(meeting), {"group": "officer", "device_token": token}), 409, "group_locked")
    assert count() == 1


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_a_phone_token_cannot_join_a_meeting_that_is_not_open(client, make, status):
    meeting = make.meeting(kinds=(), status=status)
    response = post(client, url(meeting), {"group": "youngster", "device_token": phone_token()})
    assert_error(response, 409, f"meeting_{status}")
    assert count() == 0


@pytest.mark.parametrize("bad", ["short", "x" * 87, "has space in it 0123456789", "ünïcödé" * 4,
                                 "a+b/c=" * 5, 12345678901234567890123, "", None, ["x" * 22], True])
def test_a_malformed_phone_token_is_refused(client, make, bad):
    meeting = make.meeting(kinds=())
    response = post(client, url(meeting), {"group": "youngster", "device_token": bad})
    assert_error(response, 400, "invalid_device_token")
    assert count() == 0


def test_the_refusal_is_translated(client, make):
    meeting = make.meeting(kinds=())
    messages = {
        language: post(client, url(meeting), {"group": "youngster", "device_token": "?"},
                       **{"Accept-Language": language}).json["error"]["message"]
        for language in ("en", "nl", "fr")
    }
    assert len(set(messages.values())) == 3, messages


def test_a_token_of_another_meetings_phone_is_refused(client, make):
    elsewhere = make.meeting(kinds=())
    _, taken = make.participant(elsewhere)
    meeting = make.meeting(kinds=())
    assert_error(post(client, url(meeting), {"group": "youngster", "device_token": taken}), 400,
                 "invalid_device_token")
    assert count() == 1
