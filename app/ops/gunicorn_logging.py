"""gunicorn's access log without secrets: gunicorn.conf.py's format already leaves out
the address and the user agent; this logger also redacts the tokens in request paths."""

import logging
import os

from gunicorn.glogging import Logger

from app.ops.logs import JsonFormatter, event, redact


class RedactingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        if os.environ.get("ALLO_LOG_FORMAT", "json") == "json":
            for handler in self.error_log.handlers:
                handler.setFormatter(JsonFormatter())
            for handler in self.access_log.handlers:
                handler.setFormatter(logging.Formatter("%(message)s"))  # already a JSON line

    def atoms(self, resp, req, environ, request_time):
        found = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f"):
            if isinstance(found.get(key), str):
                found[key] = redact(found[key])
        return found

    def access(self, resp, req, environ, request_time):
        """With ALLO_LOG_FORMAT=json (the default): one JSON line a request, no address,
        no user agent, no referrer; the request id the app sent back."""
        if os.environ.get("ALLO_LOG_FORMAT", "json") != "json":
            return super().access(resp, req, environ, request_time)
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.logconfig_dict or self.cfg.syslog):
            return None
        headers = dict((name.lower(), value) for name, value in (resp.headers or []))
        status = str(resp.status).split(None, 1)[0]
        self.access_log.info(event(
            f"{req.method} {req.path}", logger="access", method=req.method, path=req.path,
            status=int(status) if status.isdigit() else status, bytes=getattr(resp, "sent", None),
            ms=round(request_time.total_seconds() * 1000, 1), request_id=headers.get("x-request-id")))
        return None
