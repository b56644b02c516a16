"""Page weight of the participant page, against the issue's budget:

  "The participant page's first visit — HTML, CSS, JS, icons, fonts — transfers at
   most 60 KB in total; a repeat visit offline loads with zero network requests."

Run:  .venv/bin/python bench/page_weight.py [--no-slow] [--against run|caddy|both]

It builds a throw-away SQLite instance (migrations + demo meeting) and serves the app
as `make run` does (gunicorn -c gunicorn.conf.py, 2 workers: compressed pages, static
files precompressed by WhiteNoise), and, for --against caddy, also behind Debian's
Caddy with deploy/Caddyfile and `tls internal` (tests/https_proxy.py; the browser
trusts Caddy's CA in its own NSS db). It drives Debian's Chromium (Playwright) at 390x844:

1. First visit: a fresh context opens the join page /j/<token>, and another fresh
   context the home page /. Every response is recorded: the page's through CDP
   (Network domain), the service worker's (its script, importScripts, the SHELL_URLS
   precache) through Playwright's service-worker network events. Each URL counts once
   (the page and the precache both fetch the shell files: one row, both fetch counts
   shown). The budget figure is the bytes on the wire: each URL fetched again by a
   real HTTP client with the Accept-Encoding Chromium sent (gzip, deflate on http;
   br too on https), response headers + body as it arrived (compressed). Beside it:
   Chromium's own encodedDataLength of the page's fetches (headers + encoded body),
   and, for comparison with earlier runs, our own gzip -6 of each body.
2. Repeat visit offline: the join page's context, once its service worker controls the
   page, is cut off (set_offline + a route aborting everything, since set_offline does
   not reach the worker) and the page reloaded. Budget: zero requests not answered by
   the service worker, none failed, and the group choice rendered.
3. Times to render (group buttons visible), unthrottled and, unless --no-slow, on
   "slow 4G" (150 ms, 1.6 Mbps down, 750 kbps up; CPU slowed 4x).

Exit status 0 whatever the verdicts (a benchmark, not a test); 2 if it could not run.
"""

import argparse
import base64
import gzip
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}
BUDGET_BYTES = 60 * 1024  # 60 KB, 1 KB = 1024 bytes
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
           "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4
RENDERED = "#app .group, #app h1"  # the group choice, or a prompt once a group is picked
HOME_RENDERED = "#code"  # the home page's code field

# Let Playwright see (and route) the service worker's own requests (microsoft/playwright#2311).
os.environ["PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"] = "1"


# --- the app ---------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A throw-away instance: SQLite, migrations, the demo meeting, served as `make run`
    does (gunicorn -c gunicorn.conf.py, 2 workers) on a free port."""

    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="allo-bench-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "FLASK_APP": "app", "PYTHONUNBUFFERED": "1",
                    "ALLO_INSTANCE": str(self.tmp / "instance"),
                    "DATABASE_URL": f"sqlite:///{self.tmp / 'bench.db'}",
                    "SECRET_KEY": "bench-secret-key", "HOST": "127.0.0.1", "PORT": str(self.port),
                    "WEB_CONCURRENCY": "2"}
        self.log = self.tmp / "server.log"
        self.process = None
        self.token = None

    def flask(self, *args) -> str:
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT,
                              env=self.env, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def start(self) -> "Server":
        self.flask("db", "upgrade")
        seeded = self.flask("seed-demo", "--base-url", self.url)
        self.token = re.search(r"/j/(\S+)", seeded)[1]
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:create_app()"], cwd=ROOT,
                env={**self.env, "PROMETHEUS_MULTIPROC_DIR": str(self.tmp / "metrics")},
                stdout=log, stderr=subprocess.STDOUT)
        for _ in range(150):
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=1)
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(self.log.read_text())

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


# --- recording ---------------------------------------------------------------------------

class Recorder:
    """Every request of one context: the page's through CDP, the worker's through Playwright."""

    def __init__(self, context, page):
        self.page_requests = {}  # CDP requestId -> dict
        self.worker_requests = []  # Playwright Request objects made by the service worker
        self.worker_failed = []
        self.accept_encoding = None  # what Chromium asked for: the wire figure asks the same
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.requestWillBeSentExtraInfo", self._sent_headers)
        self.cdp.on("Network.responseReceived", self._received)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.loadingFailed", self._failed)
        context.on("request", lambda r: r.service_worker and self.worker_requests.append(r))
        context.on("requestfailed", lambda r: r.service_worker and self.worker_failed.append(r))

    def reset(self):
        self.page_requests = {}
        self.worker_requests = []
        self.worker_failed = []

    def _sent(self, e):
        if e["request"]["url"].startswith(("data:", "blob:")):
            return
        self.page_requests[e["requestId"]] = {
            "url": e["request"]["url"], "type": e.get("type", "Other"), "status": None,
            "mime": "", "from_sw": False, "from_cache": False, "encoded": 0, "failed": None}

    def _sent_headers(self, e):
        headers = {k.lower(): v for k, v in e.get("headers", {}).items()}
        self.accept_encoding = headers.get("accept-encoding") or self.accept_encoding

    def _received(self, e):
        r = self.page_requests.get(e["requestId"])
        if r is not None:
            resp = e["response"]
            r.update(status=resp["status"], mime=resp.get("mimeType", ""),
                     from_sw=bool(resp.get("fromServiceWorker")),
                     from_cache=bool(resp.get("fromDiskCache") or resp.get("fromPrefetchCache")))

    def _finished(self, e):
        r = self.page_requests.get(e["requestId"])
        if r is not None:
            r["encoded"] = e.get("encodedDataLength", 0)

    def _failed(self, e):
        r = self.page_requests.get(e["requestId"])
        if r is not None:
            r["failed"] = e.get("errorText") or "failed"

    def page_bodies(self) -> dict:
        """url -> body bytes of the page's finished requests (while the page is alive)."""
        bodies = {}
        for rid, r in self.page_requests.items():
            if r["failed"] or r["status"] is None or r["url"] in bodies:
                continue
            try:
                got = self.cdp.send("Network.getResponseBody", {"requestId": rid})
            except Exception:  # noqa: BLE001 - e.g. evicted: fetched again below
                continue
            body = got["body"]
            bodies[r["url"]] = base64.b64decode(body) if got["base64Encoded"] else body.encode()
        return bodies


def kind(url: str, mime: str, cdp_type: str | None) -> str:
    path = urlsplit(url).path
    if cdp_type and cdp_type not in ("Other", "Fetch", "XHR"):
        return cdp_type.lower()
    for ext, name in ((".css", "stylesheet"), (".js", "script"), (".png", "image"), (".svg", "image"),
                      (".woff2", "font"), (".woff", "font"), (".json", "manifest")):
        if path.endswith(ext):
            return name
    if "html" in mime or path == "/" or path.startswith("/j/"):
        return "document"
    return (cdp_type or "other").lower()


def fetch(url: str, tls=None) -> bytes:
    return on_the_wire(url, "identity", tls)[2]


def on_the_wire(url: str, accept_encoding: str, tls=None) -> tuple[int, str, bytes]:
    """-> (bytes of the response's status line, headers and body as it arrived, its
    Content-Encoding, the body), fetched by a plain HTTP client asking Accept-Encoding as
    the browser did; the connection goes to 127.0.0.1 (https: SNI and Host by name)."""
    import http.client

    parts = urlsplit(url)
    connection = http.client.HTTPConnection("127.0.0.1", parts.port, timeout=10)
    try:
        if parts.scheme == "https":
            connection.sock = tls.wrap_socket(socket.create_connection(("127.0.0.1", parts.port), 10),
                                              server_hostname=parts.hostname)
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""),
                           headers={"Host": parts.netloc, "Accept-Encoding": accept_encoding})
        response = connection.getresponse()
        body = response.read()  # http.client never decodes: these are the bytes sent
        head = len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + 2 + sum(
            len(f"{k}: {v}\r\n") for k, v in response.getheaders())
        return head + len(body), response.getheader("Content-Encoding") or "-", body
    finally:
        connection.close()


def gz(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def rendered_time(page, t0: float, timeout: float = 30_000, selector: str = RENDERED) -> float:
    page.locator(selector).first.wait_for(state="visible", timeout=timeout)
    return (time.perf_counter() - t0) * 1000


def nav_timing(page) -> dict:
    return page.evaluate("""() => {
      const n = performance.getEntriesByType('navigation')[0];
      return n ? {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd} : {};
    }""")


def wait_controlled(page, timeout_s: float = 60) -> None:
    """Until the service worker controls the page (its precache is then complete).
    A Python poll: the page's CSP forbids the eval that wait_for_function uses."""
    end = time.monotonic() + timeout_s
    while not page.evaluate("() => !!navigator.serviceWorker.controller"):
        if time.monotonic() > end:
            raise RuntimeError("the service worker never took control of the page")
        page.wait_for_timeout(100)


def new_phone(browser, base_url):
    return browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, base_url=base_url,
                               locale="nl-BE")


def throttle(recorder, cpu_only=False):
    if not cpu_only:
        recorder.cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    recorder.cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})


# --- the visits --------------------------------------------------------------------------

def first_visit(browser, server, path, slow=False):
    """A fresh phone opens `path` and keeps it until the service worker controls it
    (the join page) or the network is idle (the home page registers no worker).
    -> (context, page, recorder, rows {url: row}, timings)"""
    context = new_phone(browser, server.url)
    page = context.new_page()
    rec = Recorder(context, page)
    if slow:
        throttle(rec)
    t0 = time.perf_counter()
    page.goto(path, wait_until="load")
    selector = HOME_RENDERED if path == "/" else RENDERED
    timings = {"render_ms": rendered_time(page, t0, selector=selector), **nav_timing(page)}
    if path != "/":  # the home page registers no service worker; the join page does
        wait_controlled(page)
        timings["controlled_ms"] = (time.perf_counter() - t0) * 1000
    page.wait_for_load_state("networkidle")
    return context, page, rec, timings


def resource_rows(rec) -> dict:
    """url -> {url, type, page, worker (fetch counts), page_enc, worker_enc, status, body}."""
    rows = {}

    def row(url, mime, cdp_type):
        return rows.setdefault(url, {"url": url, "type": kind(url, mime, cdp_type), "page": 0,
                                     "worker": 0, "page_enc": 0, "worker_enc": 0, "status": None,
                                     "body": None, "body_from": None})

    for r in rec.page_requests.values():
        if r["failed"] or r["status"] is None:
            continue
        x = row(r["url"], r["mime"], r["type"])
        x["page"] += 1
        x["page_enc"] += r["encoded"]
        x["status"] = x["status"] or r["status"]
    for req in rec.worker_requests:
        response = req.response()
        if response is None:
            continue
        x = row(req.url, response.headers.get("content-type", ""), None)
        x["worker"] += 1
        x["status"] = x["status"] or response.status
        sizes = req.sizes()
        length = int(response.headers.get("content-length") or 0)
        # Playwright's body size is bogus for the worker's script fetches (6, -728): the
        # response's Content-Length then stands in (the dev server sends it uncompressed).
        body_size = sizes["responseBodySize"] if sizes["responseBodySize"] >= length else length
        x["worker_enc"] += sizes["responseHeadersSize"] + body_size
        if x["body"] is None:
            try:
                body = response.body()
            except Exception:  # noqa: BLE001 - not kept: see fill_bodies
                body = b""
            if body and len(body) == length:  # empty for the precache's fetch() calls
                x["body"], x["body_from"] = body, "worker"
    return rows


def fill_bodies(rows, page_bodies, accept_encoding, tls=None):
    """The body of each URL: the page's (CDP getResponseBody), else the worker's, else the
    same URL fetched again from the server (the precache's bodies are not exposed); and
    what it weighs on the wire, asked for as the browser asked."""
    for url, x in rows.items():
        if url in page_bodies:
            x["body"], x["body_from"] = page_bodies[url], "page"
        elif x["body"] is None:
            x["body"], x["body_from"] = fetch(url, tls), "refetched"
        x["raw"], x["gzip"] = len(x["body"]), gz(x["body"])
        x["wire"], x["encoding"], _ = on_the_wire(url, accept_encoding, tls)


def short(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return re.sub(r"/j/[^/?]+", "/j/<token>", path)


def print_table(rows):
    print(f"{'resource':<44} {'type':<10} {'fetch p+w':>9} {'raw B':>7} {'gzip-6 B':>8} {'WIRE B':>7} "
          f"{'enc':<5} {'page enc B':>10} {'worker B':>8}  body")
    for x in sorted(rows.values(), key=lambda x: (x["type"], x["url"])):
        print(f"{short(x['url']):<44} {x['type']:<10} {x['page']:>4}+{x['worker']:<4} "
              f"{x['raw']:>7,} {x['gzip']:>8,} {x['wire']:>7,} {x['encoding']:<5} {x['page_enc']:>10,} "
              f"{x['worker_enc']:>8,}  {x['body_from']}")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def offline_repeat(context, page, rec, label):
    """Cut the network, reload, count what did not come from the worker. -> (ok, render_ms)"""
    from tests.browser import Network  # the suite's: page and worker cut off alike (ROOT on sys.path: main)

    network = Network(context)
    network.off()
    rec.reset()
    t0 = time.perf_counter()
    error = None
    try:
        page.reload(wait_until="load")
        render_ms = rendered_time(page, t0, timeout=15_000)
        timing = nav_timing(page)
    except Exception as e:  # noqa: BLE001 - the page did not load: that is the result
        error, render_ms, timing = str(e).splitlines()[0], None, {}
    page.wait_for_timeout(1000)  # late requests (worker, polling) still count
    reqs = list(rec.page_requests.values())
    from_sw = [r for r in reqs if r["from_sw"] and not r["failed"]]
    direct = [r for r in reqs if not r["from_sw"] and not r["failed"]]
    failed = [r for r in reqs if r["failed"]]
    ok = not direct and not failed and error is None
    print(f"\n-- repeat visit offline, {label} --")
    print(f"page requests answered by the service worker : {len(from_sw)}")
    print(f"page requests NOT from the service worker    : {len(direct)}"
          + "".join(f"\n    {short(r['url'])} ({r['status']})" for r in direct))
    print(f"page requests failed                         : {len(failed)}"
          + "".join(f"\n    {short(r['url'])}: {r['failed']}" for r in failed))
    print(f"worker's own network attempts (all aborted)  : {len(rec.worker_requests)}"
          + "".join(f"\n    {r.method} {short(r.url)}" for r in rec.worker_requests)
          + ("\n    (set_offline does not reach the worker, whose navigator.onLine stays true: its"
             "\n    network-first page fetch is tried, aborted, then answered from its cache)"
             if rec.worker_requests and not error else ""))
    if error:
        print(f"page did NOT load: {error}")
    else:
        print(f"group choice rendered: yes, after {render_ms:.0f} ms "
              f"(DOMContentLoaded {timing.get('dcl', 0):.0f} ms, load {timing.get('load', 0):.0f} ms)")
    print(f"network requests: {len(direct) + len(failed)} (budget 0) -> {verdict(ok)}")
    network.on()
    return ok, render_ms


def offline_runs(context, page, rec, label, path):
    """Offline right after the first visit (the budget); if that fails, once more after one
    online visit under the worker's control (which puts the page itself in its cache)."""
    ok, _ = offline_repeat(context, page, rec, f"straight after the first visit ({label})")
    if not ok:
        for attempt in range(3):  # leaving Chromium's error page can abort the first try
            try:
                page.goto(path, wait_until="load")  # online, controlled: networkFirst caches it
                break
            except Exception:  # noqa: BLE001
                if attempt == 2:
                    raise
                page.wait_for_timeout(500)
        rendered_time(page, time.perf_counter())
        page.wait_for_load_state("networkidle")
        offline_repeat(context, page, rec, f"after one more ONLINE visit, for diagnosis ({label})")
    return ok


def weight(browser, server, tls=None):
    join_path = f"/j/{server.token}"
    ctx, page, rec, t_join = first_visit(browser, server, join_path)
    join_rows = resource_rows(rec)
    asked = rec.accept_encoding or ("gzip, deflate, br, zstd" if tls else "gzip, deflate")
    fill_bodies(join_rows, rec.page_bodies(), asked, tls)

    hctx, hpage, hrec, t_home = first_visit(browser, server, "/")
    home_rows = resource_rows(hrec)
    fill_bodies(home_rows, hrec.page_bodies(), asked, tls)
    hctx.close()

    union = {url: dict(x) for url, x in join_rows.items()}
    home_only = [u for u in home_rows if u not in union]
    for url, x in home_rows.items():
        if url in union:  # fetch counts and browser bytes add up over both visits
            for key in ("page", "worker", "page_enc", "worker_enc"):
                union[url][key] += x[key]
        else:
            union[url] = dict(x)

    print(f"== First visit to {server.url}: /j/<token> and / in fresh 390x844 contexts, "
          "service worker precache included ==")
    print("raw B    = response body, uncompressed")
    print("gzip-6 B = our own gzip -6 of that body (the figure of earlier runs)")
    print("WIRE B   = THE BUDGET FIGURE: status line + headers + body as sent, fetched again with the")
    print(f"           browser's Accept-Encoding ({asked}); enc = the Content-Encoding it came with")
    print("page enc B = CDP Network.loadingFinished encodedDataLength (headers + body on the wire),")
    print("           summed over the pages' fetches; worker B = the same for the worker (Playwright sizes)")
    print("fetch p+w  = fetches by the pages + by the service worker (script, importScripts, precache of")
    print("           SHELL_URLS); a URL fetched by both is counted ONCE in the totals")
    print("body     = where the measured body came from (page: CDP getResponseBody; worker; refetched:")
    print("           the precache's bodies are not exposed, so the URL is fetched again from the server)\n")
    print_table(union)
    total = {k: sum(x[k] for x in union.values()) for k in ("raw", "gzip", "wire", "page_enc", "worker_enc")}
    print(f"{'TOTAL, ' + str(len(union)) + ' unique URLs':<44} {'':<10} {'':>9} {total['raw']:>7,} "
          f"{total['gzip']:>8,} {total['wire']:>7,} {'':<5} {total['page_enc']:>10,} "
          f"{total['worker_enc']:>8,}")
    by_type = {}
    for x in union.values():
        by_type[x["type"]] = by_type.get(x["type"], 0) + x["wire"]
    print("on the wire by type: " + ", ".join(f"{k} {v:,}" for k, v in sorted(by_type.items()))
          + f"; fonts: {sum(x['type'] == 'font' for x in union.values())} (system fonts only)")
    twice = sum(x["raw"] * max(0, x["page"] + x["worker"] - 1) for x in union.values())
    print(f"fetched more than once (page, then the worker's precache with cache: 'reload', or both visits):"
          f" {twice:,} raw B not counted again")
    join_gz = sum(x["wire"] for x in join_rows.values())
    home_gz = sum(x["wire"] for x in home_rows.values())
    print(f"join page visit alone {join_gz:,} B on the wire ({len(join_rows)} URLs); home page visit alone "
          f"{home_gz:,} B ({len(home_rows)} URLs: {', '.join(short(u) for u in home_rows)}); "
          f"URLs only the home page visit adds: {', '.join(short(u) for u in home_only) or 'none'}")
    ok_weight = total["wire"] <= BUDGET_BYTES
    used = 100 * total["wire"] / BUDGET_BYTES
    print(f"FIRST VISIT ({server.url}): {total['wire']:,} B = {total['wire'] / 1024:.1f} KB on the wire; "
          f"budget "
          f"{BUDGET_BYTES / 1024:.0f} KB = {BUDGET_BYTES:,} B ({used:.0f}% used) -> {verdict(ok_weight)}")
    print(f"time to render, first visit: /j/<token> group choice {t_join['render_ms']:.0f} ms "
          f"(DOMContentLoaded {t_join.get('dcl', 0):.0f} ms, load {t_join.get('load', 0):.0f} ms; "
          f"worker in control after {t_join['controlled_ms']:.0f} ms); "
          f"/ code field {t_home['render_ms']:.0f} ms")

    print("\n== Repeat visit offline: the same context, worker in control; "
          "page and worker cut off; reload ==")
    ok_offline = offline_runs(ctx, page, rec, "unthrottled", join_path)
    ctx.close()
    return ok_weight, ok_offline, total["wire"]


def slow_run(browser, server):
    print(f"\n== Slow 4G: latency {SLOW_4G['latency']} ms, 1.6 Mbps down, 750 kbps up, CPU {CPU_SLOWDOWN}x "
          "slower (CDP, on the page) ==")
    print("(the worker's precache is not throttled; the dev server sends bodies uncompressed)")
    ctx, page, rec, t = first_visit(browser, server, f"/j/{server.token}", slow=True)
    print(f"first visit /j/<token>: group choice rendered after {t['render_ms']:.0f} ms "
          f"(DOMContentLoaded {t.get('dcl', 0):.0f} ms, load {t.get('load', 0):.0f} ms)")
    offline_runs(ctx, page, rec, f"CPU {CPU_SLOWDOWN}x", f"/j/{server.token}")
    ctx.close()


def measure(pw, server, label, slow, caddy=None) -> tuple:
    """One run of every figure against `server` (or Caddy in front of it)."""
    from types import SimpleNamespace

    args, env, tls, front = CHROMIUM_ARGS, None, None, server
    if caddy is not None:
        from tests.https_proxy import browser_args, trusting_home

        env = {**os.environ, "HOME": str(trusting_home(caddy.tmp, caddy.ca))}
        args, tls = CHROMIUM_ARGS + browser_args(), caddy.context()
        front = SimpleNamespace(url=caddy.url, token=server.token)
    print(f"\n######## {label}: {front.url} ########\n")
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=args, env=env)
    try:
        result = weight(browser, front, tls)
        if slow:
            try:
                slow_run(browser, front)
            except Exception as e:  # noqa: BLE001 - optional figures
                print(f"slow 4G run could not finish: {str(e).splitlines()[0]}")
    finally:
        browser.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-slow", action="store_true", help="skip the slow 4G / CPU 4x run")
    parser.add_argument("--against", choices=("run", "caddy", "both"), default="both",
                        help="`make run` (gunicorn), Caddy in front of it (https), or both")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    server, caddy, results = Server(), None, {}
    try:
        server.start()
        print(f"server {server.url} (throw-away SQLite in {server.tmp}), demo meeting /j/<token>")
        with sync_playwright() as pw:
            if args.against in ("run", "both"):
                results["make run (gunicorn, http)"] = measure(pw, server, "make run", not args.no_slow)
            if args.against in ("caddy", "both"):
                from tests.https_proxy import Caddy

                caddy = Caddy(server.tmp, [server.port])
                results["Caddy (https, tls internal)"] = measure(pw, server, "Caddy", not args.no_slow, caddy)
    except Exception as e:  # noqa: BLE001
        print(f"bench could not run: {e}", file=sys.stderr)
        return 2
    finally:
        if caddy is not None:
            caddy.stop()
        server.stop()
    print()
    for label, (ok_weight, ok_offline, wire) in results.items():
        print(f"BUDGET {label}: first visit {wire:,} B on the wire <= {BUDGET_BYTES:,} B: "
              f"{verdict(ok_weight)}; "
              f"offline repeat visit 0 network requests: {verdict(ok_offline)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
