"""gunicorn's access log without secrets: gunicorn.conf.py's format already leaves out
the address and the user agent; this logger also redacts the tokens in request paths."""

from gunicorn.glogging import Logger

from app.ops.logs import redact


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        found = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f"):
            if isinstance(found.get(key), str):
                found[key] = redact(found[key])
        return found
