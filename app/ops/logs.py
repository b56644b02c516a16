"""Logs without addresses or secrets: the brief keeps no participant's IP address,
and a server's access log is the first place one would leak. The paths of the join
link (/j/<token>), the read-only presenter link (/p/<token>) and the participant API
(/api/meetings/<token>/...) and the one-time set-password link (/n/welcome/<token>)
carry bearer secrets: they are logged as "/j/…".

With LOG_FORMAT "json" (the default) the app's log is JSON lines: one event a line,
with the request's id (X-Request-ID from the proxy when it is a plain token, else
made here, and sent back in the response), never an address or a user agent."""

import json
import logging
import re
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler

# Werkzeug's access line starts with the client's address: '127.0.0.1 - - [date] "GET / ..."'.
_ADDRESS = re.compile(r"^\S+ - - ")
_SECRET_IN_PATH = re.compile(r"(/(?:j|p|api/meetings|n/welcome)/)[^/?\s\"]+")


def redact(text: str) -> str:
    """The text with the secret part of every link replaced by an ellipsis."""
    return _SECRET_IN_PATH.sub(r"\1…", text)


class DropAddresses(logging.Filter):
    """Werkzeug's development server log: no address, no secret in the path."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg, record.args = redact(_ADDRESS.sub("- - - ", record.getMessage())), ()
        return True


_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


def event(message: str, level: str = "INFO", logger: str = "app", **fields) -> str:
    """One log event as a JSON line; the message and every text field redacted."""
    line = {"time": datetime.now(UTC).isoformat(timespec="milliseconds"), "level": level,
            "logger": logger, "message": redact(message)}
    line.update({k: redact(v) if isinstance(v, str) else v for k, v in fields.items() if v is not None})
    return json.dumps(line, ensure_ascii=False)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = {"request_id": request_id()}
        if has_request_context():
            fields.update(method=request.method, path=request.path)
        if record.exc_info:
            fields["error"] = self.formatException(record.exc_info)
        return event(record.getMessage(), record.levelname, record.name, **fields)


def start_request():
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex


def send_request_id(response):
    if g.get("request_id"):
        response.headers.setdefault("X-Request-ID", g.request_id)
    return response


def init_app(app: Flask) -> None:
    logging.getLogger("werkzeug").addFilter(DropAddresses())
    app.before_request(start_request)
    app.after_request(send_request_id)
    if app.config.get("LOG_FORMAT") == "json":
        default_handler.setFormatter(JsonFormatter())
        if app.logger.level == logging.NOTSET and not app.debug:
            app.logger.setLevel(logging.INFO)
