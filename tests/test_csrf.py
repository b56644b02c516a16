"""Cross-site request forgery, on every state-changing route of the URL map.

Forms (everything outside /api): a missing CSRF token, or a token with a foreign
Origin or Referer, is a 400 with the app's own message page (no stack trace) and
changes nothing, on HTTP and HTTPS alike. Our own pages send no Referer
(Referrer-Policy: no-referrer) and may send "Origin: null", so those pass; Flask-WTF's
HTTPS-only "Referer required" check is off for that reason (it refused every form in
production). The participant API has no cookie and no CSRF token: it refuses a
foreign Origin (403) and anything but JSON (415), as JSON."""

import pytest

from app.models import Organisation
from tests.routes import (
    PASSWORD,
    ROUTES,
    World,
    assert_all_classified,
    fast_user,
    request_args,
    rules,
    snapshot,
)

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def form_routes(app) -> list[tuple[str, str]]:
    assert_all_classified(app)  # a clear message naming any route nobody classified
    found = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            continue
        found += [(rule.endpoint, method) for method in sorted(rule.methods & UNSAFE)]
    return sorted(found)


@pytest.fixture
def world(app, ctx):
    return World(fast_user(Organisation.query.first() or _org()), title="CSRF meeting")


def _org():
    from app.extensions import db

    org = Organisation(name="Org CSRF", kind="city")
    db.session.add(org)
    db.session.commit()
    return org


def logged_in(app, world, base_url="http://localhost"):
    client = app.test_client()
    response = client.post_form("/login", {"email": world.owner.email, "password": PASSWORD},
                                base_url=base_url)
    assert response.status_code == 302
    client._csrf = None
    return client


def form_request(client, app, world, endpoint, method, token=True, **kwargs):
    [rule] = rules(app, endpoint)
    args = request_args(ROUTES[endpoint], world) | {"method": method}
    data = dict(args.get("data") or {})
    if token:
        data["csrf_token"] = client.csrf_token()
    args["data"] = data
    return client.open(world.path(rule), **args | kwargs)


def assert_refused(response):
    body = response.get_data(as_text=True)
    assert response.status_code == 400, response.status_code
    assert response.mimetype == "text/html"
    assert "The form was not accepted" in body
    assert "Traceback" not in body and "CSRF" not in body


def test_the_sweep_sees_the_forms(app):
    endpoints = {e for e, _m in form_routes(app)}
    assert {"auth.login", "auth.logout", "meetings.create", "meetings.status"} <= endpoints
    assert not any(e.startswith("api.") for e in endpoints)


def test_every_form_route_is_classified(app):
    missing = [e for e, _m in form_routes(app) if e not in ROUTES]
    assert not missing, f"form routes nobody classified in tests/routes.py: {missing}"


def test_every_form_refuses_a_missing_token_and_changes_nothing(app, world):
    client = logged_in(app, world)
    for endpoint, method in form_routes(app):
        before = snapshot()
        response = form_request(client, app, world, endpoint, method, token=False)
        assert_refused(response)
        assert snapshot() == before, endpoint
    # Still logged in: the refused logout did not log out.
    assert client.get("/f/").status_code == 200


def test_every_form_refuses_a_wrong_token(app, world):
    client = logged_in(app, world)
    for endpoint, method in form_routes(app):
        before = snapshot()
        response = form_request(client, app, world, endpoint, method, token=False,
                                data={**(request_args(ROUTES[endpoint], world).get("data") or {}),
                                      "csrf_token": "IjAxMjM0NTY3ODki.forged.token"})
        assert_refused(response)
        assert snapshot() == before, endpoint


@pytest.mark.parametrize("header", [
    {"Origin": "https://evil.example"},
    {"Origin": "http://localhost.evil.example"},
    {"Referer": "https://evil.example/page"},
    {"Origin": "http://localhost", "Referer": "http://evil.example/"},
])
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_every_form_refuses_a_foreign_origin_even_with_a_good_token(app, world, header, scheme):
    client = logged_in(app, world, base_url=f"{scheme}://localhost")
    for endpoint, method in form_routes(app):
        before = snapshot()
        response = form_request(client, app, world, endpoint, method, headers=header,
                                base_url=f"{scheme}://localhost")
        assert_refused(response)
        assert snapshot() == before, endpoint


@pytest.mark.parametrize("header", [{}, {"Origin": "null"}, {"Origin": "http://localhost"},
                                    {"Referer": "http://localhost/f/"}])
def test_our_own_forms_pass(app, world, header):
    client = logged_in(app, world)
    response = form_request(client, app, world, "meetings.status", "POST", headers=header)
    assert response.status_code == 302 and "/login" not in response.location


def test_forms_work_over_https_without_a_referer(app, world):
    """Referrer-Policy: no-referrer: a browser sends no Referer to our own forms.
    Flask-WTF's strict HTTPS check refused them all (a login was impossible)."""
    client = logged_in(app, world, base_url="https://localhost")  # asserts the login's 302
    response = form_request(client, app, world, "meetings.status", "POST", base_url="https://localhost",
                            headers={"Origin": "https://localhost"})
    assert response.status_code == 302 and "/login" not in response.location


API_WRITES = sorted((e, r.method) for e, r in ROUTES.items() if r.kind == "api" and r.method != "GET")


def test_the_api_sweep_sees_every_api_write(app):
    assert_all_classified(app)
    found = sorted((rule.endpoint, m) for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")
                   for m in rule.methods & UNSAFE)
    assert found == API_WRITES


@pytest.mark.parametrize(("endpoint", "method"), API_WRITES)
def test_the_api_refuses_a_foreign_origin_with_403_json(app, world, endpoint, method):
    client = app.test_client()
    [rule] = rules(app, endpoint)
    before = snapshot()
    args = request_args(ROUTES[endpoint], world)
    response = client.open(world.path(rule), **args | {
        "headers": {**args.get("headers", {}), "Origin": "https://evil.example"}})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "foreign_origin"
    assert snapshot() == before


@pytest.mark.parametrize(("endpoint", "method"), API_WRITES)
@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x"])
def test_the_api_refuses_anything_but_json_with_415_json(app, world, endpoint, method, content_type):
    """A cross-site HTML form can send only these; none gets in."""
    client = app.test_client()
    [rule] = rules(app, endpoint)
    before = snapshot()
    args = request_args(ROUTES[endpoint], world)
    args.pop("json", None)
    response = client.open(world.path(rule), **args, data='{"group": "officer", "waiting": 0}',
                           content_type=content_type)
    assert response.status_code == 415
    assert response.json["error"]["code"] == "unsupported_media_type"
    assert snapshot() == before
