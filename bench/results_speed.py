"""Speed of a meeting's results, against the target of the live presenter view:

  "All results of a meeting (10 prompts, 500 participants) compute in under 50 ms."

Run:  .venv/bin/python bench/results_speed.py              # a throw-away SQLite file
      .venv/bin/python bench/results_speed.py --postgres   # postgresql://postgres@127.0.0.1:5432/test_h3
      .venv/bin/python bench/results_speed.py --postgres postgresql://postgres@host/db

--postgres DROPS EVERY TABLE of the database it is given, then builds the schema with
the migrations: give it a database of its own. SQLite runs in a temporary directory,
removed at the end.

It builds one meeting with 10 prompts of mixed kinds and 500 participants (300
youngsters, 150 officers, 50 others) who all answer every prompt (5,000 answers,
inserted in bulk), then times what a request does: load the meeting afresh and
compute app.results.meeting_results (30 runs after one warm-up; median and p95 in
ms). The CSV and JSON exports are timed the same way, for information. It also counts
the full garbage collections during the runs: their pause grows with the whole heap.
Exit status 0 whatever the verdict (a benchmark, not a test); 2 if it could not run.
"""

import argparse
import gc
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = "postgresql://postgres@127.0.0.1:5432/test_h3"
TARGET_MS = 50
# Every kind of app/meetings/prompt_kinds.py, then some again: 10 prompts (or more, if
# more kinds come); answers from app/meetings/sample_values.py, which knows every kind.
EXTRA = ("scale", "position", "words")
GROUPS = ["youngster"] * 300 + ["officer"] * 150 + ["other"] * 50


def kinds() -> tuple:
    from app.meetings.prompt_kinds import KINDS

    return KINDS + EXTRA[:max(0, 10 - len(KINDS))]


def build(db, meetings, models) -> int:
    """The meeting, its prompts, participants and answers; returns the meeting's id."""
    from sqlalchemy import insert, select

    from app.meetings.sample_values import sample_value

    rng = random.Random(2025)
    org = models.Organisation(name="Bench", kind="city")
    db.session.add(org)
    db.session.commit()
    meeting = models.Meeting(organisation_id=org.id, title="Bench", token=meetings.new_token(),
                             code=meetings.new_code(), status="open")
    db.session.add(meeting)
    db.session.commit()
    for i, kind in enumerate(kinds()):
        options = {"min": 1, "max": 5, "style": "faces"} if kind == "scale" and i > 4 else None
        meetings.add_prompt(meeting, kind, {"nl": f"Vraag {i + 1}"}, options)
    db.session.execute(insert(models.Participant), [
        {"meeting_id": meeting.id, "token_hash": uuid.uuid4().hex * 2, "group": group, "language": "nl"}
        for group in GROUPS])
    people = db.session.scalars(select(models.Participant.id).where(
        models.Participant.meeting_id == meeting.id)).all()
    start = datetime.now(UTC) - timedelta(hours=1)
    db.session.execute(insert(models.Answer), [
        {"uuid": str(uuid.uuid4()), "participant_id": person, "prompt_id": prompt.id,
         "value": sample_value(prompt.kind, prompt.options, rng),
         "recorded_at": start + timedelta(seconds=rng.randint(0, 3000)),
         "received_at": start + timedelta(seconds=3000)}
        for prompt in meeting.prompts for person in people])
    db.session.commit()
    return meeting.id


def timed(db, meeting_id: int, compute, runs: int) -> tuple[list[float], int]:
    """ms per run of: forget the session, load the meeting, compute; and how many full
    (generation 2) garbage collections ran meanwhile: each adds a pause that depends
    on the whole heap, not on this code."""
    from app.models import Meeting

    full = []
    count_full = lambda phase, info: phase == "start" and info["generation"] == 2 and full.append(1)  # noqa: E731
    figures = []
    gc.collect()  # start without the garbage of the build
    gc.callbacks.append(count_full)
    try:
        for _ in range(runs + 1):
            db.session.expire_all()
            started = time.perf_counter()
            compute(db.session.get(Meeting, meeting_id))
            figures.append((time.perf_counter() - started) * 1000)
    finally:
        gc.callbacks.remove(count_full)
    return figures[1:], len(full)  # the first run warms caches up


def report(name: str, timing: tuple[list[float], int], target: float | None = None) -> None:
    figures, full_collections = timing
    median, p95 = statistics.median(figures), statistics.quantiles(figures, n=20)[18]
    verdict = "" if target is None else f"  target < {target} ms: {'PASS' if p95 < target else 'FAIL'} (p95)"
    print(f"  {name:<20} median {median:6.1f} ms  p95 {p95:6.1f} ms  min {min(figures):6.1f}  "
          f"max {max(figures):6.1f}  full GCs {full_collections}{verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", nargs="?", const=POSTGRES, metavar="URL",
                        help=f"run on this PostgreSQL database (default {POSTGRES}); its tables are dropped")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="allo-bench-results-"))
    os.environ["ALLO_INSTANCE"] = str(tmp / "instance")
    os.environ["DATABASE_URL"] = args.postgres or f"sqlite:///{tmp / 'bench.db'}"
    os.environ.setdefault("SECRET_KEY", "bench")
    sys.path.insert(0, str(ROOT))
    try:
        from flask_migrate import upgrade

        from app import create_app, meetings, models
        from app.extensions import db
        from app.results import exports, per_prompt

        app = create_app()
        with app.app_context():
            db.drop_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
            upgrade(directory=str(ROOT / "migrations"))
            started = time.perf_counter()
            meeting_id = build(db, meetings, models)
            built = time.perf_counter() - started
            print(f"{db.engine.dialect.name} ({db.engine.url.render_as_string(hide_password=True)})")
            print(f"  built {len(kinds())} prompts x {len(GROUPS)} participants = "
                  f"{len(kinds()) * len(GROUPS)} answers in {built:.1f} s; {args.runs} runs each:")
            report("meeting_results", timed(db, meeting_id, per_prompt.meeting_results, args.runs), TARGET_MS)
            report("export CSV", timed(db, meeting_id, exports.to_csv, args.runs))
            report("export JSON (dict)", timed(db, meeting_id, exports.to_json, args.runs))
            db.session.remove()
            if args.postgres:
                db.drop_all()
            db.engine.dispose()
    except Exception as error:  # noqa: BLE001 - a benchmark reports why it could not run
        print(f"could not run: {error!r}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
