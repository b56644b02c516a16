"""A file the browser saves rather than shows (CSV, JSON, SVG, template files): an
attachment with its name, never kept in a cache (it may hold a meeting's data)."""

from flask import Response


def attachment(body: str | bytes, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.cache_control.no_store = True
    return response
