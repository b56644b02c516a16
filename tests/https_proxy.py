"""deploy/ as a test and a benchmark run it: app servers under gunicorn
(gunicorn.conf.py), Debian's Caddy with deploy/Caddyfile and `tls internal` in front,
and a browser home whose NSS database trusts Caddy's internal root CA (Chromium on
Linux reads $HOME/.pki/nssdb), so nothing on the machine trusts it but that browser.

Nothing here needs root: Caddy listens on free ports above 1024, keeps its CA in a
temporary folder and never installs it (skip_install_trust)."""

import http.client
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "allo.test"  # a name, not localhost: the browser treats it as any public site


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, what: str, log: Path | None = None, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not come up\n{log.read_text() if log and log.exists() else ''}")
        time.sleep(0.2)


class Process:
    def __init__(self, args, env, log: Path):
        self.log = log
        with open(log, "a") as out:
            self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def gunicorn(tmp: Path, env: dict) -> tuple[Process, int]:
    """One app server as deploy/allo@.service starts it: gunicorn -c gunicorn.conf.py."""
    port = free_port()
    metrics = tmp / f"metrics-{port}"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "HOST": "127.0.0.1", "PORT": str(port),
           "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "4", "PROMETHEUS_MULTIPROC_DIR": str(metrics), **env}
    server = Process([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:create_app()"], env,
                     tmp / f"gunicorn-{port}.log")
    wait_for(lambda: healthy(f"http://127.0.0.1:{port}/healthz"), "gunicorn", server.log)
    return server, port


@dataclass
class Reply:
    status: int
    headers: dict  # lower-case names
    body: bytes


def healthy(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=2) as response:
        return response.status == 200


class Caddy:
    """deploy/Caddyfile with ALLO_TLS=internal in front of `upstreams`."""

    def __init__(self, tmp: Path, upstreams: list[int], port: int | None = None):
        self.tmp = tmp
        self.port = port or free_port()
        self.url = f"https://{DOMAIN}:{self.port}"
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp / "caddy-home"),
               "XDG_DATA_HOME": str(tmp / "caddy-data"), "XDG_CONFIG_HOME": str(tmp / "caddy-config"),
               "ALLO_DOMAIN": f"{DOMAIN}:{self.port}", "ALLO_TLS": "internal",
               "ALLO_UPSTREAMS": " ".join(f"127.0.0.1:{p}" for p in upstreams),
               "ALLO_CADDY_ADMIN": "off", "ALLO_HTTP_PORT": str(free_port()),
               "ALLO_HTTPS_PORT": str(self.port)}
        self.ca = tmp / "caddy-data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"
        self.process = Process(["caddy", "run", "--config", str(ROOT / "deploy" / "Caddyfile"),
                                "--adapter", "caddyfile"], env, tmp / "caddy.log")
        wait_for(self.ca.exists, "Caddy's internal CA", self.process.log)
        wait_for(lambda: self.get("/healthz").status == 200, "Caddy in front of the app", self.process.log)

    def context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca))

    def get(self, path: str, headers: dict | None = None) -> "Reply":
        """A request through Caddy by its name (the certificate is for DOMAIN), to 127.0.0.1."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.sock = self.context().wrap_socket(
                socket.create_connection(("127.0.0.1", self.port), 10), server_hostname=DOMAIN)
            connection.request("GET", path, headers={"Host": f"{DOMAIN}:{self.port}", **(headers or {})})
            response = connection.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()

    def stop(self):
        self.process.stop()


def trusting_home(tmp: Path, ca: Path) -> Path:
    """A HOME whose NSS database (the one Chromium on Linux reads) trusts `ca` for
    websites, and nothing else on the machine does."""
    home = tmp / "browser-home"
    nssdb = home / ".pki" / "nssdb"
    nssdb.mkdir(parents=True, exist_ok=True)
    subprocess.run(["certutil", "-N", "-d", f"sql:{nssdb}", "--empty-password"], check=True)
    subprocess.run(["certutil", "-A", "-d", f"sql:{nssdb}", "-n", "caddy-internal-root", "-t", "C,,",
                    "-i", str(ca)], check=True)
    return home


def browser_args() -> list[str]:
    """Chromium finds DOMAIN at 127.0.0.1 (no /etc/hosts entry needed)."""
    return [f"--host-resolver-rules=MAP {DOMAIN} 127.0.0.1", "--disable-quic"]


class Stack:
    """Two app servers behind Caddy; stop() ends all three and removes the folder."""

    def __init__(self, env: dict | None = None):
        self.tmp = Path(tempfile.mkdtemp(prefix="allo-https-"))
        self.servers = []
        try:
            self.port = free_port()
            self.url = f"https://{DOMAIN}:{self.port}"
            ports = []
            for _ in range(2):
                server, port = gunicorn(self.tmp, {"ALLO_TRUSTED_PROXIES": "1", "PUBLIC_URL": self.url,
                                                   **(env or {})})
                self.servers.append(server)
                ports.append(port)
            self.caddy = Caddy(self.tmp, ports, self.port)
            self.upstreams = ports
        except Exception:
            self.stop()
            raise

    def stop(self):
        for process in [getattr(self, "caddy", None), *self.servers]:
            if process is not None:
                process.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)
