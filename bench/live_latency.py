"""Live latency of the presenter view, against the issue's target:

  "time from an answer's POST to its appearance on the presenter page, median and p95,
   while 200 simulated participants answer — target p95 under 1 s."

Run:  .venv/bin/python bench/live_latency.py [--participants 200] [--measured 60]
                                              [--workers 2] [--database-url postgresql://...]

It builds a throw-away instance (SQLite unless --database-url; migrations; a meeting of 7
prompts, one of each kind, with a read-only presenter link), serves it with gunicorn
(--workers sync workers; the Flask server if gunicorn is not installed), and opens the
presenter link at 1920x1080 in Debian's Chromium, showing the first prompt (a barometer).

- Load: `--participants` phones (threads, plain HTTP) join, then answer the other prompts
  (every kind of app/meetings/prompt_kinds.py, values from app/meetings/sample_values.py)
  again and again (an edit is an answer too) with 1-4 s between answers, until the end.
  Every answer changes the meeting's fingerprint, so the presenter gets fresh 200s too.
- Measured: `--measured` more phones join and each answers the shown prompt once, one
  after the other (0.3-0.8 s apart): the k-th measured answer makes the presenter's
  answer count read k. A MutationObserver on the page records Date.now() whenever that
  count changes; latency = first time the count reads >= k minus the time just before
  the k-th POST was sent (same machine, same clock).
- Poll cost: with no load, 200 sequential GETs of the live fragment with a current
  If-None-Match (304) and 200 without (200): median and p95 time, and bytes.

Exit status 0 whatever the verdict (a benchmark, not a test); 2 if it could not run.
"""

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TARGET_P95_S = 1.0
WATCH = """() => {
  window.__seen = [];
  const live = document.getElementById("live");
  const note = () => {
    const el = live.querySelector('[data-count="answered"]');
    const n = el ? parseInt(el.textContent, 10) : -1;
    const last = window.__seen[window.__seen.length - 1];
    if (!last || last[1] !== n) window.__seen.push([Date.now(), n]);
  };
  note();
  new MutationObserver(note).observe(live, { childList: true, subtree: true, characterData: true });
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict) -> dict:
    """Migrations and the meeting, in a child process on the bench's database."""
    script = r"""
import json
from flask_migrate import upgrade
from app import create_app, live, meetings
from app.extensions import db
from app.models import Organisation, User
from app.meetings.prompt_kinds import KINDS
from app.meetings.sample_values import samples_of
app = create_app()
with app.app_context():
    upgrade(directory="migrations")
    org = Organisation(name="Bench " + __import__("secrets").token_hex(4), kind="youth_work")
    user = User(email=org.name.replace(" ", "") + "@example.org", name="Bench", organisation=org)
    user.set_password("bench-password")
    db.session.add_all([org, user]); db.session.commit()
    meeting = meetings.create_meeting(user, "Live latency bench")
    for kind in KINDS:
        meetings.add_prompt(meeting, kind, {"nl": "Vraag " + kind, "en": "Question " + kind})
    meetings.set_status(meeting, "open")
    token = live.create_presenter_link(meeting)
    print(json.dumps({"token": meeting.token, "presenter": token,
                      "prompts": [[p.id, p.kind, samples_of(p)] for p in meeting.prompts]}))
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(done.stdout + done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


class Server:
    def __init__(self, workers: int, database_url: str | None):
        self.tmp = Path(tempfile.mkdtemp(prefix="allo-bench-live-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "FLASK_APP": "app", "PYTHONUNBUFFERED": "1",
                    "ALLO_INSTANCE": str(self.tmp / "instance"),
                    "DATABASE_URL": database_url or f"sqlite:///{self.tmp / 'bench.db'}",
                    "SECRET_KEY": "bench-secret-key"}
        self.workers = workers
        self.process = None
        self.how = ""

    def start(self) -> dict:
        data = prepare(self.env)
        try:
            import gunicorn  # noqa: F401
            command = [sys.executable, "-m", "gunicorn", "--workers", str(self.workers),
                       "--worker-class", "sync", "--bind", f"127.0.0.1:{self.port}",
                       "--log-level", "warning", "app:create_app()"]
            self.how = f"gunicorn, {self.workers} sync workers"
        except ImportError:
            command = [sys.executable, "-m", "flask", "run", "--port", str(self.port), "--no-reload",
                       "--with-threads"]
            self.how = "Flask development server (threaded; gunicorn not installed)"
        with open(self.tmp / "server.log", "a") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT)
        for _ in range(150):
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=1)
                return data
            except OSError:
                time.sleep(0.1)
        raise RuntimeError((self.tmp / "server.log").read_text())

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


def post(url: str, body: dict, token: str | None = None) -> dict:
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def join(base: str, meeting: str) -> str:
    group = random.choice(("youngster", "youngster", "officer", "other"))
    body = {"group": group, "language": "nl"}
    return post(f"{base}/api/meetings/{meeting}/participants", body)["device_token"]


def answer(base: str, meeting: str, token: str, prompt_id: int, samples: list) -> str:
    """One answer to the prompt, a value picked from the prompt's samples (made by
    app/meetings/sample_values.py for its kind and options, whatever the kind)."""
    item = {"uuid": str(uuid.uuid4()), "prompt_id": prompt_id, "value": random.choice(samples),
            "recorded_at": datetime.now(UTC).isoformat()}
    reply = post(f"{base}/api/meetings/{meeting}/answers", {"answers": [item]}, token)
    return reply["results"][0]["status"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def load(base, meeting, prompts, stop: threading.Event, counts: dict, lock: threading.Lock):
    try:
        token = join(base, meeting)
    except OSError:
        with lock:
            counts["errors"] += 1
        return
    while not stop.wait(random.uniform(1.0, 4.0)):
        prompt_id, kind, samples = random.choice(prompts)
        try:
            status = answer(base, meeting, token, prompt_id, samples)
            with lock:
                counts["answers"] += 1
                counts["kinds"][kind] = counts["kinds"].get(kind, 0) + 1
                if status != "stored":
                    counts["refused"] += 1
        except Exception:  # noqa: BLE001 -- a thread that dies would silently thin the load
            with lock:
                counts["errors"] += 1


def poll_cost(url: str, n: int = 200) -> dict:
    def timed(headers):
        times, size, statuses = [], 0, set()
        for _ in range(n):
            request = urllib.request.Request(url, headers=headers)
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    body = response.read()
                    statuses.add(response.status)
            except urllib.error.HTTPError as error:  # 304 arrives as an "error"
                body = error.read()
                statuses.add(error.code)
            times.append((time.perf_counter() - start) * 1000)
            size = len(body)
        return {"median_ms": statistics.median(times), "p95_ms": percentile(times, 0.95), "body_bytes": size,
                "statuses": sorted(statuses)}

    with urllib.request.urlopen(url, timeout=10) as response:
        tag = response.headers["ETag"]
    return {"304": timed({"If-None-Match": tag}), "200": timed({})}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--measured", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    server = Server(args.workers, args.database_url)
    try:
        data = server.start()
    except Exception as error:  # noqa: BLE001
        print(f"could not start the app: {error}", file=sys.stderr)
        server.stop()
        return 2
    base, meeting = server.url, data["token"]
    shown_id, _, shown_samples = data["prompts"][0]
    others = [tuple(p) for p in data["prompts"][1:]]
    live_url = f"{base}/p/{data['presenter']}/live?prompt={shown_id}"
    try:
        cost = poll_cost(live_url)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            statuses = {}
            def polled(response):
                if "/live" in response.url:
                    statuses[response.status] = statuses.get(response.status, 0) + 1
            page.on("response", polled)
            page.goto(f"{base}/p/{data['presenter']}?prompt={shown_id}")
            page.wait_for_selector('[data-count="answered"]')
            page.evaluate(WATCH)

            stop, lock = threading.Event(), threading.Lock()
            counts = {"answers": 0, "errors": 0, "refused": 0, "kinds": {}}
            crowd = [threading.Thread(target=load, args=(base, meeting, others, stop, counts, lock),
                                      daemon=True) for _ in range(args.participants)]
            for thread in crowd:
                thread.start()
                time.sleep(0.005)
            page.wait_for_timeout(3000)  # let the crowd get going
            load_started = time.time()
            measured_tokens = [join(base, meeting) for _ in range(args.measured)]
            sent = []
            for token in measured_tokens:
                page.wait_for_timeout(random.randint(300, 800))  # also lets the page's own tasks run
                sent.append(time.time() * 1000)
                if answer(base, meeting, token, shown_id, shown_samples) != "stored":
                    raise RuntimeError("a measured answer was not stored")
            page.wait_for_timeout(3000)
            seen = page.evaluate("window.__seen")
            stop.set()
            load_seconds = time.time() - load_started
            browser.close()
        for thread in crowd:
            thread.join(timeout=10)
    finally:
        server.stop()

    latencies = []
    for k, at in enumerate(sent, start=1):
        shown = next((t for t, n in seen if n >= k), None)
        latencies.append(None if shown is None else (shown - at) / 1000)
    got = [x for x in latencies if x is not None]
    print(f"server: {server.how}; database: {'PostgreSQL' if args.database_url else 'SQLite'}")
    print(f"load: {args.participants} participants, {counts['answers']} background answers in "
          f"{load_seconds:.1f} s ({counts['answers'] / load_seconds:.0f}/s), {counts['errors']} errors, "
          f"{counts['refused']} not stored")
    print(f"answers per kind: {dict(sorted(counts['kinds'].items()))}")
    print(f"presenter polls: {dict(sorted(statuses.items()))} (status: count)")
    if got:
        median, p95 = statistics.median(got), percentile(got, 0.95)
        print(f"POST -> on the presenter page, {len(got)} of {len(sent)} measured answers: "
              f"median {median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {max(got) * 1000:.0f} ms "
              f"-> {'PASS' if p95 < TARGET_P95_S and len(got) == len(sent) else 'FAIL'} (target p95 < 1 s)")
    else:
        print("no measured answer appeared on the presenter page: FAIL")
    for status, c in cost.items():
        print(f"live fragment, {status} (no load, sequential): median {c['median_ms']:.1f} ms, "
              f"p95 {c['p95_ms']:.1f} ms, body {c['body_bytes']} bytes, statuses {c['statuses']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
