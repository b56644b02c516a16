"""Load benchmark driver: gunicorn + locust (headless), then a row count.

    .venv/bin/python bench/load/run.py                     # SQLite, every scenario
    .venv/bin/python bench/load/run.py --postgres          # PostgreSQL (database bench_h4)
    .venv/bin/python bench/load/run.py --scenarios c,d --short   # a quick look

It makes a throw-away instance (migrations; a meeting of 10 prompts), serves it with
gunicorn and gunicorn.conf.py (--workers, --threads; rate limits on, in Redis, with the
per-address and per-device limits raised: every simulated phone comes from 127.0.0.1),
and runs locust (from .venv-bench/, see requirements-bench.txt) against it:

  a  meeting: 2,000 phones join within 20 s (the QR code on the screen) and send 10
     answers each, one by one, 1-3 s apart: the target's demand, 20,000 answers in a minute
  b  latency: 300 phones, each answering every 1-3 s: p50/p95/p99
  c  ratio:   single answers back to back vs the trivial endpoint (/healthz), same users
  d  batched: outboxes of --batch answers back to back: answers/s

After each scenario it checks the rows: every acknowledged UUID has its Receipt (stored
once: uuid is unique), no Receipt the phones never sent, and each phone's Answer to a
prompt is its newest acknowledged edit. It prints RSS per worker and, on SQLite, the
-wal file's size (largest seen, and at the end). Exit 0 whatever the verdict; 2 when it
could not run."""

import argparse
import csv
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv" / "bin"
LOCUST = ROOT / ".venv-bench" / "bin" / "locust"
# 10 prompts: every kind of app/meetings/prompt_kinds.py, then a few again (more if more
# kinds come); each prompt's answers are samples from app/meetings/sample_values.py.
EXTRA = ["scale", "position", "text"]
HIGH = "1000000 per minute"
JOIN_SECONDS = 20  # (a): the room scans the QR code within 20 s


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) in MB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (from /proc)."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # a worker restarted meanwhile
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


class Bench:
    def __init__(self, args):
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="allo-load-"))
        self.env = {**os.environ, "ALLO_INSTANCE": str(self.tmp / "instance"),
                    "SECRET_KEY": "bench-secret", "PYTHONUNBUFFERED": "1"}
        if args.postgres:
            self.env["DATABASE_URL"] = args.database_url
            self.db_file = None
        else:
            self.db_file = self.tmp / "instance" / "allo.db"
            self.env["DATABASE_URL"] = f"sqlite:///{self.db_file}"
        self.env.update({
            "REDIS_URL": args.redis_url, "ALLO_RATELIMIT_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
            "ALLO_LIMIT_ANSWERS_ADDRESS": HIGH, "ALLO_LIMIT_JOIN_ADDRESS": HIGH,
            "ALLO_LIMIT_ANSWERS_DEVICE": HIGH,
            "WEB_CONCURRENCY": str(args.workers), "GUNICORN_THREADS": str(args.threads),
            "GUNICORN_WORKER_CLASS": args.worker_class,
            "GUNICORN_ACCESS_LOG": "",  # an access line per request costs the bench, not the app
            # No planned worker restarts during a run (production: every ~20,000 requests):
            # a restarting worker is a second of nothing in a 30 s measurement.
            "GUNICORN_MAX_REQUESTS": "0",
        })
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = None
        self.wal = []

    # ---- set-up
    def python(self, code: str) -> str:
        out = subprocess.run([str(VENV / "python"), "-c", code], cwd=ROOT, env=self.env,
                             capture_output=True, text=True)
        if out.returncode:
            sys.exit(print(out.stderr) or 2)
        return out.stdout

    def prepare(self):
        if self.args.postgres:  # an empty schema: drop every table the migrations made
            self.python("from app import create_app\nfrom app.extensions import db\n"
                        "from sqlalchemy import text\napp = create_app()\nwith app.app_context():\n"
                        "    db.session.execute(text('DROP SCHEMA public CASCADE; CREATE SCHEMA public'))\n"
                        "    db.session.commit()\n")
        # "heads": every migration branch (the tree may hold more than one head for a while).
        out = subprocess.run([str(VENV / "flask"), "--app", "app", "db", "upgrade", "heads"], cwd=ROOT,
                             env=self.env, capture_output=True, text=True)
        if out.returncode:
            sys.exit(print(out.stderr[-3000:]) or 2)

    def meeting(self) -> tuple[str, list]:
        code = f"""
import json
from app import create_app, meetings
from app.extensions import db
from app.models import Organisation, User
app = create_app()
with app.app_context():
    org = Organisation(name="Bench {uuid.uuid4().hex[:6]}", kind="youth_work"); db.session.add(org)
    user = User(email="bench-{uuid.uuid4().hex[:6]}@example.org", name="Bench", role="facilitator",
                organisation=org)
    user.set_password("bench-password-1"); db.session.add(user); db.session.commit()
    m = meetings.create_meeting(user, "Load bench")
    from app.meetings.prompt_kinds import KINDS
    from app.meetings.sample_values import samples_of
    kinds = list(KINDS) + {EXTRA!r}[:max(0, 10 - len(KINDS))]
    for n, kind in enumerate(kinds):
        meetings.add_prompt(m, kind, {{"nl": f"Vraag {{n}}"}})
    meetings.set_status(m, "open")
    print(json.dumps([m.token, [[p.id, p.kind, samples_of(p, 50, p.id)] for p in m.prompts]]))
"""
        return json.loads(self.python(code).strip().splitlines()[-1])

    def start(self):
        log = open(self.tmp / "gunicorn.log", "w")
        self.server = subprocess.Popen(
            [str(VENV / "gunicorn"), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}",
             "app:create_app()"], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        print((self.tmp / "gunicorn.log").read_text())
        sys.exit(2)

    def stop(self):
        if self.server and self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)
            self.server.wait(timeout=30)

    # ---- one scenario
    def watch_wal(self, done: threading.Event):
        wal = Path(f"{self.db_file}-wal") if self.db_file else None
        while not done.wait(0.5):
            if wal and wal.exists():
                self.wal.append(wal.stat().st_size)

    def locust(self, name: str, scenario: str, users: int, rate: float, seconds: int,
               token: str, prompts: list, **extra) -> dict:
        out = self.tmp / name
        env = {**os.environ, "BENCH_SCENARIO": scenario, "BENCH_MEETING": token,
               "BENCH_PROMPTS": json.dumps(prompts), "BENCH_ACKS": f"{out}-acks.json",
               "BENCH_BATCH": str(self.args.batch), **{k: str(v) for k, v in extra.items()}}
        cmd = [str(LOCUST), "-f", str(ROOT / "bench" / "load" / "locustfile.py"), "--headless",
               "--host", self.url, "-u", str(users), "-r", str(rate), "-t", f"{seconds}s",
               "--csv", str(out), "--only-summary", "--stop-timeout", "10", "--loglevel", "ERROR"]
        done = threading.Event()
        watcher = threading.Thread(target=self.watch_wal, args=(done,), daemon=True)
        watcher.start()
        started, before = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
        workers = children(self.server.pid)
        server_before = cpu_seconds(workers)
        run = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
        elapsed, after = time.monotonic() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
        # The load generator shares the 2 cores with the server: how much did it take?
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        server_cpu = cpu_seconds(workers) - server_before
        done.set()
        rows = list(csv.DictReader(open(f"{out}_stats.csv")))
        acks = json.load(open(f"{out}-acks.json")) if Path(f"{out}-acks.json").exists() else {}
        failed = Path(f"{out}_failures.csv")
        failures = list(csv.DictReader(open(failed))) if failed.exists() else []
        return {"rows": {r["Name"]: r for r in rows}, "acks": acks, "elapsed": elapsed, "cpu": cpu,
                "server_cpu": server_cpu,
                "failures": failures, "stderr": run.stderr[-2000:]}

    def check_rows(self, token: str, acks: dict) -> str:
        """Every acknowledged UUID stored once, none lost, no stranger; newest edit wins."""
        path = self.tmp / "acks.json"
        path.write_text(json.dumps(acks.get("acked", {})))
        code = f"""
import json
from sqlalchemy import select, func
from app import create_app
from app.extensions import db
from app.models import Answer, Meeting, Participant, Prompt, Receipt
acked = json.load(open({str(path)!r}))
app = create_app()
with app.app_context():
    mid = db.session.scalar(select(Meeting.id).where(Meeting.token == {token!r}))
    receipts = db.session.execute(select(Receipt.uuid).join(Prompt, Prompt.id == Receipt.prompt_id)
                                  .where(Prompt.meeting_id == mid)).scalars().all()
    answers = db.session.execute(select(Answer.uuid).join(Prompt, Prompt.id == Answer.prompt_id)
                                 .where(Prompt.meeting_id == mid)).scalars().all()
    stored = set(receipts)
    lost = set(acked) - stored
    doubled = len(receipts) - len(stored)
    strangers = stored - set(acked)
    newest = {{}}
    for key, (device, prompt, at) in acked.items():
        slot = (device, prompt)
        if slot not in newest or (at, key) > newest[slot]:
            newest[slot] = (at, key)
    expected = {{key for _, key in newest.values()}}
    wrong = len(expected ^ set(answers))
    print(json.dumps(dict(acked=len(acked), receipts=len(receipts), lost=len(lost), doubled=doubled,
                          unacked_but_stored=len(strangers), answers=len(answers), newest_wrong=wrong)))
"""
        return self.python(code).strip().splitlines()[-1]

    def report(self, title: str, result: dict, names: list[str], per_request: int = 1) -> dict:
        print(f"\n== {title}  ({result['elapsed']:.0f} s wall; locust itself used "
              f"{result['cpu'] / result['elapsed']:.2f} of the {os.cpu_count()} cores, the app's workers "
              f"{result['server_cpu'] / result['elapsed']:.2f})")
        figures = {}
        for name in names:
            row = result["rows"].get(name)
            if not row:
                continue
            rps = float(row["Requests/s"])
            figures[name] = rps
            per = f"  = {rps * per_request:,.0f} answers/s" if per_request > 1 else ""
            print(f"  {name:<18} {int(row['Request Count']):>7} req  {int(row['Failure Count']):>4} errors  "
                  f"{rps:8.1f} req/s{per}  p50 {row['50%']} ms  p95 {row['95%']} ms  p99 {row['99%']} ms  "
                  f"max {float(row['Max Response Time']):.0f} ms")
        for failure in result["failures"][:5]:
            print(f"  failure: {failure.get('Name')}: {failure.get('Error')} x{failure.get('Occurrences')}")
        return figures

    def resources(self):
        workers = children(self.server.pid)
        sizes = [rss_mb(pid) for pid in workers]
        print("  RSS per worker (MB, now / peak): " + ", ".join(f"{a:.0f} / {b:.0f}" for a, b in sizes))
        if self.db_file:
            wal = Path(f"{self.db_file}-wal")
            now = wal.stat().st_size if wal.exists() else 0
            print(f"  SQLite -wal: largest seen {max(self.wal or [0]) / 2**20:.1f} MiB, "
                  f"now {now / 2**20:.1f} MiB")
        self.wal = []

    # ---- the scenarios
    def run(self):
        a = self.args
        where = f"PostgreSQL {a.database_url}" if a.postgres else f"SQLite (WAL) {self.db_file}"
        print(f"database: {where}")
        print(f"gunicorn: {a.workers} workers x {a.threads} threads ({a.worker_class}); rate limits on, "
              f"Redis {a.redis_url}; {os.cpu_count()} cores (load generator on the same machine)")
        self.prepare()
        self.start()
        short = a.short
        try:
            if "a" in a.scenarios:
                token, prompts = self.meeting()
                users = 200 if short else 2000
                r = self.locust("a", "meeting", users, users / JOIN_SECONDS, 20 if short else 75, token,
                                prompts, BENCH_ANSWERS_EACH=10)
                self.report(f"(a) one meeting: {users} phones x 10 answers", r, ["join", "answer"])
                acks = r["acks"]
                if acks.get("first_join") and acks.get("last_ack"):
                    span = acks["last_ack"] - acks["first_join"]
                    print(f"  first join to last answer acknowledged: {span:.1f} s "
                          f"(target: 60 s; joins spread over {JOIN_SECONDS} s, "
                          f"1-3 s between a phone's answers)")
                print(f"  rows: {self.check_rows(token, r['acks'])}")
                self.resources()
            if "b" in a.scenarios:
                token, prompts = self.meeting()
                users = 300
                r = self.locust("b", "latency", users, 50, 15 if short else 45, token, prompts)
                self.report(f"(b) {users} concurrent phones, an answer every 1-3 s each", r, ["answer"])
                print(f"  rows: {self.check_rows(token, r['acks'])}")
                self.resources()
            if "c" in a.scenarios:
                token, prompts = self.meeting()
                seconds = 8 if short else 30
                r1 = self.locust("c1", "single", a.users, a.users, seconds, token, prompts)
                s = self.report(f"(c) single answers back to back, {a.users} users", r1, ["answer"])
                r2 = self.locust("c2", "trivial", a.users, a.users, seconds, token, prompts)
                t = self.report(f"(c) trivial endpoint {os.environ.get('BENCH_TRIVIAL_PATH', '/healthz')}, "
                                f"{a.users} users", r2, ["trivial"])
                if s.get("answer") and t.get("trivial"):
                    print(f"  ratio single answer / trivial: {s['answer'] / t['trivial']:.0%}")
                print(f"  rows: {self.check_rows(token, r1['acks'])}")
                self.resources()
            if "d" in a.scenarios:
                token, prompts = self.meeting()
                r = self.locust("d", "batched", a.users, a.users, 8 if short else 30, token, prompts)
                self.report(f"(d) batched sync, batches of {a.batch}, {a.users} users", r,
                            [f"batch of {a.batch}"], per_request=a.batch)
                print(f"  rows: {self.check_rows(token, r['acks'])}")
                self.resources()
            errors = [line for line in (self.tmp / "gunicorn.log").read_text().splitlines()
                      if "Traceback" in line or "ERROR" in line]
            print(f"\nserver log: {len(errors)} error lines")
        finally:
            self.stop()
            if not a.keep:
                shutil.rmtree(self.tmp, ignore_errors=True)
            else:
                print(f"kept: {self.tmp}")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/bench_h4",
                        help="with --postgres: this database's tables are dropped and rebuilt")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--scenarios", default="a,b,c,d")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument("--users", type=int, default=16, help="closed-loop users in c and d")
    parser.add_argument("--batch", type=int, default=50, help="answers per batch in d (the outbox sends 50)")
    parser.add_argument("--short", action="store_true", help="short runs, fewer phones in a")
    parser.add_argument("--keep", action="store_true", help="keep the instance and logs")
    args = parser.parse_args()
    args.scenarios = set(args.scenarios.split(","))
    if not LOCUST.exists():
        sys.exit(print("locust missing: make bench-load installs .venv-bench/ (requirements-bench.txt)") or 2)
    Bench(args).run()


if __name__ == "__main__":
    main()
