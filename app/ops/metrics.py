"""/metrics in Prometheus's text format (prometheus-flask-exporter).

Under gunicorn (gunicorn.conf.py sets PROMETHEUS_MULTIPROC_DIR) every worker writes
its figures to that folder and /metrics adds them up (multiprocess mode); without it
(`flask run`, tests) the one process counts alone.

What is counted, with no personal data in any label (labels are endpoint names,
HTTP methods and statuses, and fixed words): requests by endpoint and status and
their latency (histograms), answers by outcome (stored, duplicate, superseded,
rejected), rejections by their error code, phones' outbox "waiting" reports, and push
deliveries by state (read from the database at each scrape).

Who may read it: a request straight from this host (a loopback address and no
X-Forwarded-For or Forwarded header: the proxy in front adds one), or one with
`Authorization: Bearer <ALLO_METRICS_TOKEN>`. Anyone else gets 404."""

import hmac
import ipaddress
import os
import re
from functools import wraps

from flask import Flask, abort, current_app, request
from prometheus_client import CollectorRegistry, Counter
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select

from app.extensions import db
from app.models import PushDelivery

OUTCOMES = ("stored", "duplicate", "superseded", "rejected")
_CODE = re.compile(r"^[a-z_]{1,40}$")


def allowed() -> bool:
    token = current_app.config.get("METRICS_TOKEN") or ""
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    if request.headers.get("X-Forwarded-For") or request.headers.get("Forwarded"):
        return False
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


def guarded(view):
    @wraps(view)
    def checked(*args, **kwargs):
        if not allowed():
            abort(404)
        return view(*args, **kwargs)
    return checked


class PushDeliveries:
    """A collector: push deliveries by state (due, sent, failed), counted in the database,
    so deliveries made by `send-due` (another process, from a timer) are seen too."""

    def collect(self):
        family = GaugeMetricFamily("allo_push_deliveries", "Push deliveries by state.", labels=["state"])
        try:
            rows = db.session.execute(select(PushDelivery.state, func.count()).group_by(PushDelivery.state))
            for state, count in rows:
                family.add_metric([state if _CODE.match(state or "") else "other"], count)
        except Exception:  # noqa: BLE001 - a scrape without a database still shows the rest
            db.session.rollback()
        yield family


class Counters:
    def __init__(self, registry):
        self.answers = Counter("allo_answers", "Answers received, by outcome.", ["outcome"],
                               registry=registry)
        self.rejections = Counter("allo_answer_rejections", "Answers rejected, by error code.", ["error"],
                                  registry=registry)
        self.waiting = Counter("allo_outbox_waiting_reports", "Phones' reports of answers still in their "
                               "outbox.", registry=registry)

    def count(self, response):
        """After a request: what the participant API said about each answer."""
        if request.endpoint == "api.put_waiting" and response.status_code == 200:
            self.waiting.inc()
        if request.endpoint != "api.post_answers" or response.status_code != 200:
            return response
        if "Content-Encoding" in response.headers or not response.is_json:
            return response
        results = (response.get_json(silent=True) or {}).get("results") or []
        for item in results:
            outcome = item.get("status") if item.get("status") in OUTCOMES else "rejected"
            self.answers.labels(outcome).inc()
            if outcome == "rejected":
                error = item.get("error") or ""
                self.rejections.labels(error if _CODE.match(error) else "other").inc()
        return response


def init_app(app: Flask) -> None:
    if os.path.isdir(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or "/nonexistent"):
        from prometheus_flask_exporter.multiprocess import GunicornInternalPrometheusMetrics as Metrics
    else:
        from prometheus_flask_exporter import PrometheusMetrics as Metrics
    registry = CollectorRegistry()
    exporter = Metrics(app, registry=registry, group_by="endpoint", metrics_decorator=guarded,
                       defaults_prefix="allo_flask", excluded_paths=["^/static/"])
    registry.register(PushDeliveries())
    counters = Counters(registry)
    app.after_request(counters.count)
    app.extensions["allo_metrics"] = exporter
