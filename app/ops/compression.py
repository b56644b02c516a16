"""Pages and JSON compressed by the app itself (Flask-Compress: brotli, else gzip), so
a phone gets small responses with or without a proxy in front.

Flask-Compress marks a compressed response's strong ETag with the encoding
("abc" becomes "abc:br"). A client then asks If-None-Match: "abc:br"; the views
compare their own ETags (the presenter's cheap 304 path), so the marks are taken off
the request before the app sees it. The 304 comes from the view, as before."""

import re

from flask import Flask
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


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_ALGORITHM", ALGORITHMS)
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    compress.init_app(app)
    app.wsgi_app = UnmarkEtags(app.wsgi_app)
