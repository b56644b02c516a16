"""Live servers for tests: the real app in its own process, on a free port."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_health(url: str, process: subprocess.Popen, log: Path) -> None:
    """Wait until the server answers /healthz (or give up with its log)."""
    for _ in range(150):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)
            return
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError(log.read_text())


class Server:
    """The real app in its own process (flask run), on the test database. It can be
    stopped and started again on the same port (the same origin keeps the browser's
    service worker and IndexedDB). Its log goes to log_dir."""

    def __init__(self, log_dir: Path, env: dict | None = None, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "FLASK_APP": "app", "PYTHONUNBUFFERED": "1", **(env or {})}
        self.log = Path(log_dir) / f"server-{self.port}.log"
        self.process = None

    def start(self, **env) -> "Server":
        self.env.update(env)
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "flask", "run", "--port", str(self.port), "--no-reload"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )
        try:
            wait_for_health(self.url, self.process, self.log)
        except RuntimeError:
            self.process = None
            raise
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None
