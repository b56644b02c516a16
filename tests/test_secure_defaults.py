"""Secure defaults (config.py, app/ops/security.py): an https PUBLIC_URL is enough for
Secure cookies and HSTS; a production start on plain http at a public address warns."""

import importlib
import logging

import pytest

from app import create_app
from app.ops.security import HSTS


@pytest.fixture
def reload_config(monkeypatch):
    import config

    def reload(**env):
        for name in ("PUBLIC_URL", "ALLO_SECURE_COOKIES"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(config).Config

    yield reload
    monkeypatch.undo()
    importlib.reload(config)


def test_an_https_public_url_alone_makes_cookies_secure_and_turns_hsts_on(reload_config):
    production = reload_config(PUBLIC_URL="https://allo.example.be")
    assert production.SESSION_COOKIE_SECURE is True
    assert production.SESSION_COOKIE_NAME == "__Host-allo_session"
    app = create_app(production)
    response = app.test_client().get("/privacy")
    assert response.headers["Strict-Transport-Security"] == HSTS


def test_a_plain_http_public_url_keeps_development_cookies(reload_config):
    development = reload_config(PUBLIC_URL="http://127.0.0.1:5000")
    assert development.SESSION_COOKIE_SECURE is False


def test_secure_cookies_can_still_be_turned_off_explicitly(reload_config):
    explicit = reload_config(PUBLIC_URL="https://allo.example.be", ALLO_SECURE_COOKIES="0")
    assert explicit.SESSION_COOKIE_SECURE is False


@pytest.mark.parametrize(("url", "warned"), [
    ("http://allo.example.be", True),
    ("http://192.0.2.10:8000", True),
    ("http://127.0.0.1:5000", False),
    ("http://localhost:5000", False),
    ("https://allo.example.be", False),
])
def test_a_production_start_on_plain_http_at_a_public_address_warns(reload_config, caplog, monkeypatch, url,
                                                                   warned):
    production = reload_config(PUBLIC_URL=url)
    # The suite's migrations (alembic's fileConfig) disable loggers that existed then,
    # the app's among them; a server process runs no migrations.
    monkeypatch.setattr(logging.getLogger("app"), "disabled", False)
    with caplog.at_level(logging.WARNING):
        create_app(production)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "INSECURE" in r.getMessage()]
    assert bool(warnings) is warned


def test_production_hashes_passwords_with_scrypt_the_suite_with_one_cheap_round(app, make, monkeypatch):
    from config import Config, TestingConfig

    assert Config.PASSWORD_HASH_METHOD == "scrypt"
    assert TestingConfig.PASSWORD_HASH_METHOD == "pbkdf2:sha256:1"
    user = make.user()
    assert user.password_hash.startswith("pbkdf2:sha256:1$") and user.check_password(make.PASSWORD)
    monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", Config.PASSWORD_HASH_METHOD)
    user.set_password("a new secret")
    assert user.password_hash.startswith("scrypt:") and user.check_password("a new secret")
