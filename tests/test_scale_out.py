"""Scale-out: two gunicorn instances (gunicorn.conf.py) on different ports, sharing
PostgreSQL and Redis, behind one address (a tiny round-robin proxy written here).
An answer sent to one server appears on a presenter connected to the other, and a
rate limit hit on one holds on the other.

PostgreSQL: DATABASE_URL when the suite runs on it; otherwise a database of this
test's own, `allo_scaleout` on the local server, made and migrated here."""

import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from pathlib import Path

import psycopg
import pytest
import redis

from app import create_app, live
from app.extensions import db
from config import TestingConfig
from tests import factories
from tests.browser import wait_for
from tests.server import ROOT, free_port, wait_for_health

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
OWN_DATABASE = "allo_scaleout"


def postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        return url
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (OWN_DATABASE,)).fetchone():
            conn.execute(f"CREATE DATABASE {OWN_DATABASE}")
    return f"postgresql://postgres@127.0.0.1:5432/{OWN_DATABASE}"


class RoundRobin(ThreadingHTTPServer):
    """One address in front of several servers, taking them in turn, as a reverse
    proxy would (with X-Forwarded-For)."""

    daemon_threads = True

    def __init__(self, backends: list[int]):
        self.backends, self.turn, self.lock = backends, count(), threading.Lock()
        super().__init__(("127.0.0.1", 0), Forward)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"

    def next_backend(self) -> int:
        with self.lock:
            return self.backends[next(self.turn) % len(self.backends)]


class Forward(BaseHTTPRequestHandler):
    def forward(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "host")}
        headers["X-Forwarded-For"] = self.client_address[0]
        conn = http.client.HTTPConnection("127.0.0.1", self.server.next_backend(), timeout=10)
        conn.request(self.command, self.path, body=body or None, headers=headers)
        reply = conn.getresponse()
        data = reply.read()
        self.send_response(reply.status)
        for key, value in reply.getheaders():
            if key.lower() not in ("connection", "transfer-encoding", "content-length"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        conn.close()

    do_GET = do_POST = do_PUT = forward

    def log_message(self, *args):  # no access log here either
        pass


def start_gunicorn(port: int, env: dict, log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
             "app:create_app()"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    wait_for_health(f"http://127.0.0.1:{port}", process, log)
    return process


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    """Two servers on one PostgreSQL and one Redis, a proxy in front, and an app
    object on the same database to make the meeting with."""
    url = postgres_url()
    tmp = tmp_path_factory.mktemp("scale-out")
    pg_app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url.replace(
        "postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url)
    with pg_app.app_context():
        from flask_migrate import upgrade

        upgrade(directory=str(ROOT / "migrations"), revision="heads")
    prefix = f"allo-scale-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": REDIS_URL, "ALLO_RATELIMIT_PREFIX": prefix,
           "ALLO_INSTANCE": str(tmp / "instance"), "SECRET_KEY": "the-same-key-on-every-server",
           "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2", "ALLO_TRUSTED_PROXIES": "1",
           "ALLO_LIMIT_ANSWERS_DEVICE": "4 per minute"}
    ports = [free_port(), free_port()]
    logs = [tmp / f"gunicorn-{p}.log" for p in ports]
    servers = [start_gunicorn(p, env, log) for p, log in zip(ports, logs, strict=True)]
    proxy = RoundRobin(ports)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    yield {"app": pg_app, "proxy": proxy.url, "servers": [f"http://127.0.0.1:{p}" for p in ports],
           "logs": logs}
    proxy.shutdown()
    proxy.server_close()
    for server in servers:
        server.terminate()
        server.wait(timeout=20)
    with redis.Redis.from_url(REDIS_URL) as store:
        for key in store.scan_iter(f"*{prefix}*"):
            store.delete(key)
    with pg_app.app_context():
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        with db.engine.begin() as conn:
            conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        db.engine.dispose()


def call(url: str, method: str = "GET", body=None, token: str | None = None, headers=None):
    """-> (status, headers, text)"""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.fixture
def meeting(region):
    with region["app"].app_context():
        found = factories.meeting(kinds=("scale",))
        presenter = live.create_presenter_link(found)
        info = {"token": found.token, "prompt": found.prompts[0].id, "presenter": presenter}
        db.session.remove()
    return info


def join(base: str, meeting: dict, group: str) -> str:
    status, _, text = call(f"{base}/api/meetings/{meeting['token']}/participants", "POST",
                           {"group": group, "language": "nl"})
    assert status == 201, text
    return json.loads(text)["device_token"]


def answer(base: str, meeting: dict, token: str, value: int):
    item = {"uuid": str(uuid.uuid4()), "prompt_id": meeting["prompt"], "value": value,
            "recorded_at": "2020-01-01T00:00:00+00:00"}
    return call(f"{base}/api/meetings/{meeting['token']}/answers", "POST", {"answers": [item]}, token)


def answered(base: str, meeting: dict, etag: str | None = None):
    """The presenter's poll of the live fragment: (status, ETag, answers shown)."""
    headers = {"If-None-Match": etag} if etag else {}
    status, reply, text = call(f"{base}/p/{meeting['presenter']}/live?prompt={meeting['prompt']}",
                               headers=headers)
    found = re.search(r'data-count="answered">(\d+)<', text)
    return status, reply["ETag"], int(found[1]) if found else None


def test_an_answer_sent_to_one_server_appears_on_a_presenter_of_the_other(region, meeting):
    one, other = region["servers"]
    for value in (5, 6):  # two youngsters answered: below K, the room is not told
        assert answer(one, meeting, join(one, meeting, "youngster"), value)[0] == 200
    status, etag, shown = answered(other, meeting)
    assert (status, shown) == (200, 0)
    token = join(one, meeting, "youngster")
    status, _, text = answer(one, meeting, token, 7)
    assert status == 200 and '"stored"' in text
    status, new_etag, shown = answered(other, meeting, etag)  # the poll it makes every 500 ms
    assert (status, shown) == (200, 3) and new_etag != etag
    # Through the shared address, whichever server answers.
    for _ in range(2):
        assert answered(region["proxy"], meeting)[2] == 3
    assert answered(other, meeting, new_etag)[0] == 304


def test_a_rate_limit_hit_on_one_server_holds_on_the_other(region, meeting):
    one, other = region["servers"]
    token = join(region["proxy"], meeting, "officer")
    statuses = [answer(region["proxy"], meeting, token, n)[0] for n in range(1, 5)]  # A, B, A, B
    assert statuses == [200] * 4
    for base in (one, other, region["proxy"]):
        status, headers, text = answer(base, meeting, token, 5)
        assert status == 429, text
        assert json.loads(text)["error"]["code"] == "rate_limited"
        assert int(headers["Retry-After"]) >= 1


def test_the_servers_access_logs_hold_no_address_or_user_agent(region, meeting):
    def log_lines() -> list[str]:
        return [line for log in region["logs"] for line in log.read_text().splitlines()]

    def health_checks() -> int:
        return sum('"GET /healthz' in line for line in log_lines())

    before = health_checks()
    call(f"{region['proxy']}/healthz", headers={"User-Agent": "Mozilla/5.0 (Linux; Android 9) test-agent"})
    wait_for(lambda: health_checks() > before)  # a server writes its access line after the reply
    lines = log_lines()
    access = [line for line in lines if '"GET /healthz' in line]  # JSON lines (ALLO_LOG_FORMAT=json)
    assert access and all(json.loads(line)["logger"] == "access" and "127.0.0.1" not in line
                          for line in access)
    assert not any("test-agent" in line or "Python-urllib" in line for line in lines)


def test_phones_waiting_on_either_server_follow_the_facilitators_key_at_once(region):
    """The step long-poll (app/live/step.py): phones held by both servers, and one through
    the proxy, get the prompt the facilitator moved to (here by a third process on the same
    database) within a second, and not before."""
    with region["app"].app_context():
        found = factories.meeting(kinds=("scale", "single"), pacing="facilitator")
        token, target = found.token, found.prompts[1].id
        meeting_id = found.id
        db.session.remove()
    key = json.loads(call(f"{region['proxy']}/api/meetings/{token}/step")[2])["key"]
    got = {}

    def wait(base):
        status, _, text = call(f"{base}/api/meetings/{token}/step?known={key}")
        got[base] = (status, json.loads(text), time.monotonic())

    bases = [*region["servers"], region["proxy"]]
    waiters = [threading.Thread(target=wait, args=(base,)) for base in bases]
    for waiter in waiters:
        waiter.start()
    for _ in range(20):  # for a second, no early reply: all are held
        if got:
            break
        time.sleep(0.05)
    assert not got
    with region["app"].app_context():
        moved = time.monotonic()
        live.show_prompt(db.session.get(live.Meeting, meeting_id), target)
        db.session.remove()
    for waiter in waiters:
        waiter.join(timeout=8)
    for base in bases:
        status, reply, at = got[base]
        assert status == 200 and reply["current_prompt_id"] == target, (base, reply)
        assert at - moved < 1.0, (base, at - moved)
