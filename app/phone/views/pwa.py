"""Files that must live at the site's root: the web app manifest, the service
worker (its scope is the folder it is served from) and the health check."""

from flask import Blueprint, current_app, jsonify, make_response, request
from sqlalchemy import text

from app.extensions import db
from app.phone import pwa_shell
from config import BASE_DIR

bp = Blueprint("pwa", __name__)


def root_file(name: str, mimetype: str, body: bytes | str | None = None):
    """A small file from the project root, revalidated on every use (no-cache + ETag)."""
    response = make_response(body if body is not None else (BASE_DIR / name).read_bytes())
    response.mimetype = mimetype
    response.cache_control.no_cache = True
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/manifest.json")
def manifest():
    """The web app manifest."""
    return root_file("manifest.json", "application/manifest+json")


@bp.get("/service_worker.js")
def service_worker():
    """The service worker: never stale, so a new version is seen at once."""
    source = pwa_shell.worker_source(current_app.config["RELEASE"], current_app.static_url_path)
    response = root_file("service_worker.js", "text/javascript", source)
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/healthz")
def healthz():
    """200 when the app can reach its database, 503 otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        current_app.logger.warning("health check: database unreachable")
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.after_app_request
def mark_as_ours(response):
    """The service worker caches only responses with this mark: a captive portal's
    login page, answering 200 in our place, is never taken for a meeting."""
    response.headers["X-Allo-App"] = "1"
    return response
