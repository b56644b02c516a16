"""A header audit of every route, as the actor each route is for, with real ids.

tests/test_security_headers.py checks the CSP of every route as anyone and as a
facilitator. This sweep goes further: each classified route (tests/routes.py) is
requested the way it is meant to be used (the presenter link with its own token, the
API with a device token, every form with its data), so the audit sees the real
200/201/204/302 responses, not only 404s. On every response: the CSP rules,
nosniff, Referrer-Policy, Permissions-Policy, X-Frame-Options, the cookies; HSTS
only in production (ALLO_SECURE_COOKIES=1), where the session cookie is also
Secure and named __Host-."""

import os
import subprocess
import sys

import pytest

from app import create_app
from app.extensions import db
from app.models import Organisation
from app.ops.security import DOCUMENT_TYPES, HSTS
from config import TestingConfig
from tests.headers import csp_problems, inline_code
from tests.routes import (
    PASSWORD,
    PUSH_ON,
    ROUTES,
    World,
    assert_all_classified,
    fast_user,
    request_args,
    rules,
)

PRODUCTION = {"SESSION_COOKIE_SECURE": True, "SESSION_COOKIE_NAME": "__Host-allo_session"}


def header_problems(response, production: bool, static_file: bool = False) -> list[str]:
    """What is missing or weak; a static file that cannot be a document (a script, a
    stylesheet, a PNG: app/ops/security.py) needs only nosniff and the referrer policy."""
    if static_file and response.mimetype not in DOCUMENT_TYPES:
        problems = [f"{name} is not {value}" for name, value in
                    (("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"))
                    if response.headers.get(name) != value]
    else:
        problems = csp_problems(response)
        if not response.headers.get("Permissions-Policy"):
            problems.append("no Permissions-Policy")
        if response.headers.get("X-Frame-Options") != "DENY":
            problems.append("X-Frame-Options is not DENY")
    hsts = response.headers.get("Strict-Transport-Security")
    if production:
        directives = [d.strip() for d in (hsts or "").split(";")]
        max_age = next((int(d.split("=")[1]) for d in directives if d.startswith("max-age=")), 0)
        if max_age < 365 * 24 * 3600 or "includeSubDomains" not in directives:
            problems.append(f"HSTS is {hsts!r}")
    elif hsts:
        problems.append("HSTS on plain-HTTP development")
    for cookie in response.headers.getlist("Set-Cookie"):
        name, attributes = cookie.split("=")[0], {a.strip().lower() for a in cookie.split(";")[1:]}
        if "httponly" not in attributes or "samesite=lax" not in attributes:
            problems.append(f"cookie {name} without HttpOnly or SameSite=Lax")
        if production and ("secure" not in attributes or not name.startswith("__Host-")
                           or "path=/" not in attributes or any(a.startswith("domain=") for a in attributes)):
            problems.append(f"cookie {name} not Secure, __Host-, Path=/ without Domain")
    return problems


@pytest.fixture
def production_app(app):
    """A second app as production runs it (ALLO_SECURE_COOKIES=1), on the same database."""
    from tests.client import Client

    second = create_app(TestingConfig, **PRODUCTION)
    second.test_client_class = Client
    yield second
    with second.app_context():
        db.session.remove()
        db.engine.dispose()


def audit_every_route(flask_app, production: bool) -> dict:
    """Every classified route, requested as its actor; -> {request: problems}."""
    assert_all_classified(flask_app)  # a clear message naming any route nobody classified
    base_url = "https://localhost" if production else "http://localhost"
    failures, statuses = {}, {}
    saved = {key: flask_app.config[key] for key in PUSH_ON}
    flask_app.config.update(PUSH_ON)
    try:
        return _audit(flask_app, production, base_url, failures, statuses)
    finally:
        flask_app.config.update(saved)


def _audit(flask_app, production: bool, base_url: str, failures: dict, statuses: dict) -> dict:
    with flask_app.app_context():
        org = Organisation(name=f"Org audit {production}", kind="city")
        db.session.add(org)
        db.session.commit()
        owner = fast_user(org)
        facilitator = flask_app.test_client()

        def log_in():
            facilitator._csrf = None  # the token of a session that ended is void
            login = facilitator.post_form("/login", {"email": owner.email, "password": PASSWORD},
                                          base_url=base_url)
            assert login.status_code == 302
            facilitator._csrf = None
            return login

        failures["POST /login"] = header_problems(log_in(), production)
        # The network pages' actor (/n/...): a network admin of the same organisation.
        admin = flask_app.test_client()
        network_admin = fast_user(org, "network_admin")
        login = admin.post_form("/login", {"email": network_admin.email, "password": PASSWORD},
                                base_url=base_url)
        assert login.status_code == 302
        admin._csrf = None
        anyone = flask_app.test_client()
        for endpoint in sorted(ROUTES):
            route = ROUTES[endpoint]
            world = World(owner, title=f"Audit {endpoint}")  # fresh: forms may delete things
            client = {"facilitator": facilitator, "network": admin}.get(route.kind, anyone)
            for rule in rules(flask_app, endpoint):
                args, path = request_args(route, world), world.path(rule)  # before: a form may delete it
                if args["method"] != "GET" and "json" not in args:
                    args["data"] = {"csrf_token": client.csrf_token(), **args.get("data", {})}
                with client.open(path, base_url=base_url, **args) as response:
                    key = f"{args['method']} {path} -> {response.status_code}"
                    statuses[endpoint] = response.status_code
                    problems = header_problems(response, production, static_file=endpoint == "static")
                    if response.mimetype == "text/html":
                        problems += inline_code(response.get_data(as_text=True))
                    failures[key] = problems
                if route.logs_out:  # a kiosk: the facilitator is logged out on that device
                    log_in()
    bad = {k: v for k, v in failures.items() if v}
    # The sweep saw real answers, not errors: every route did its job.
    errors = {e: s for e, s in statuses.items() if s >= 400}
    assert not errors, errors
    return bad


def test_every_route_as_its_actor_in_development(app):
    assert audit_every_route(app, production=False) == {}


def test_every_route_as_its_actor_in_production(production_app):
    assert audit_every_route(production_app, production=True) == {}


def test_the_production_session_cookie(production_app):
    with production_app.app_context():
        email = fast_user(Organisation(name="Org cookie", kind="city")).email
    client = production_app.test_client()
    response = client.post_form("/login", {"email": email, "password": PASSWORD}, base_url="https://localhost")
    [cookie] = response.headers.getlist("Set-Cookie")
    assert cookie.startswith("__Host-allo_session=")
    attributes = {a.strip().lower() for a in cookie.split(";")[1:]}
    assert {"secure", "httponly", "samesite=lax", "path=/"} <= attributes
    assert "domain=" not in cookie.lower()
    assert response.headers["Strict-Transport-Security"] == HSTS


def test_errors_carry_hsts_in_production_too(production_app):
    client = production_app.test_client()
    for response in (client.get("/no-such-page", base_url="https://localhost"),
                     client.get("/api/meetings/x", base_url="https://localhost"),
                     client.post("/login", base_url="https://localhost")):
        assert response.status_code in (400, 404)
        assert header_problems(response, production=True) == []


def test_allo_secure_cookies_turns_production_on():
    """The environment variable the deployment sets gives the Secure, __Host- cookie."""
    script = ("from config import Config; "
              "print(Config.SESSION_COOKIE_SECURE, Config.SESSION_COOKIE_NAME)")
    env = {**os.environ, "ALLO_SECURE_COOKIES": "1"}
    found = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                           cwd=os.path.dirname(os.path.dirname(__file__)), check=True).stdout.split()
    assert found == ["True", "__Host-allo_session"]


def test_the_audit_catches_missing_headers():
    from flask import Response

    bare = Response(headers={"Set-Cookie": "s=1; Path=/"})
    problems = header_problems(bare, production=True)
    assert "no Permissions-Policy" in problems and any("HSTS" in p for p in problems)
    assert any("not Secure" in p for p in problems) and any("HttpOnly" in p for p in problems)
    assert "HSTS on plain-HTTP development" in header_problems(
        Response(headers={"Strict-Transport-Security": HSTS}), production=False)
