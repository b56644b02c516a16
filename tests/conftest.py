"""One fixture set for the whole suite.

The database is DATABASE_URL when set (CI runs the suite once on PostgreSQL),
else a fresh SQLite file. Its schema is built by the real migrations; every test
starts from empty tables. Browser tests drive Debian's Chromium through
Playwright against a live server process on the same database."""

import os
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_TMP = Path(tempfile.mkdtemp(prefix="allo-test-"))
os.environ["ALLO_INSTANCE"] = str(_TMP / "instance")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_TMP / 'test.db'}")
os.environ.setdefault("SECRET_KEY", "test-secret-key")
sys.path.insert(0, str(ROOT))

from sqlalchemy.exc import OperationalError  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from config import TestingConfig  # noqa: E402
from tests import factories  # noqa: E402
from tests.browser import CHROMIUM, LAUNCH_ARGS, flaky_phone_on, phone_page  # noqa: E402
from tests.client import Client  # noqa: E402
from tests.server import Server  # noqa: E402
from tests.translations import compile_catalogs  # noqa: E402

# Let context.route() see requests the service worker makes (microsoft/playwright#2311).
os.environ["PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"] = "1"


@pytest.hookimpl(tryfirst=True)  # before -m deselects anything
def pytest_collection_modifyitems(config, items):
    """A test that reaches Chromium (through the `browser` fixture: phone, flaky_phone,
    projector, ...) must say so with @pytest.mark.browser, so that `-m "not browser"`
    leaves it out: an unmarked one stops the run."""
    unmarked = [item.nodeid for item in items
                if "browser" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("browser")]
    if unmarked:
        raise pytest.UsageError("these tests use Chromium but lack @pytest.mark.browser:\n  "
                                + "\n  ".join(unmarked))


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


@pytest.fixture(scope="session")
def live_server(app):
    """The shared live server for browser tests: {"url": ..., "log": ...}."""
    server = Server(_TMP).start()
    yield {"url": server.url, "process": server.process, "log": server.log}
    server.stop()


@pytest.fixture
def own_server(app):
    """A live server of the test's own, to stop, restart or start with other settings."""
    server = Server(_TMP)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser, live_server):
    """A fresh phone-sized browser context; fails the test on any console error."""
    page, errors = phone_page(browser, live_server["url"])
    yield page
    page.context.close()
    assert not errors, f"console errors: {errors}"


@pytest.fixture
def flaky_phone(browser, live_server):
    """A phone whose network fails on purpose: failed loads are expected, page errors are not."""
    yield from flaky_phone_on(browser, live_server["url"])


@pytest.fixture(scope="session")
def compiled(app):
    """The catalogs compiled from their .po files (`make translations` need not have run),
    once for the whole run."""
    compile_catalogs(app)
