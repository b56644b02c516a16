"""CPU per request in one process (Flask test client): single answers, /healthz and
batches of 50, rate limits on and counted in Redis (ALLO_RATELIMIT=0 turns them off).
Less noisy than bench/load on a shared machine: it counts the process's CPU time, not
wall time. Usage (from the project root, any checkout):

    .venv/bin/python bench/answer_cpu.py [ROOT] [postgresql://... (DROPS its tables)]
"""

import json
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path


def main(root: str, database_url: str | None) -> None:
    tmp = tempfile.mkdtemp(prefix="answer-cpu-")
    os.environ.update(ALLO_INSTANCE=tmp, SECRET_KEY="bench", REDIS_URL=os.environ.get(
        "REDIS_URL", "redis://127.0.0.1:6379/0"), ALLO_RATELIMIT_PREFIX="cpu-" + uuid.uuid4().hex[:6],
        ALLO_LIMIT_ANSWERS_ADDRESS="1000000 per minute", ALLO_LIMIT_ANSWERS_DEVICE="1000000 per minute",
        DATABASE_URL=database_url or f"sqlite:///{tmp}/allo.db")
    sys.path.insert(0, root)
    os.chdir(root)
    from flask_migrate import upgrade
    from sqlalchemy import text

    from app import create_app
    from app.extensions import db
    from tests import factories

    app = create_app()
    with app.app_context():
        if database_url:
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade(directory=str(Path(root) / "migrations"), revision="heads")
        meeting = factories.meeting(kinds=("scale",) * 10)
        prompts, token = [p.id for p in meeting.prompts], meeting.token
        devices = [factories.participant(meeting)[1] for _ in range(40)]
    client, url = app.test_client(), f"/api/meetings/{token}/answers"

    def item(i: int) -> dict:
        return {"uuid": str(uuid.uuid4()), "prompt_id": prompts[i % 10], "value": 1 + i % 10,
                "recorded_at": datetime.now(UTC).isoformat()}

    def post(i: int, items: list) -> None:
        body = {"answers": items, "sent_at": datetime.now(UTC).isoformat()}
        response = client.post(url, data=json.dumps(body), content_type="application/json",
                               headers={"Authorization": "Bearer " + devices[i % 40]})
        assert response.status_code == 200, response.data

    def cpu_ms(n: int, request) -> float:
        for i in range(20):
            request(i)
        start = time.process_time()
        for i in range(n):
            request(i)
        return (time.process_time() - start) / n * 1000

    def answer(i):
        post(i, [item(i)])

    def healthz(_):
        assert client.get("/healthz").status_code == 200

    def batch(i):
        post(i, [item(j) for j in range(50)])

    one = min(cpu_ms(1500, answer) for _ in range(2))
    trivial = min(cpu_ms(1500, healthz) for _ in range(2))
    fifty = cpu_ms(60, batch)
    print(f"{root}: answer {one:.3f} ms CPU, /healthz {trivial:.3f} ms CPU, ratio {trivial / one:.0%}; "
          f"batch of 50 {fifty:.1f} ms CPU")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parent.parent),
         sys.argv[2] if len(sys.argv) > 2 else None)
