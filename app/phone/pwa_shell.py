"""The app shell the service worker precaches, and its version: a hash of the
worker and every shell file, so any change to them makes a new worker."""

import hashlib
import json
from functools import cache

from config import BASE_DIR

STATIC = BASE_DIR / "static"
SHELL_GLOBS = ("css/app.css", "css/participant.css", "js/store.js", "js/outbox_send.js", "js/outbox.js",
               "js/participant/*.js", "icons/icon.svg", "icons/icon-192.png", "img/cards/*.svg")


NOT_SHELL = {"js/participant/closed.js",  # the closed page is only ever served online
             "js/participant/kiosk.js"}  # only a kiosk loads it (and keeps it: kiosk.js)


def shell_files() -> list:
    return sorted({path for pattern in SHELL_GLOBS for path in STATIC.glob(pattern)
                   if path.relative_to(STATIC).as_posix() not in NOT_SHELL})


@cache
def worker_source(release: str = "", static_url: str = "/static") -> str:
    """service_worker.js with VERSION and SHELL_URLS filled in. The release stamp
    makes a new worker even when no shell file changed. static_url: where the app
    serves static/ (its versioned /static/v/<hash>, app/ops/static_files.py)."""
    template = (BASE_DIR / "service_worker.js").read_text()
    files = shell_files()
    digest = hashlib.sha256(template.encode() + release.encode() + static_url.encode())
    for path in files:
        digest.update(path.read_bytes())
    urls = ["/", "/manifest.json"] + [f"{static_url}/{p.relative_to(STATIC).as_posix()}" for p in files]
    return (template.replace("__VERSION__", digest.hexdigest()[:12])
            .replace("__SHELL_URLS__", json.dumps(urls)).replace("__STATIC__", static_url))
