"""Pages and JSON compressed by the app itself (Flask-Compress: brotli, else gzip), so
a phone gets small responses with or without a proxy in front.

Flask-Compress marks a compressed response's strong ETag with the encoding
("abc" becomes "abc:br"). A client then asks If-None-Match: "abc:br"; the views
compare their own ETags (the presenter's cheap 304 path), so the marks are taken off
the request before the app sees it. The 304 comes from the view, as before.

A page that carries a CSRF token (the facilitator's forms) is not compressed: with a
secret and text an attacker can make the page repeat in one compressed body, the body's
size tells the secret bit by bit (BREACH). The participant's pages carry none."""

import re

from flask import Flask, current_app, g
from flask_compress import Compress

ALGORITHMS = ["br", "gzip"]
_MARK = re.compile(r':(?:br|gzip|deflate|zstd)"')

compress = Compress()


class UnmarkEtags:
    """WSGI middleware: If-None-Match without Flask-Compress's encoding marks."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        tags = environ.get("HTTP_IF_NONE_MATCH")
        if tags and ":" in tags:
            environ["HTTP_IF_NONE_MATCH"] = _MARK.sub('"', tags)
        return self.wsgi_app(environ, start_response)


def compress_unless_secret(response):
    """Flask-Compress's own step, for every response but a page holding a CSRF token."""
    if response.mimetype == "text/html" and current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") in g:
        return response
    return compress.after_request(response)


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_ALGORITHM", ALGORITHMS)
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    app.config["COMPRESS_REGISTER"] = False  # registered below, with the BREACH exception
    compress.init_app(app)
    app.after_request(compress_unless_secret)
    app.wsgi_app = UnmarkEtags(app.wsgi_app)
