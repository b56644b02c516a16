"""The participant API (/api), through the test client: every route, every error."""

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Participant, Receipt
from app.phone import checks


def bearer(token: str | None) -> dict:
    return {"Authorization": f"Bearer {token}"} if token else {}


def post(client, url: str, body, token: str | None = None, **headers):
    return client.post(url, data=json.dumps(body), content_type="application/json",
                       headers={**bearer(token), **headers})


def rows() -> dict:
    """Everything the API can store, to compare before and after a refused request."""
    db.session.expire_all()
    return {
        model.__name__: sorted(
            tuple(str(getattr(row, column.key)) for column in model.__table__.columns)
            for row in db.session.scalars(select(model))
        )
        for model in (Participant, Answer, Receipt)
    }


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    assert response.json == {"error": {"code": code, "message": response.json["error"]["message"]}}
    assert isinstance(response.json["error"]["message"], str) and response.json["error"]["message"]


@pytest.fixture
def room(make):
    """An open meeting with a scale and a text prompt, and a youngster's phone."""
    meeting = make.meeting(kinds=("scale", "text"))
    who, token = make.participant(meeting)
    make.answer(meeting, who, meeting.prompts[0], 4)  # something stored that must stay unchanged
    return meeting, token


def answers_url(meeting) -> str:
    return f"/api/meetings/{meeting.token}/answers"


# ---- GET /api/meetings/<token>

def test_a_meeting_is_read_with_its_prompts(client, make):
    meeting = make.meeting(kinds=("scale", "cards"))
    response = client.get(f"/api/meetings/{meeting.token}")
    assert response.status_code == 200
    body = response.json
    assert (body["token"], body["title"], body["status"], body["language"]) == (
        meeting.token, "Test meeting", "open", "nl")
    assert [(p["kind"], p["audience"], p["text"]["en"]) for p in body["prompts"]] == [
        ("scale", "everyone", "Question scale"), ("cards", "everyone", "Question cards")]
    assert body["prompts"][1]["options"]["max_picks"] == 3


def test_an_unknown_meeting_is_a_json_404(client, make):
    assert_error(client.get("/api/meetings/nope"), 404, "unknown_meeting")


# ---- POST /api/meetings/<token>/participants

def test_joining_returns_a_device_token_kept_only_as_a_hash(client, make):
    meeting = make.meeting(kinds=("scale",), language="fr")
    response = post(client, f"/api/meetings/{meeting.token}/participants", {"group": "officer"})
    assert response.status_code == 201
    token = response.json["device_token"]
    assert response.json == {"device_token": token, "group": "officer", "language": "fr"}
    assert len(token) >= 40
    [participant] = db.session.scalars(select(Participant))
    assert (participant.group, participant.language) == ("officer", "fr")
    assert participant.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in json.dumps(rows())
    # The token works: this phone may now send answers.
    item = {"uuid": "6f1c3e9e-2f5b-4a43-9d55-0d7f3a1b2c3d", "prompt_id": meeting.prompts[0].id,
            "value": 5, "recorded_at": datetime.now(UTC).isoformat()}
    assert post(client, answers_url(meeting), {"answers": [item]}, token).status_code == 200


def test_each_join_gets_its_own_token(client, make):
    meeting = make.meeting(kinds=())
    url = f"/api/meetings/{meeting.token}/participants"
    first = post(client, url, {"group": "youngster", "language": "en"}).json["device_token"]
    second = post(client, url, {"group": "youngster", "language": "en"}).json["device_token"]
    assert first != second
    assert len(rows()["Participant"]) == 2


def test_joining_again_with_the_token_changes_group_and_language(client, make):
    meeting = make.meeting(kinds=())
    url = f"/api/meetings/{meeting.token}/participants"
    token = post(client, url, {"group": "youngster", "language": "nl"}).json["device_token"]
    response = post(client, url, {"group": "other", "language": "en"}, token)
    assert response.status_code == 200
    assert response.json == {"group": "other", "language": "en"}
    [participant] = db.session.scalars(select(Participant).execution_options(populate_existing=True))
    assert (participant.group, participant.language) == ("other", "en")


def test_a_token_of_another_meeting_joins_afresh(client, make):
    elsewhere = make.meeting(kinds=())
    _, token = make.participant(elsewhere)
    meeting = make.meeting(kinds=())
    response = post(client, f"/api/meetings/{meeting.token}/participants", {"group": "officer"}, token)
    assert response.status_code == 201
    assert response.json["device_token"] != token


@pytest.mark.parametrize(("body", "code"), [
    ({}, "invalid_group"),
    ({"group": "police"}, "invalid_group"),
    ({"group": None}, "invalid_group"),
    ({"group": 1}, "invalid_group"),
    ({"group": ["officer"]}, "invalid_group"),
    ({"group": {"officer": 1}}, "invalid_group"),
    ({"group": "officer", "language": "de"}, "invalid_language"),
    ({"group": "officer", "language": None}, "invalid_language"),
    ({"group": "officer", "language": ["nl"]}, "invalid_language"),
])
def test_joining_with_a_bad_group_or_language_is_refused(client, make, room, body, code):
    meeting, _ = room
    before = rows()
    assert_error(post(client, f"/api/meetings/{meeting.token}/participants", body), 400, code)
    assert rows() == before


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_joining_a_meeting_that_is_not_open_is_a_conflict(client, make, status):
    meeting = make.meeting(kinds=("scale",), status=status)
    response = post(client, f"/api/meetings/{meeting.token}/participants", {"group": "youngster"})
    assert_error(response, 409, f"meeting_{status}")
    assert rows()["Participant"] == []


def test_joining_an_unknown_meeting_is_a_404(client, make):
    assert_error(post(client, "/api/meetings/nope/participants", {"group": "youngster"}), 404,
                 "unknown_meeting")
    assert rows()["Participant"] == []


# ---- POST /api/meetings/<token>/answers

def item(prompt, value, minutes_ago: int = 0, **fields) -> dict:
    import uuid

    recorded = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    return {"uuid": str(uuid.uuid4()), "prompt_id": prompt.id, "value": value,
            "recorded_at": recorded.isoformat(), **fields}


def test_answers_are_stored_with_one_result_each(client, make, room):
    meeting, token = room
    scale, text = meeting.prompts
    batch = [item(scale, 8), item(text, "  Goed  "), item(text, "")]
    response = post(client, answers_url(meeting), {"answers": batch}, token)
    assert response.status_code == 200
    results = response.json["results"]
    assert [(r["uuid"], r["status"]) for r in results] == [
        (batch[0]["uuid"], "stored"), (batch[1]["uuid"], "stored"), (batch[2]["uuid"], "rejected")]
    assert results[2]["error"] == "invalid_value" and results[2]["message"]
    values = dict(db.session.execute(select(Answer.prompt_id, Answer.value)).all())
    assert values == {scale.id: 8, text.id: "Goed"}
    # A retried sync is a success that changes nothing.
    before = rows()
    again = post(client, answers_url(meeting), {"answers": batch[:2]}, token)
    assert [r["status"] for r in again.json["results"]] == ["duplicate", "duplicate"]
    assert rows() == before


def test_a_same_origin_request_is_accepted(client, make, room):
    meeting, token = room
    response = post(client, answers_url(meeting), {"answers": [item(meeting.prompts[1], "ja")]}, token,
                    Origin="http://localhost")
    assert response.status_code == 200
    assert response.json["results"][0]["status"] == "stored"


def test_json_with_a_charset_is_json(client, make, room):
    meeting, token = room
    body = json.dumps({"answers": [item(meeting.prompts[1], "ja")]})
    response = client.post(answers_url(meeting), data=body, headers=bearer(token),
                           content_type="application/json; charset=utf-8")
    assert response.status_code == 200


def test_answers_to_a_draft_meeting_are_rejected_one_by_one(client, make):
    meeting = make.meeting(kinds=("scale",), status="draft")
    _, token = make.participant(meeting)
    response = post(client, answers_url(meeting), {"answers": [item(meeting.prompts[0], 5)]}, token)
    assert response.status_code == 200
    assert response.json["results"][0]["error"] == "meeting_not_open"
    assert rows()["Answer"] == []


def other_meetings_token(make):
    _, token = make.participant(make.meeting(kinds=()))
    return token


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer not-a-device"},
    {"Authorization": "Bearer "},
    {"Authorization": "Basic dXNlcjpwYXNz"},
    {"Authorization": "OTHER_MEETING"},
])
def test_answers_without_a_known_device_are_401(client, make, room, headers):
    meeting, _ = room
    if headers.get("Authorization") == "OTHER_MEETING":
        headers = bearer(other_meetings_token(make))
    before = rows()
    response = client.post(answers_url(meeting), json={"answers": [item(meeting.prompts[0], 1)]},
                           headers=headers)
    assert_error(response, 401, "unknown_device")
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert rows() == before


def deeply_nested() -> str:
    return '{"answers": ' + "[" * 100_000 + "]" * 100_000 + "}"


@pytest.mark.parametrize(("content_type", "body", "status", "code"), [
    ("text/plain", '{"answers": []}', 415, "unsupported_media_type"),
    ("application/x-www-form-urlencoded", "answers=1", 415, "unsupported_media_type"),
    (None, '{"answers": []}', 415, "unsupported_media_type"),
    ("application/json", "{not json", 400, "malformed_json"),
    ("application/json", "", 400, "malformed_json"),
    ("application/json", b"\xff\xfe{}", 400, "malformed_json"),
    ("application/json", "DEEP", 400, "malformed_json"),
    ("application/json", "null", 400, "invalid_body"),
    ("application/json", "[]", 400, "invalid_body"),
    ("application/json", '"answers"', 400, "invalid_body"),
    ("application/json", "42", 400, "invalid_body"),
    ("application/json", "{}", 400, "invalid_body"),
    ("application/json", '{"answers": []}', 400, "invalid_body"),
    ("application/json", '{"answers": null}', 400, "invalid_body"),
    ("application/json", '{"answers": {"uuid": "x"}}', 400, "invalid_body"),
    ("application/json", '{"answers": "all"}', 400, "invalid_body"),
])
def test_bad_bodies_are_refused(client, make, room, content_type, body, status, code):
    meeting, token = room
    before = rows()
    data = deeply_nested() if body == "DEEP" else body
    headers = {**bearer(token), **({"Content-Type": content_type} if content_type else {})}
    response = client.post(answers_url(meeting), data=data, headers=headers)
    assert_error(response, status, code)
    assert rows() == before


@pytest.mark.parametrize("origin", ["https://evil.example", "http://localhost.evil.example", "null",
                                    "http://[::1"])
def test_a_foreign_origin_is_refused(client, make, room, origin):
    meeting, token = room
    before = rows()
    response = post(client, answers_url(meeting), {"answers": [item(meeting.prompts[0], 1)]}, token,
                    Origin=origin)
    assert_error(response, 403, "foreign_origin")
    join = post(client, f"/api/meetings/{meeting.token}/participants", {"group": "officer"}, Origin=origin)
    assert_error(join, 403, "foreign_origin")
    assert rows() == before


def test_a_batch_over_the_limit_is_refused_whole(app, client, make, room):
    meeting, token = room
    before = rows()
    limit = app.config["MAX_BATCH"]
    batch = [item(meeting.prompts[1], f"antwoord {n}") for n in range(limit + 1)]
    assert_error(post(client, answers_url(meeting), {"answers": batch}, token), 413, "batch_too_large")
    assert rows() == before
    assert post(client, answers_url(meeting), {"answers": batch[:limit]}, token).status_code == 200


def test_a_body_of_megabytes_is_a_json_413(app, client, make, room):
    meeting, token = room
    before = rows()
    body = {"answers": [item(meeting.prompts[1], "x" * 3_000_000)]}
    assert len(json.dumps(body)) > app.config["MAX_CONTENT_LENGTH"]
    assert_error(post(client, answers_url(meeting), body, token), 413, "request_entity_too_large")
    assert rows() == before


def test_answers_to_an_unknown_meeting_are_a_404(client, make, room):
    _, token = room
    assert_error(post(client, "/api/meetings/nope/answers", {"answers": []}, token), 404, "unknown_meeting")


def test_an_error_inside_is_a_json_500_that_stores_nothing(app, client, make, room, monkeypatch):
    meeting, token = room
    before = rows()

    def broken(*args):
        db.session.add(Receipt(uuid="00000000-0000-4000-8000-000000000000", participant_id=1, prompt_id=1))
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(checks, "clean_value", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = post(client, answers_url(meeting), {"answers": [item(meeting.prompts[0], 1)]}, token)
    assert_error(response, 500, "internal_server_error")
    assert "disk" not in response.get_data(as_text=True)
    db.session.rollback()
    assert rows() == before


# ---- GET /api/meetings/<token>/answers

def test_a_phone_reads_its_own_current_answers_only(client, make, room):
    meeting, token = room
    scale, text = meeting.prompts
    other, other_token = make.participant(meeting, group="officer")
    make.answer(meeting, other, text, "van iemand anders")
    edit = item(scale, 9)
    post(client, answers_url(meeting), {"answers": [edit, item(text, "mijn tekst")]}, token)
    response = client.get(answers_url(meeting), headers=bearer(token))
    assert response.status_code == 200
    mine = sorted(response.json["answers"], key=lambda a: a["prompt_id"])
    assert [(a["prompt_id"], a["value"]) for a in mine] == [(scale.id, 9), (text.id, "mijn tekst")]
    assert mine[0]["uuid"] == edit["uuid"]
    assert datetime.fromisoformat(mine[0]["recorded_at"]).tzinfo is not None
    theirs = client.get(answers_url(meeting), headers=bearer(other_token)).json["answers"]
    assert [a["value"] for a in theirs] == ["van iemand anders"]


def test_reading_answers_needs_a_known_device(client, make, room):
    meeting, _ = room
    assert_error(client.get(answers_url(meeting)), 401, "unknown_device")
    assert_error(client.get(answers_url(meeting), headers=bearer("guess")), 401, "unknown_device")


# ---- Routing errors are JSON too

@pytest.mark.parametrize("path", ["/api/nope", "/api", "/api/", "/api/meetings", "/api/meetings/x/y/z"])
def test_an_unknown_api_route_is_a_json_404(client, path):
    assert_error(client.get(path), 404, "not_found")


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("delete", "/api/meetings/x", {"GET", "HEAD", "OPTIONS"}),
    ("post", "/api/meetings/x", {"GET", "HEAD", "OPTIONS"}),
    ("get", "/api/meetings/x/participants", {"POST", "OPTIONS"}),
    ("put", "/api/meetings/x/answers", {"GET", "HEAD", "POST", "OPTIONS"}),
    ("post", "/api/openapi.json", {"GET", "HEAD", "OPTIONS"}),
])
def test_a_wrong_method_is_a_json_405_naming_the_allowed_ones(client, make, room, method, path, allowed):
    before = rows()
    response = getattr(client, method)(path)
    assert_error(response, 405, "method_not_allowed")
    assert set(response.headers["Allow"].split(", ")) == allowed
    assert rows() == before


def test_routing_errors_have_our_own_translatable_message(client):
    message = client.get("/api/nope", headers={"Accept-Language": "en"}).json["error"]["message"]
    assert message == "We could not find this page."  # not Werkzeug's English-only text


def test_pages_outside_the_api_keep_html_errors(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
