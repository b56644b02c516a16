"""Phones in step: from the facilitator's key on the presenter page to every phone's screen.

Run:  .venv/bin/python bench/step_latency.py [--phones 300] [--browsers 3] [--steps 9]
                                              [--mode step|poll] [--root DIR] [--database-url URL]

It builds a throw-away instance of the checkout at --root (default: this one; SQLite unless
--database-url): a facilitator-paced meeting of one prompt per kind (app/meetings/prompt_kinds.py)
served by gunicorn with gunicorn.conf.py (gthread, WEB_CONCURRENCY workers, default 4). Then:

- the facilitator logs in with Chromium at 1920x1080 and opens the presenter page;
- `--browsers` Chromium phones (390x844) join; a MutationObserver records when their <h1> changes;
- `--phones` simulated phones (threads, plain HTTP) join and follow the meeting the way the
  phone's code does: `--mode step` (static/js/participant/follow.js: GET .../step?known=<key>,
  again at once, after retry_ms when told) or `--mode poll` (the code before: GET the whole
  meeting every 4 s). Each answers the prompt it sees after 1-3 s (a value of its kind, from
  app/meetings/sample_values.py): every kind is driven, and the server is under load.
- `--steps` times, 5-8 s apart, the facilitator presses → in the presenter page. A keydown
  listener records Date.now(); latency = when a phone first shows the new prompt minus that
  (same machine, same clock). The presenter's own latency is until its .prompt-text shows it.

Printed: p50/p95/max for simulated phones, Chromium phones and the presenter; the gunicorn
workers' CPU time per phone per minute (from /proc) and requests per phone per minute.
Exit status 0 whatever the verdict (a benchmark); 2 if it could not run."""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from live_latency import CHROMIUM, CHROMIUM_ARGS, free_port, percentile, post  # noqa: E402

from app.meetings.sample_values import sample_value  # noqa: E402

PREPARE = r"""
import json
from flask_migrate import upgrade
from app import create_app, meetings
from app.extensions import db
from app.models import Organisation, User
from app.meetings.prompt_kinds import KINDS
app = create_app()
with app.app_context():
    upgrade(directory="migrations")
    org = Organisation(name="Bench", kind="youth_work")
    user = User(email="bench@example.org", name="Bench", organisation=org, role="facilitator")
    user.set_password("bench-password-1")
    db.session.add_all([org, user]); db.session.commit()
    meeting = meetings.create_meeting(user, "Step bench", pacing="facilitator")
    for kind in KINDS:
        meetings.add_prompt(meeting, kind, {"nl": "Vraag " + kind, "en": "Question " + kind})
    meetings.set_status(meeting, "open")
    print(json.dumps({"token": meeting.token, "id": meeting.id,
                      "prompts": [[p.id, p.kind, p.options] for p in meeting.prompts]}))
"""
WATCH = """(selector) => { window.__keys = []; window.__seen = [];
  document.addEventListener("keydown", () => window.__keys.push(Date.now()), true);
  const note = () => window.__seen.push([Date.now(), document.querySelector(selector)?.textContent || ""]);
  note();
  new MutationObserver(note).observe(document.body, {childList: true, subtree: true, characterData: true});
}"""


def cpu_seconds(pids) -> float:
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError):
            pass
    return total


def get(url: str, timeout: float) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())


class Phone(threading.Thread):
    """A simulated phone: joins, follows the meeting (mode), answers what it sees."""

    def __init__(self, base, token, samples, mode, stop, stats):
        super().__init__(daemon=True)
        self.base, self.token, self.samples, self.mode = base, token, samples, mode
        self.stop, self.stats = stop, stats
        self.seen: list[tuple[float, int | None]] = []
        self.shown = None

    def show(self, state: dict) -> None:
        if state["current_prompt_id"] != self.shown:
            self.shown = state["current_prompt_id"]
            self.seen.append((time.time() * 1000, self.shown))
            if self.shown:
                threading.Timer(random.uniform(1, 3), self.answer, args=(self.shown,)).start()

    def answer(self, prompt_id: int) -> None:
        item = {"uuid": os.urandom(16).hex(), "prompt_id": prompt_id, "value": self.samples[prompt_id](),
                "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())}
        try:
            post(f"{self.base}/api/meetings/{self.token}/answers", {"answers": [item]}, self.device)
            self.stats["answers"] += 1
        except Exception:  # noqa: BLE001
            self.stats["errors"] += 1

    def run(self) -> None:
        url = f"{self.base}/api/meetings/{self.token}"
        self.device = post(f"{url}/participants", {"group": random.choice(("youngster", "officer")),
                                                  "language": "nl"})["device_token"]
        key = ""
        time.sleep(random.uniform(0, 4))
        while not self.stop.is_set():
            try:
                self.stats["requests"] += 1
                if self.mode == "poll":
                    self.show(get(url, 10))
                    self.stop.wait(4)
                    continue
                state = get(f"{url}/step?known={key}", 30)
                moved, key = state["key"] != key, state["key"]
                self.show(state)
                if state.get("retry_ms"):
                    self.stats["told_to_poll"] += 1
                    self.stop.wait(state["retry_ms"] / 1000)
                elif moved:  # as follow.js: the room's next asks spread over a second
                    self.stop.wait(random.uniform(0.3, 1.5))
            except Exception:  # noqa: BLE001
                self.stats["errors"] += 1
                self.stop.wait(4)


def latencies(keys, seen_lists, targets) -> list[float]:
    """For each key press k (moving to targets[k]): every watcher's first sight of it."""
    out = []
    for at, target in zip(keys, targets, strict=True):
        for seen in seen_lists:
            first = next((t for t, shown in seen if t >= at - 50 and shown == target), None)
            out.append(float("inf") if first is None else first - at)
    return out


def summary(name: str, values: list[float]) -> str:
    lost = sum(1 for v in values if v == float("inf"))
    got = [v for v in values if v != float("inf")]
    if not got:
        return f"{name}: nothing seen"
    return (f"{name}: n={len(values)} p50 {statistics.median(got):.0f} ms, "
            f"p95 {percentile(values, 0.95):.0f} ms, "
            f"max {max(got):.0f} ms{f', {lost} never seen' if lost else ''}")


def main() -> int:  # noqa: PLR0915
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--browsers", type=int, default=3)
    parser.add_argument("--steps", type=int, default=9)
    parser.add_argument("--mode", choices=("step", "poll"), default="step")
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--database-url")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    root, tmp = Path(args.root), Path(tempfile.mkdtemp(prefix="allo-bench-step-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "FLASK_APP": "app", "ALLO_INSTANCE": str(tmp / "instance"), "SECRET_KEY": "bench",
           "DATABASE_URL": args.database_url or f"sqlite:///{tmp / 'bench.db'}", "GUNICORN_ACCESS_LOG": "",
           "GUNICORN_MAX_REQUESTS": "0", "ALLO_LIMIT_ANSWERS_DEVICE": "1000 per minute"}
    done = subprocess.run([sys.executable, "-c", PREPARE], cwd=root, env=env, capture_output=True, text=True)
    if done.returncode:
        print(done.stderr[-3000:], file=sys.stderr)
        return 2
    data = json.loads(done.stdout.strip().splitlines()[-1])
    samples = {pid: (lambda k=kind, o=options: sample_value(k, o)) for pid, kind, options in data["prompts"]}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind",
                               f"127.0.0.1:{port}", "app:create_app()"], cwd=root, env=env,
                              stdout=open(tmp / "server.log", "w"), stderr=subprocess.STDOUT)
    stop = threading.Event()
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        workers = [int(p) for p in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()]
        stats = {"answers": 0, "errors": 0, "requests": 0, "told_to_poll": 0}
        token = data["token"]
        with sync_playwright() as pw:
            chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            laptop = chromium.new_page(viewport={"width": 1920, "height": 1080}, base_url=base, locale="en")
            laptop.goto("/login")
            laptop.fill("input[name=email]", "bench@example.org")
            laptop.fill("input[name=password]", "bench-password-1")
            laptop.click("button[type=submit]")
            laptop.wait_for_url("**/f/")
            laptop.goto(f"/f/meetings/{data['id']}/present")
            laptop.evaluate(WATCH, ".prompt-text")
            browsers = []
            for _ in range(args.browsers):
                phone = chromium.new_page(viewport={"width": 390, "height": 844}, base_url=base)
                phone.goto(f"/j/{token}?lang=en")
                phone.get_by_role("button", name="Youngster").click()
                phone.wait_for_selector("h1:text('Wait for the facilitator')")
                phone.evaluate(WATCH, "h1")
                browsers.append(phone)
            phones = [Phone(base, token, samples, args.mode, stop, stats) for _ in range(args.phones)]
            for phone in phones:
                phone.start()
                time.sleep(0.01)
            laptop.wait_for_timeout(6000)  # every phone joined and follows
            started, cpu_before, requests_before = time.time(), cpu_seconds(workers), stats["requests"]
            targets = [pid for pid, _, _ in data["prompts"]][:args.steps]
            for _ in targets:
                laptop.wait_for_timeout(random.randint(5000, 8000))
                laptop.keyboard.press("ArrowRight")
            laptop.wait_for_timeout(6000)
            minutes = (time.time() - started) / 60
            cpu = cpu_seconds(workers) - cpu_before
            requests = stats["requests"] - requests_before
            keys = laptop.evaluate("window.__keys")
            presenter = laptop.evaluate("window.__seen")
            by_kind = {kind: pid for pid, kind, _ in data["prompts"]}  # "Vraag scale", "Question scale"
            which = [(lambda h: by_kind.get((h.split() or [""])[-1]))][0]
            screens = [[(t, which(h)) for t, h in b.evaluate("window.__seen")] for b in browsers]
            projected = [[(t, which(h)) for t, h in presenter]]
            chromium.close()
    finally:
        stop.set()
        server.terminate()  # graceful: the held requests end within 20 s
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    print(f"mode {args.mode}; {args.phones} simulated + {args.browsers} Chromium phones; root {root}; "
          f"database {'PostgreSQL' if args.database_url else 'SQLite'}; {len(keys)} key presses")
    print(summary("simulated phones (reply arrived)", latencies(keys, [p.seen for p in phones], targets)))
    print(summary("Chromium phones (h1 changed)", latencies(keys, screens, targets)))
    print(summary("presenter (.prompt-text changed)", latencies(keys, projected, targets)))
    phones_total = args.phones + args.browsers
    per_phone = cpu / minutes / phones_total * 1000
    print(f"gunicorn workers: {cpu:.1f} CPU s in {minutes:.1f} min = {per_phone:.1f} CPU ms "
          f"per phone per minute (answers included); simulated phones' follow requests: "
          f"{requests / minutes / args.phones:.1f} per phone per minute; answers {stats['answers']}, "
          f"errors {stats['errors']}, told to poll {stats['told_to_poll']}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
