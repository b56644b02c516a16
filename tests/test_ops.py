"""Issue 19, operations: /metrics (who may read it, what it counts, no personal data
in a label), JSON-lines logs with a request id, compressed responses and immutable
versioned static files, and backup / restore round-tripped."""

import json
import logging
import re

from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Meeting
from app.ops import backup, logs
from tests import factories

BROWSER_ENCODINGS = {"Accept-Encoding": "gzip, deflate, br"}


def metric(text: str, name: str, **labels) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    found = re.search(rf"^{name}{{{re.escape(wanted)}}} (\S+)$" if labels else rf"^{name} (\S+)$", text, re.M)
    return float(found[1]) if found else 0.0


def test_metrics_only_for_this_host_or_a_token(app, client, monkeypatch):
    assert client.get("/metrics").status_code == 200
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404
    elsewhere = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", environ_base=elsewhere).status_code == 404
    monkeypatch.setitem(app.config, "METRICS_TOKEN", "s3cret-token")
    assert client.get("/metrics", environ_base=elsewhere,
                      headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    assert client.get("/metrics", environ_base=elsewhere,
                      headers={"Authorization": "Bearer wrong"}).status_code == 404


def test_metrics_count_answers_by_outcome_and_requests_by_endpoint(client, make):
    meeting = make.meeting(kinds=("single",))
    prompt = meeting.prompts[0]
    _, token = make.participant(meeting)
    before = client.get("/metrics").get_data(as_text=True)
    item = factories.answer_item(prompt, "yes")
    url, auth = f"/api/meetings/{meeting.token}/answers", {"Authorization": f"Bearer {token}"}
    client.post(url, json={"answers": [item]}, headers=auth)
    client.post(url, json={"answers": [item]}, headers={**auth, **BROWSER_ENCODINGS})  # a replay
    client.post(url, json={"answers": [{**item, "uuid": "not-a-uuid"}]}, headers=auth)
    client.put(f"/api/meetings/{meeting.token}/waiting", json={"waiting": 2}, headers=auth)
    after = client.get("/metrics").get_data(as_text=True)
    for outcome in ("stored", "duplicate", "rejected"):
        assert metric(after, "allo_answers_total", outcome=outcome) == \
            metric(before, "allo_answers_total", outcome=outcome) + 1, outcome
    assert metric(after, "allo_answer_rejections_total", error="invalid_uuid") >= 1
    assert metric(after, "allo_outbox_waiting_reports_total") == \
        metric(before, "allo_outbox_waiting_reports_total") + 1
    assert 'endpoint="api.post_answers"' in after
    assert "allo_flask_http_request_duration_seconds_bucket" in after
    assert "allo_push_deliveries" in after
    # No token, code, address or user agent in any label: endpoints, methods, statuses, words.
    assert meeting.token not in after and token not in after and "127.0.0.1" not in after
    labels = set(re.findall(r'(\w+)="', after))
    assert labels <= {"endpoint", "method", "status", "outcome", "error", "state", "le", "version"}, labels


def test_logs_are_json_lines_with_a_request_id_and_no_address(app, client, caplog):
    formatter = logs.JsonFormatter()
    with app.test_request_context("/j/SECRET-token", headers={"X-Request-ID": "proxy-id-12345678",
                                                               "User-Agent": "Secret/1.0"},
                                  environ_base={"REMOTE_ADDR": "203.0.113.7"}):
        logs.start_request()
        record = logging.LogRecord("app", logging.WARNING, __file__, 1, "opened %s", ("/p/SECRET-2",), None)
        line = formatter.format(record)
    event = json.loads(line)
    assert event["request_id"] == "proxy-id-12345678" and event["level"] == "WARNING"
    assert event["message"] == "opened /p/…" and event["path"] == "/j/…"
    assert "203.0.113.7" not in line and "Secret/1.0" not in line and "SECRET" not in line
    response = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])  # a fresh one, not the bad one


def test_pages_and_json_are_compressed_and_static_files_immutable(app, client, make):
    meeting = make.meeting(kinds=("single", "scale", "multiple", "text"))  # JSON over 500 B
    page = client.get(f"/j/{meeting.token}", headers=BROWSER_ENCODINGS)
    assert page.headers["Content-Encoding"] == "br" and "Accept-Encoding" in page.headers["Vary"]
    api = client.get(f"/api/meetings/{meeting.token}", headers={"Accept-Encoding": "gzip"})
    assert api.status_code == 200 and api.headers["Content-Encoding"] == "gzip"
    html = client.get(f"/j/{meeting.token}").get_data(as_text=True)
    css = re.search(r'href="(/static/v/\w+/css/participant\.css)"', html)[1]
    with client.get(css, headers=BROWSER_ENCODINGS) as static:
        assert static.status_code == 200 and static.headers["Content-Encoding"] == "br"
        assert static.headers["Cache-Control"] == "max-age=315360000, public, immutable"
    with client.get("/static/css/participant.css") as plain:  # the unversioned path: revalidated
        assert plain.status_code == 200 and plain.headers["Cache-Control"] == "max-age=0, public"


def test_a_page_with_a_csrf_token_is_not_compressed(client, auth, make):
    """BREACH: a secret and reflected text in one compressed body leak the secret."""
    auth.login()
    desk = client.get("/f/", headers=BROWSER_ENCODINGS)
    assert 'name="csrf_token"' in desk.get_data(as_text=True)
    assert "Content-Encoding" not in desk.headers
    meeting = make.meeting(kinds=("single",))
    assert client.get(f"/j/{meeting.token}", headers=BROWSER_ENCODINGS).headers["Content-Encoding"] == "br"


def test_a_304_still_comes_from_the_view_when_the_etag_was_marked_by_compression(client):
    first = client.get("/service_worker.js", headers={"Accept-Encoding": "gzip"})
    assert first.headers["ETag"].endswith(':gzip"')
    again = client.get("/service_worker.js", headers={"Accept-Encoding": "gzip",
                                                      "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_backup_and_restore_round_trip(app, runner, make, tmp_path):
    with app.app_context():
        if backup.sqlite_path() is None:
            result = runner.invoke(args=["backup", str(tmp_path / "x.dump")])
            assert result.exit_code == 2 and "pg_dump --format=custom" in result.output
            assert "pg_restore" in result.output
            return
    meeting = make.meeting(kinds=("single",))
    who, _ = make.participant(meeting)
    make.answer(meeting, who, meeting.prompts[0], "yes")
    target = tmp_path / "allo.db"
    made = runner.invoke(args=["backup", str(target)])
    assert made.exit_code == 0, made.output
    assert target.stat().st_mode & 0o777 == 0o600
    title = meeting.title
    db.session.delete(db.session.get(Answer, db.session.scalar(select(Answer.id))))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0
    restored = runner.invoke(args=["restore", str(target), "--yes"])
    assert restored.exit_code == 0, restored.output
    db.session.remove()
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 1
    assert db.session.scalar(select(Meeting.title)) == title
    damaged = tmp_path / "not-a-db.db"
    damaged.write_bytes(b"hello")
    refused = runner.invoke(args=["restore", str(damaged), "--yes"])
    assert refused.exit_code != 0 and "not an ALLO?! Review database" in refused.output
