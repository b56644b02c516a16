"""Every response carries the security headers, and the session cookie is locked
down. Routes are read from the app's URL map, so a new page is covered at once."""

import pytest
from werkzeug.routing import IntegerConverter

from app import meetings
from config import Config
from tests.headers import csp_problems, inline_code


def url_for_rule(rule, meeting) -> str:
    """The rule's path with real values: the meeting's token, and its ids."""
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            values[name] = meeting.prompts[0].id if "prompt" in name else meeting.id
        else:
            values[name] = meeting.token if "token" in name else "x"
    return rule.build(values, append_unknown=False)[1]


def visit_every_route(app, client, meeting) -> dict:
    """GET (or else POST) every route; -> {"METHOD path -> status": [problems]} with problems."""
    failures = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"OPTIONS"})[0]
        path = url_for_rule(rule, meeting)
        with client.open(path, method=method) as response:
            problems = csp_problems(response)
            if response.mimetype == "text/html":
                problems += inline_code(response.get_data(as_text=True))
        if problems:
            failures[f"{method} {path} -> {response.status_code}"] = problems
    return failures


def test_every_route_sends_the_headers_to_anyone(app, client, make):
    meeting = make.meeting(kinds=("scale", "text"))
    assert visit_every_route(app, client, meeting) == {}


def test_every_route_sends_the_headers_to_a_facilitator(app, client, make, auth):
    user = auth.login()
    meeting = make.meeting(owner=user, kinds=("scale", "text"))
    assert visit_every_route(app, client, meeting) == {}


def test_the_participant_api_sends_the_headers(client, make):
    meeting = make.meeting(kinds=("scale",))
    _, token = make.participant(meeting)
    bearer = {"Authorization": f"Bearer {token}"}
    url = f"/api/meetings/{meeting.token}"
    responses = [
        client.get(url),
        client.post(url + "/participants", json={"group": "officer"}),
        client.post(url + "/answers", json={"answers": []}, headers=bearer),
        client.get(url + "/answers", headers=bearer),
        client.get("/api/openapi.json"),
    ]
    assert [r.status_code for r in responses] == [200, 201, 400, 200, 200]
    assert [csp_problems(r) for r in responses] == [[]] * len(responses)


@pytest.mark.parametrize(("method", "path", "status"), [
    ("get", "/no-such-page", 404),
    ("get", "/api/no-such-route", 404),
    ("delete", "/api/meetings/x", 405),
    ("post", "/login", 400),  # no CSRF token
])
def test_error_responses_send_the_headers(client, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert csp_problems(response) == []


def test_a_too_large_body_and_a_crash_send_the_headers(app, client, make, monkeypatch):
    meeting = make.meeting(kinds=())
    too_large = client.post(f"/api/meetings/{meeting.token}/participants", content_type="application/json",
                            data="x" * (app.config["MAX_CONTENT_LENGTH"] + 1))
    assert too_large.status_code == 413
    assert csp_problems(too_large) == []

    def crash(token):
        raise RuntimeError("boom")

    monkeypatch.setattr(meetings, "by_token", crash)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    crashed = client.get(f"/api/meetings/{meeting.token}")
    assert crashed.status_code == 500
    assert crashed.json["error"]["code"] == "internal_server_error"
    assert csp_problems(crashed) == []


@pytest.mark.parametrize("path", ["/static/icons/icon.svg", "/manifest.json", "/service_worker.js"])
def test_files_that_can_be_documents_send_the_policy(client, path):
    """An SVG opened on its own is a document (it could run script); the worker's script
    is governed by its own response's policy."""
    with client.get(path) as response:
        assert response.status_code == 200
        assert csp_problems(response) == []
        assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/static/css/app.css", "/static/js/store.js", "/static/icons/icon-192.png"])
def test_scripts_styles_and_pictures_send_what_applies_to_them(client, path):
    """A browser applies a policy, framing and permissions to documents only: a script,
    a stylesheet or a PNG carries nosniff and the referrer policy, not the rest."""
    with client.get(path) as response:
        assert response.status_code == 200
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "Content-Security-Policy" not in response.headers


def test_the_check_itself_catches_a_weak_policy():
    """csp_problems is not a test that cannot fail."""
    from flask import Response

    weak = Response(headers={"Content-Security-Policy": "default-src 'self' 'unsafe-inline'"})
    assert len(csp_problems(weak)) == 6
    assert inline_code('<script>alert(1)</script><p style="x" onclick="y">') == [
        "<script>", ' style="', ' onclick="']
    assert inline_code('<script type="application/json" id="d">{}</script><script src="/a.js">') == []


def session_cookies(response) -> list[str]:
    name = Config.SESSION_COOKIE_NAME  # "allo_session", "__Host-allo_session" in production
    return [c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{name}=")]


def assert_locked_down(cookie: str) -> None:
    attributes = {a.strip().lower() for a in cookie.split(";")[1:]}
    assert "httponly" in attributes
    assert "samesite=lax" in attributes


def test_the_session_cookie_is_http_only_and_same_site_lax(client):
    for response in (client.get("/login"), client.get("/?lang=en")):
        [cookie] = session_cookies(response)
        assert_locked_down(cookie)


def test_the_logged_in_session_cookie_is_http_only_and_same_site_lax(client, make):
    user = make.user()
    logged_in = client.post_form("/login", {"email": user.email, "password": make.PASSWORD})
    assert logged_in.status_code == 302
    [cookie] = session_cookies(logged_in)
    assert_locked_down(cookie)


def test_the_participant_api_sets_no_cookie(client, make):
    """Anonymous by design: joining and answering leave nothing in a cookie jar."""
    meeting = make.meeting(kinds=())
    response = client.post(f"/api/meetings/{meeting.token}/participants", json={"group": "officer"})
    assert response.status_code == 201
    assert response.headers.getlist("Set-Cookie") == []
