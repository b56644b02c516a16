"""One fixture set for the whole suite.

The database is DATABASE_URL when set (CI runs the suite once on PostgreSQL),
else a fresh SQLite file. Its schema is built by the real migrations; every test
starts from empty tables. Browser tests drive Debian's Chromium through
Playwright against a live server process on the same database."""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_TMP = Path(tempfile.mkdtemp(prefix="allo-test-"))
os.environ["ALLO_INSTANCE"] = str(_TMP / "instance")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_TMP / 'test.db'}")
os.environ.setdefault("SECRET_KEY", "test-secret-key")
sys.path.insert(0, str(ROOT))

from flask import g, has_app_context  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from config import TestingConfig  # noqa: E402
from tests import factories  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
# Let context.route() see requests the service worker makes (microsoft/playwright#2311).
os.environ["PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"] = "1"
PHONE = {"width": 390, "height": 844}


class Client(FlaskClient):
    """A test client that fills in the CSRF token of facilitator forms.

    A test that builds data holds an app context open across its requests, and
    so its `g`, where Flask-WTF keeps the CSRF token, Flask-Babel the locale and
    auth the user. Each request gets a fresh `g`, as on a real server."""

    _csrf = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Tests read the English source strings; a test about Dutch asks for it.
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"

    def open(self, *args, **kwargs):
        if has_app_context():
            for name in list(g):
                g.pop(name)
        return super().open(*args, **kwargs)

    def csrf_token(self) -> str:
        if self._csrf is None:
            page = self.get("/login").get_data(as_text=True)
            self._csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
        return self._csrf

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        return self.post(url, data={"csrf_token": self.csrf_token(), **(data or {})}, **kwargs)


def _reset_schema(app):
    """Drop everything, then build the schema with the real migrations."""
    from flask_migrate import upgrade

    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade(directory=str(ROOT / "migrations"), revision="heads")  # "heads": parallel branches too
        # A migration that paused SQLite's foreign keys (batch mode) may hand its
        # connection back to the pool with them still off: start with fresh connections.
        db.engine.dispose()


@pytest.fixture(scope="session")
def app():
    application = create_app(TestingConfig)
    application.test_client_class = Client
    _reset_schema(application)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _empty_tables(app):
    """Every test starts with empty tables (TRUNCATE on PostgreSQL is fast)."""
    yield
    with app.app_context():
        db.session.remove()
        names = [t.name for t in reversed(db.metadata.sorted_tables)]
        for attempt in range(5):
            try:
                _empty(names)
                return
            except OperationalError:
                # A live server still answering a page's poll can hold a table TRUNCATE
                # needs, in another order: PostgreSQL ends the deadlock; empty again.
                if attempt == 4:
                    raise
                time.sleep(0.2)


def _empty(names: list[str]) -> None:
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            quoted = ", ".join(f'"{n}"' for n in names)
            conn.exec_driver_sql(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        else:
            for name in names:
                conn.exec_driver_sql(f'DELETE FROM "{name}"')


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app) -> Client:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(app, ctx):
    """Factories for organisations, users, meetings, participants and answers."""
    return factories


@pytest.fixture
def auth(client, make):
    """Log the test client in as a facilitator: auth.login(user=None) -> user."""

    class Auth:
        def login(self, user=None, password=factories.PASSWORD):
            user = user or make.user()
            response = client.post_form("/login", {"email": user.email, "password": password})
            assert response.status_code == 302, response.get_data(as_text=True)
            client._csrf = None  # a login starts a new session: the old token is void
            return user

        def logout(self):
            return client.post_form("/logout")

    return Auth()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The real app in its own process, on the test database. It can be stopped
    and started again on the same port (the same origin keeps the browser's
    service worker and IndexedDB)."""

    def __init__(self, env: dict | None = None, port: int | None = None):
        self.port = port or _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "FLASK_APP": "app", "PYTHONUNBUFFERED": "1", **(env or {})}
        self.log = _TMP / f"server-{self.port}.log"
        self.process = None

    def start(self, **env) -> "Server":
        self.env.update(env)
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "flask", "run", "--port", str(self.port), "--no-reload"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )
        for _ in range(150):
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=1)
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(self.log.read_text())

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture(scope="session")
def live_server(app):
    """The shared live server for browser tests: {"url": ..., "log": ...}."""
    server = Server().start()
    yield {"url": server.url, "process": server.process, "log": server.log}
    server.stop()


@pytest.fixture
def own_server(app):
    """A live server of the test's own, to stop, restart or start with other settings."""
    server = Server()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield chromium
        chromium.close()


class Network:
    """Cuts a browser context off the network, page and service worker alike:
    set_offline() alone does not reach the worker's own requests."""

    def __init__(self, context):
        self.context = context

    @staticmethod
    def _abort(route):
        route.abort("internetdisconnected")

    def off(self):
        self.context.set_offline(True)
        self.context.route("**/*", self._abort)

    def on(self):
        self.context.unroute("**/*", self._abort)
        self.context.set_offline(False)


@pytest.fixture
def phone(browser, live_server):
    """A fresh phone-sized browser context; fails the test on any console error."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True,
                                  base_url=live_server["url"])
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not errors, f"console errors: {errors}"
