"""No participant's address, and no secret link, in the server's logs."""

import urllib.error
import urllib.request
from datetime import timedelta


def test_access_log_has_no_client_address(live_server):
    urllib.request.urlopen(live_server["url"] + "/healthz?probe=address-check", timeout=5).read()
    lines = [line for line in live_server["log"].read_text().splitlines() if "address-check" in line]
    assert lines, "the request was not logged at all"
    assert all("127.0.0.1" not in line for line in lines), lines
    assert lines[-1].startswith("- - - ["), lines[-1]


def test_secret_links_are_redacted_in_the_access_log(live_server):
    for path in ("/j/SECRET-join-token", "/p/SECRET-presenter-token", "/api/meetings/SECRET-api/answers"):
        try:
            urllib.request.urlopen(live_server["url"] + path, timeout=5).read()
        except urllib.error.HTTPError:
            pass  # unknown tokens: 404, logged all the same
    log = live_server["log"].read_text()
    assert "/j/…" in log and "/p/…" in log and "/api/meetings/…/answers" in log
    assert "SECRET" not in log


def test_the_gunicorn_logger_redacts_the_request_line():
    from types import SimpleNamespace

    from gunicorn.config import Config

    from app.ops.gunicorn_logging import RedactingLogger

    logger = RedactingLogger(Config())
    request = SimpleNamespace(method="GET", path="/p/SECRET", query="", uri="/p/SECRET", version=(1, 1),
                              headers=[])
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    environ = {"RAW_URI": "/p/SECRET", "REMOTE_ADDR": "203.0.113.5", "QUERY_STRING": "",
               "SERVER_PROTOCOL": "HTTP/1.1", "REQUEST_METHOD": "GET", "PATH_INFO": "/p/SECRET"}
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=3))
    assert atoms["r"] == "GET /p/… HTTP/1.1" and atoms["U"] == "/p/…"
