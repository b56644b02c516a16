"""The API's contract: app/phone/api/openapi.json is a valid OpenAPI 3.1 document, it
documents every /api route, and the real responses of each route match it."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from app import meetings
from tests.openapi import METHODS, REGISTRY, SPEC, URI, check, documented_statuses


def send(client, path, body=None, token=None, **headers):
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(path, data=data, content_type=headers.pop("content_type", "application/json"),
                       headers=headers)


def test_the_document_is_valid_openapi_3_1():
    assert SPEC["openapi"].startswith("3.1.")
    validate(SPEC)


def test_the_document_is_served(client):
    response = client.get("/api/openapi.json")
    assert check(response, "/api/openapi.json", "get") == 200
    assert response.json == SPEC


def test_every_api_route_is_documented_and_nothing_else(app):
    routed = {
        (rule.rule.replace("<", "{").replace(">", "}"), method.lower())
        for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    documented = {(path, method) for path, item in SPEC["paths"].items()
                  for method in item if method in METHODS}
    assert routed == documented


def test_documented_limits_are_the_configured_ones(app):
    batch = SPEC["components"]["schemas"]["AnswerBatch"]["properties"]["answers"]
    assert batch["maxItems"] == app.config["MAX_BATCH"]
    rejected = SPEC["components"]["schemas"]["Rejected"]["properties"]["error"]["enum"]
    assert "meeting_closed" in rejected and "uuid_conflict" in rejected
    assert f"{app.config['MAX_CONTENT_LENGTH'] // 1024} KiB" in json.dumps(SPEC)
    assert f"{app.config['SYNC_GRACE_HOURS']} hours" in json.dumps(SPEC)


def test_show_meeting_matches(client, make):
    meeting = make.meeting()  # one prompt of every kind
    meetings.add_prompt(meeting, "scale", {"nl": "Agenten"}, audience="officer")
    meetings.set_current_prompt(meeting, meeting.prompts[0].id)
    path = "/api/meetings/{token}"
    seen = {check(client.get(f"/api/meetings/{meeting.token}"), path, "get"),
            check(client.get("/api/meetings/nope"), path, "get")}
    assert seen == documented_statuses(path, "get")


def test_join_matches(client, make):
    meeting = make.meeting(kinds=())
    draft = make.meeting(kinds=(), status="draft")
    path, url = "/api/meetings/{token}/participants", f"/api/meetings/{meeting.token}/participants"
    joined = send(client, url, {"group": "youngster"})
    token = joined.json["device_token"]
    seen = {
        check(joined, path, "post"),
        check(send(client, url, {"group": "officer", "language": "en"}, token), path, "post"),
        check(send(client, url, {"group": "police"}), path, "post"),
        check(send(client, url, {"group": "officer"}, Origin="https://evil.example"), path, "post"),
        check(send(client, "/api/meetings/nope/participants", {"group": "officer"}), path, "post"),
        check(send(client, f"/api/meetings/{draft.token}/participants", {"group": "officer"}), path, "post"),
        check(send(client, url, {"group": "x" * 300_000}), path, "post"),
        check(send(client, url, "group=officer", content_type="text/plain"), path, "post"),
    }
    assert seen == documented_statuses(path, "post")


def answer(prompt, value, minutes_ago=0, key=None) -> dict:
    recorded = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    return {"uuid": key or str(uuid.uuid4()), "prompt_id": prompt.id, "value": value,
            "recorded_at": recorded.isoformat()}


def test_send_answers_matches(app, client, make):
    meeting = make.meeting()
    _, token = make.participant(meeting)
    prompts = {p.kind: p for p in meeting.prompts}
    path, url = "/api/meetings/{token}/answers", f"/api/meetings/{meeting.token}/answers"
    old, new = answer(prompts["scale"], 3, minutes_ago=2), answer(prompts["scale"], 8, minutes_ago=1)
    batch = [new, old, new, answer(prompts["cards"], ["happy"]), answer(prompts["text"], ""),
             "not an object", {"uuid": "nope"}]
    stored = send(client, url, {"answers": batch}, token)
    assert [r["status"] for r in stored.json["results"]] == [
        "stored", "superseded", "duplicate", "stored", "rejected", "rejected", "rejected"]
    seen = {
        check(stored, path, "post"),
        check(send(client, url, {"answers": []}, token), path, "post"),
        check(send(client, url, {"answers": [new]}), path, "post"),
        check(send(client, url, {"answers": [new]}, token, Origin="https://evil.example"), path, "post"),
        check(send(client, "/api/meetings/nope/answers", {"answers": [new]}, token), path, "post"),
        check(send(client, url, {"answers": [new] * (app.config["MAX_BATCH"] + 1)}, token), path, "post"),
        check(send(client, url, {"answers": [answer(prompts["text"], "x" * 300_000)]}, token), path, "post"),
        check(send(client, url, "{}", token, content_type="text/plain"), path, "post"),
    }
    assert seen == documented_statuses(path, "post")


def test_my_answers_matches(client, make):
    meeting = make.meeting()
    who, token = make.participant(meeting)
    values = (5, 50, ["happy", "safe"], ["fijn"], "Goed", "yes", ["no"],
              {"arrival": 2, "game": 5, "talk": 4, "goodbye": 4},
              {"respect": 7, "listening": 0, "fun": 10, "safety": 8})
    for prompt, value in zip(meeting.prompts, values, strict=True):
        make.answer(meeting, who, prompt, value)
    path, url = "/api/meetings/{token}/answers", f"/api/meetings/{meeting.token}/answers"
    mine = client.get(url, headers={"Authorization": f"Bearer {token}"})
    assert len(mine.json["answers"]) == len(values)
    seen = {
        check(mine, path, "get"),
        check(client.get(url), path, "get"),
        check(client.get("/api/meetings/nope/answers", headers={"Authorization": f"Bearer {token}"}),
              path, "get"),
    }
    assert seen == documented_statuses(path, "get")


@pytest.mark.parametrize(("method", "path"), [("get", "/api/nope"), ("delete", "/api/meetings/x")])
def test_routing_errors_use_the_error_schema(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code in (404, 405)
    validator = Draft202012Validator({"$ref": URI + "#/components/schemas/Error"}, registry=REGISTRY)
    validator.validate(response.json)


def test_the_error_schema_refuses_other_shapes():
    """The check above can fail: a bare message or an extra field is not the shape."""
    validator = Draft202012Validator({"$ref": URI + "#/components/schemas/Error"}, registry=REGISTRY)
    assert not validator.is_valid({"message": "Not found"})
    assert not validator.is_valid({"error": {"code": "not_found"}})
    assert not validator.is_valid({"error": {"code": "not_found", "message": "x", "detail": 1}})
    assert validator.is_valid({"error": {"code": "not_found", "message": "x"}})
