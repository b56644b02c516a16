"""Logs without addresses or secrets: the brief keeps no participant's IP address,
and a server's access log is the first place one would leak. The paths of the join
link (/j/<token>), the read-only presenter link (/p/<token>) and the participant API
(/api/meetings/<token>/...) and the one-time set-password link (/n/welcome/<token>)
carry bearer secrets: they are logged as "/j/…"."""

import logging
import re

from flask import Flask

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


def init_app(app: Flask) -> None:
    logging.getLogger("werkzeug").addFilter(DropAddresses())
