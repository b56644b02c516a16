"""The suite's Flask test client (conftest.py makes it the app's test_client_class;
a test that builds an app of its own sets it too)."""

import re

from flask import g, has_app_context
from flask.testing import FlaskClient


class Client(FlaskClient):
    """A test client that fills in the CSRF token of facilitator forms.

    A test that builds data holds an app context open across its requests, and
    so its `g`, where Flask-WTF keeps the CSRF token, Flask-Babel the locale and
    auth the user. Each request gets a fresh `g`, as on a real server."""

    _csrf = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Tests read the English source strings; a test about Dutch asks for it.
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"

    def open(self, *args, **kwargs):
        if has_app_context():
            for name in list(g):
                g.pop(name)
        return super().open(*args, **kwargs)

    def csrf_token(self) -> str:
        if self._csrf is None:
            page = self.get("/login").get_data(as_text=True)
            self._csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
        return self._csrf

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        return self.post(url, data={"csrf_token": self.csrf_token(), **(data or {})}, **kwargs)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
