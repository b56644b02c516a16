"""Response headers for the whole app, and the origin check of its forms."""

import ipaddress
from urllib.parse import urlsplit

from flask import Flask, current_app, request
from flask_wtf.csrf import CSRFError

from app.errors import wants_json

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
])
HSTS = "max-age=31536000; includeSubDomains"


def common_headers(hsts: bool) -> dict:
    """The headers every response carries, pages and static files alike."""
    headers = {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    }
    if hsts:
        # Production (behind HTTPS): browsers use HTTPS only for a year, subdomains too.
        headers["Strict-Transport-Security"] = HSTS
    return headers


def _hsts(config) -> bool:
    return bool(config.get("HSTS", config.get("SESSION_COOKIE_SECURE")))


def add_headers(response):
    for name, value in common_headers(_hsts(current_app.config)).items():
        response.headers.setdefault(name, value)
    return response


# A static file is never a page: a policy that lets it run, load or frame nothing
# (an SVG opened on its own included) is all it needs, in fewer bytes per file.
STATIC_CSP = "default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"


# What a browser applies to documents only (a page; an SVG opened on its own): a script, a
# stylesheet or a PNG goes without them, some 250 bytes fewer per file on the wire. Every
# file keeps nosniff and the referrer policy.
DOCUMENT_ONLY = ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy")
DOCUMENT_TYPES = ("text/html", "image/svg+xml", "application/xml")


def static_headers(app: Flask):
    """The headers of the files WhiteNoise serves (outside any request of the app): the
    pages' headers with the static files' shorter policy, the document-only ones only on
    a file that can be a document. A file under a versioned URL never changes: it needs
    no Last-Modified."""
    fixed = {**common_headers(_hsts(app.config)), "Content-Security-Policy": STATIC_CSP}

    def add(headers, path, url):
        document = (headers.get("Content-Type") or "").split(";")[0].strip() in DOCUMENT_TYPES
        for name, value in fixed.items():
            if document or name not in DOCUMENT_ONLY:
                headers[name] = value
        if "immutable" in (headers.get("Cache-Control") or ""):
            del headers["Last-Modified"]
    return add


def from_elsewhere(url: str | None) -> bool:
    """A URL from Origin or Referer that names another site. None and "null" (what a
    browser sends for our own forms under Referrer-Policy: no-referrer) are not."""
    if not url or url == "null":
        return False
    try:
        return urlsplit(url).netloc != request.host
    except ValueError:
        return True


def check_form_origin():
    """Forms outside /api come from this site only. The CSRF token is the guard;
    this refuses a foreign Origin or Referer as well, on HTTP and HTTPS alike
    (Flask-WTF's own Referer check, HTTPS only, is off: our pages send no Referer)."""
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE") or wants_json():
        return
    if from_elsewhere(request.headers.get("Origin")) or from_elsewhere(request.referrer):
        raise CSRFError("The form was sent from another site.")  # the page says "not accepted"


def local(host: str) -> bool:
    """localhost or a loopback address: a browser treats plain http there as secure."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def warn_plain_http(app: Flask) -> None:
    """A production start on plain HTTP at a public address sends logins and session
    cookies in the clear: say so loudly in the log."""
    if app.testing or app.debug:
        return
    url = urlsplit(app.config.get("PUBLIC_URL") or "")
    if url.scheme == "http" and not local(url.hostname or ""):
        app.logger.warning("INSECURE: PUBLIC_URL %s is plain http on a non-local address: passwords and "
                           "session cookies cross the network unencrypted. Serve it over https "
                           "(and set PUBLIC_URL to the https address).", app.config["PUBLIC_URL"])
    elif url.scheme == "https" and not app.config.get("SESSION_COOKIE_SECURE"):
        app.logger.warning("INSECURE: PUBLIC_URL is https but ALLO_SECURE_COOKIES=0: session cookies "
                           "are not Secure and HSTS is off.")


def plain_http() -> bool:
    """Served over plain http at a non-local address (PUBLIC_URL says so, or else the
    request does): phones get no service worker there, so the pages say so."""
    url = urlsplit(current_app.config.get("PUBLIC_URL") or "")
    scheme, host = (url.scheme, url.hostname) if url.scheme else (request.scheme, request.host)
    if not url.scheme:
        host = urlsplit(f"//{host}").hostname
    return scheme == "http" and not local(host or "")


def init_app(app: Flask) -> None:
    app.before_request(check_form_origin)
    app.after_request(add_headers)
    app.jinja_env.globals["plain_http"] = plain_http  # templates/ops/plain_http.html
