"""After a whole scripted meeting, no participant's or facilitator's IP address or user
agent is anywhere: not in any column of any table, not in the application's logs
(every logger at DEBUG), not in the live server's access log; and gunicorn's access
log format leaves them out."""

import logging
import re
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from app import meetings
from app.extensions import db
from app.live import moderation
from app.meetings.prompt_kinds import KINDS
from app.models import Meeting
from tests.routes import PASSWORD, fast_user

IP = "203.0.113.77"
FORWARDED = "198.51.100.23"
UA = "UA-MARKER/1.0 (Linux; Android 9; Duty-Phone-4242)"
MARKERS = (IP, FORWARDED, "UA-MARKER", "Duty-Phone-4242")
ENVIRON = {"REMOTE_ADDR": IP, "HTTP_USER_AGENT": UA, "HTTP_X_FORWARDED_FOR": f"{FORWARDED}, {IP}",
           "HTTP_X_REAL_IP": FORWARDED}
VALUES = {"scale": 7, "position": 40, "cards": ["happy"], "words": ["respect", "babbel"],
          "text": "Meer voetbal samen", "single": "yes", "multiple": ["yes", "no"],
          "storyline": {"arrival": 3, "game": 5, "talk": 4, "goodbye": 4},
          "spokes": {"respect": 7, "listening": 6, "fun": 9, "safety": 8}}


def traces_in_database() -> list[str]:
    """Every row of every table as text, with any marker found."""
    found = []
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            for row in conn.execute(table.select()):
                text = repr(tuple(row))
                found += [f"{table.name}: {m}" for m in MARKERS if m in text]
    return found


def scripted_meeting(app, make):
    """Log in, create and open a meeting, three phones per group answer every kind,
    moderate, present, report, export: everything from the marked address and browser."""
    facilitator = app.test_client()
    facilitator.environ_base.update(ENVIRON)
    user = fast_user(make.organisation())
    assert facilitator.post_form("/login", {"email": user.email, "password": PASSWORD}).status_code == 302
    facilitator._csrf = None
    created = facilitator.post_form("/f/meetings", {"title": "Sporthal", "language": "nl", "pacing": "self"})
    assert created.status_code == 302
    meeting = db.session.scalar(select(Meeting).where(Meeting.title == "Sporthal"))
    for kind in KINDS:
        meetings.add_prompt(meeting, kind, {"nl": f"Vraag {kind}"})
    assert facilitator.post_form(f"/f/meetings/{meeting.id}/status", {"status": "open"}).status_code == 302
    assert facilitator.post_form(f"/f/meetings/{meeting.id}/presenter-link").status_code == 302

    api = f"/api/meetings/{meeting.token}"
    for group in ("youngster", "officer") * 3:
        phone = app.test_client()
        phone.environ_base.update(ENVIRON)
        assert phone.get(f"/j/{meeting.token}").status_code == 200
        joined = phone.post(api + "/participants", json={"group": group, "language": "nl"})
        assert joined.status_code == 201, joined.json
        bearer = {"Authorization": f"Bearer {joined.json['device_token']}"}
        batch = [{"uuid": str(uuid.uuid4()), "prompt_id": p.id, "value": VALUES[p.kind],
                  "recorded_at": datetime.now(UTC).isoformat()} for p in meeting.prompts]
        stored = phone.post(api + "/answers", json={"answers": batch}, headers=bearer)
        assert [s["status"] for s in stored.json["results"]] == ["stored"] * len(KINDS), stored.json
        assert phone.put(api + "/waiting", json={"waiting": 0}, headers=bearer).status_code < 300
        assert phone.get(api + "/answers", headers=bearer).status_code == 200
    seen = [f"{item.answer_id}:{item.uuid}" for item in moderation.queue(meeting)]
    approved = facilitator.post_form(f"/f/meetings/{meeting.id}/moderation/approve-all", {"seen": seen})
    assert approved.status_code == 303
    db.session.refresh(meeting)
    for path in ("", "/moderation", "/present", "/present/live", "/report", "/export.csv", "/export.json"):
        assert facilitator.get(f"/f/meetings/{meeting.id}{path}").status_code == 200, path
    assert facilitator.get(f"/p/{meeting.presenter_token}").status_code == 200
    assert facilitator.post_form(f"/f/meetings/{meeting.id}/status", {"status": "closed"}).status_code == 302
    assert facilitator.post_form("/logout").status_code == 302
    return meeting


def test_no_address_or_user_agent_in_the_database_or_the_logs(app, make, caplog):
    caplog.set_level(logging.DEBUG)  # the root logger, so every logger's records
    for name in ("werkzeug", "sqlalchemy.engine", "flask_limiter", "app"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        scripted_meeting(app, make)
    finally:
        for name in ("werkzeug", "sqlalchemy.engine", "flask_limiter", "app"):
            logging.getLogger(name).setLevel(logging.NOTSET)
    rows = sum(1 for _ in caplog.records)
    assert rows > 50, "the log capture saw (almost) nothing: the scan would prove nothing"
    assert traces_in_database() == []
    logged = "\n".join(record.getMessage() for record in caplog.records) + caplog.text
    assert [m for m in MARKERS if m in logged] == []


def test_the_scan_would_find_a_trace(make):
    """The database scan is not a test that cannot fail."""
    meeting = make.meeting(kinds=())
    meeting.title = f"left by {IP} via {FORWARDED} with {UA}"
    db.session.commit()
    assert traces_in_database() == [f"meeting: {m}" for m in MARKERS]


def test_the_live_servers_access_log_has_no_address_or_user_agent(live_server, make):
    meeting = make.meeting(kinds=("scale",))
    for path in (f"/j/{meeting.token}", f"/api/meetings/{meeting.token}", "/healthz?probe=traces"):
        request = urllib.request.Request(live_server["url"] + path, headers={
            "User-Agent": UA, "X-Forwarded-For": FORWARDED, "Referer": f"http://{IP}/"})
        urllib.request.urlopen(request, timeout=5).read()
    log = live_server["log"].read_text()
    assert "probe=traces" in log, "the request was not logged at all"
    assert [m for m in MARKERS if m in log] == []
    requests = [line for line in log.splitlines() if '"GET ' in line]
    assert requests and [line for line in requests if "127.0.0.1" in line] == []


def test_gunicorns_access_log_format_has_no_address_or_user_agent():
    config = (Path(__file__).resolve().parent.parent / "gunicorn.conf.py").read_text()
    formats = re.findall(r"^access_log_format\s*=\s*(.+)$", config, re.M)
    assert len(formats) == 1, formats
    for forbidden in ("%(h)s", "%(a)s", "%(f)s", "{x-forwarded-for}i", "{user-agent}i", "{x-real-ip}i"):
        assert forbidden not in formats[0].lower(), forbidden
    namespace = {}
    exec(compile(config, "gunicorn.conf.py", "exec"), namespace)  # the value gunicorn really reads
    assert not re.search(r"%\((h|a|f)\)s|\{[^}]*(forwarded|agent|real-ip)[^}]*\}i",
                         namespace["access_log_format"], re.I)
