"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py "app:create_app()"`.

Every value can be changed from the environment (README "Running for a whole region").

Workers: gthread (threads in each worker process). The app's requests are short and
wait mostly on the database; threads let one process overlap those waits, keep HTTP
keep-alive connections (sync workers close every connection, which costs phones on a
slow network a new TCP/TLS handshake per answer) and do not tie a whole process to a
slow phone when no buffering proxy sits in front. Processes, not threads, give the
parallelism: WEB_CONCURRENCY defaults to two per core.

Phones that follow the facilitator wait for the next prompt in a request that lasts up to
20 s (app/live/step.py): each holds a thread, blocked, using no CPU. ALLO_STEP_HOLDS (200)
such requests per process are allowed, and each process gets that many threads on top of
GUNICORN_THREADS, so ordinary requests (answers, joins) never queue behind waiting phones.
Phones beyond it poll every 3 s instead. A sync worker never holds one (WSGI's
wsgi.multithread is false there): its phones poll.

Logs: the access log format leaves out the client address (%(h)s) and the user agent
(%(a)s): the app keeps no IP address or user agent, in the database or in its logs.
With ALLO_LOG_FORMAT=json (the default) both gunicorn's logs are JSON lines
(app/ops/gunicorn_logging.py).

Metrics: the workers count into PROMETHEUS_MULTIPROC_DIR (one folder per instance,
emptied at start) and /metrics adds them up (app/ops/metrics.py)."""

import multiprocessing
import os
import shutil
import tempfile

bind = os.environ.get("GUNICORN_BIND") or "{}:{}".format(os.environ.get("HOST", "0.0.0.0"),
                                                         os.environ.get("PORT", "8000"))
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
step_holds = int(os.environ.get("ALLO_STEP_HOLDS", 200))
threads = int(os.environ.get("GUNICORN_THREADS", 4)) + step_holds
raw_env = [f"ALLO_STEP_HOLDS={step_holds}"]  # the app's own count (config.STEP_HOLDS)
# A request that takes longer than this is a stuck worker: restart it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# Restart a worker now and then, staggered, so a slow leak can never grow for weeks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 20000))
max_requests_jitter = 2000
# The workers' heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# No address, no user agent, no referrer: time, request line, status, size, duration.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")  # "" turns the access log off
if not accesslog:
    accesslog = None
access_log_format = '- - - %(t)s "%(r)s" %(s)s %(B)s %(M)sms'
# ...and the join, presenter and API tokens in the request line are cut out.
logger_class = "app.ops.gunicorn_logging.RedactingLogger"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Behind a reverse proxy on this host, trust its X-Forwarded-* headers (the app
# itself reads X-Forwarded-For only with ALLO_TRUSTED_PROXIES set).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# gunicorn's control socket (`gunicornc`) is one path per user: two instances on one
# host would fight over it. Off unless asked for.
control_socket_disable = os.environ.get("GUNICORN_CONTROL_SOCKET", "0") != "1"

# Prometheus's multiprocess mode: the workers count into one folder per instance (by
# its port), set before any worker imports prometheus_client.


def on_starting(server):
    """Figures of an earlier run are not this run's (the folder itself may belong to
    systemd: RuntimeDirectory in deploy/allo@.service)."""
    port = str(server.cfg.bind[0]).rsplit(":", 1)[-1].replace("/", "_")
    metrics_dir = os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR",
                                        os.path.join(tempfile.gettempdir(), f"allo-metrics-{port}"))
    os.makedirs(metrics_dir, mode=0o700, exist_ok=True)
    for name in os.listdir(metrics_dir):
        path = os.path.join(metrics_dir, name)
        shutil.rmtree(path) if os.path.isdir(path) else os.unlink(path)


def child_exit(server, worker):
    from prometheus_flask_exporter.multiprocess import GunicornInternalPrometheusMetrics

    GunicornInternalPrometheusMetrics.mark_process_dead_on_child_exit(worker.pid)
