"""Simulated phones for locust (run by bench/load/run.py; see bench/README.md).

A phone joins the meeting (POST /api/meetings/<token>/participants), keeps the device
token, and sends answers the way static/js/outbox.js does: a JSON body
{"answers": [...], "waiting": n} with UUIDs made on the phone, Authorization: Bearer,
Content-Type application/json, Origin of the same host; an answer leaves the outbox only
when the reply settles its UUID; a failed send is retried later with the same UUIDs
(backoff), and a share of the sends whose reply is "lost" are sent again as they were.

BENCH_SCENARIO picks the behaviour:
  meeting  - each phone joins, answers N prompts one by one (1-3 s to read and tap
             each), then idles
  latency  - each phone joins, then answers one prompt every 1-3 s, for ever
  single   - no think time: one-answer batches back to back (throughput)
  trivial  - no think time: GET BENCH_TRIVIAL_PATH (the app's own ceiling)
  batched  - no think time: batches of BENCH_BATCH answers (an outbox emptied at once)
Every acknowledged UUID is written to BENCH_ACKS (one JSON line per UUID with its
device, prompt and recorded_at) when the run ends, for the row count afterwards."""

import json
import os
import random
import time
import uuid
from datetime import UTC, datetime, timedelta

import gevent
from locust import FastHttpUser, constant, events, task

SCENARIO = os.environ.get("BENCH_SCENARIO", "meeting")
TOKEN = os.environ["BENCH_MEETING"]
# [[id, kind, [sample values]], ...]: every kind, values made by app/meetings/sample_values.py
PROMPTS = json.loads(os.environ["BENCH_PROMPTS"])
ANSWERS_EACH = int(os.environ.get("BENCH_ANSWERS_EACH", 10))
BATCH = int(os.environ.get("BENCH_BATCH", 50))
LOST_REPLY = float(os.environ.get("BENCH_LOST_REPLY", 0.03))  # resend as if the reply was lost
TRIVIAL = os.environ.get("BENCH_TRIVIAL_PATH", "/healthz")
SUCCESS = {"stored", "duplicate", "superseded"}
ACKS: dict[str, tuple] = {}
SENT: set[str] = set()
SPAN = {"first_join": None, "last_ack": None}  # wall-clock times, for "all answered within"
_clock = datetime.now(UTC) - timedelta(minutes=1)


class Phone(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.origin = self.host.rstrip("/")
        self.headers = {"Content-Type": "application/json", "Origin": self.origin}
        self.device = None
        self.sequence = 0
        if SCENARIO != "trivial":
            self.join()

    def join(self):
        body = {"group": random.choice(["youngster", "officer", "other"]), "language": "nl"}
        SPAN["first_join"] = SPAN["first_join"] or time.time()
        while self.device is None:
            with self.client.post(f"/api/meetings/{TOKEN}/participants", json=body,
                                  headers=self.headers, name="join", catch_response=True) as r:
                if r.status_code == 201:
                    self.device = r.json()["device_token"]
                    self.headers = {**self.headers, "Authorization": f"Bearer {self.device}"}
                else:
                    r.failure(f"join: HTTP {r.status_code}")
                    gevent.sleep(1)

    def item(self) -> dict:
        prompt_id, _, samples = PROMPTS[self.sequence % len(PROMPTS)]
        self.sequence += 1
        # Edits of one prompt carry increasing times: the newest (the last acked) wins.
        recorded = _clock + timedelta(milliseconds=self.sequence)
        return {"uuid": str(uuid.uuid4()), "prompt_id": prompt_id, "value": random.choice(samples),
                "recorded_at": recorded.isoformat()}

    def send(self, items: list[dict], name: str) -> None:
        """Send until every item is settled, as the outbox does (same UUIDs on retry)."""
        failures = 0
        SENT.update(i["uuid"] for i in items)
        while items:
            body = {"answers": items, "waiting": 0}
            with self.client.post(f"/api/meetings/{TOKEN}/answers", json=body, headers=self.headers,
                                  name=name, catch_response=True) as r:
                if r.status_code != 200:
                    r.failure(f"HTTP {r.status_code}")
                    failures += 1
                    gevent.sleep(min(5.0, 0.2 * 2 ** failures) * random.uniform(0.5, 1))
                    continue
                outcome = {res["uuid"]: res for res in r.json()["results"]}
                left = []
                for i in items:
                    res = outcome.get(i["uuid"], {})
                    if res.get("status") in SUCCESS:
                        ACKS[i["uuid"]] = (self.device[:12], i["prompt_id"], i["recorded_at"])
                        SPAN["last_ack"] = time.time()
                    elif res.get("status") != "rejected":
                        left.append(i)
                    else:
                        r.failure(f"rejected: {res.get('error')}")
                items = left
            if not items and random.random() < LOST_REPLY:
                # The reply never reached the phone: it sends the same batch again.
                self.client.post(f"/api/meetings/{TOKEN}/answers", json=body, headers=self.headers,
                                 name=name + " (resent)")

    @task
    def act(self):
        if SCENARIO == "trivial":
            self.client.get(TRIVIAL, name="trivial")
        elif SCENARIO == "single":
            self.send([self.item()], "answer")
        elif SCENARIO == "batched":
            self.send([self.item() for _ in range(BATCH)], f"batch of {BATCH}")
        elif SCENARIO == "latency":
            gevent.sleep(random.uniform(1, 3))
            self.send([self.item()], "answer")
        else:  # meeting: read a prompt, answer, next; then done
            for _ in range(ANSWERS_EACH):
                gevent.sleep(random.uniform(1, 3))
                self.send([self.item()], "answer")
            while True:
                gevent.sleep(3600)


@events.test_stop.add_listener
def dump(environment, **kwargs):
    path = os.environ.get("BENCH_ACKS")
    if path:
        with open(path, "w") as out:
            json.dump({"acked": ACKS, "sent": len(SENT), **SPAN}, out)
