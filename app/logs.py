"""Logs without addresses: the brief keeps no participant's IP address, and a
server's access log is the first place one would leak."""

import logging
import re

from flask import Flask

# Werkzeug's access line starts with the client's address: '127.0.0.1 - - [date] "GET / ..."'.
_ADDRESS = re.compile(r"^\S+ - - ")


class DropAddresses(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _ADDRESS.sub("- - - ", record.msg)
        return True


def init_app(app: Flask) -> None:
    logging.getLogger("werkzeug").addFilter(DropAddresses())
