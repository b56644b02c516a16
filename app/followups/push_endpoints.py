"""Which push endpoints the server may POST to, checked twice: when a phone subscribes
and again just before each send.

The server makes a request to a URL a phone gave it, so the URL must not be a way to
reach anything else (SSRF). It is parsed with the parser of the client that sends it
(requests parses with urllib3's `parse_url`): `https://127.0.0.2\\.fcm.googleapis.com/`
looks like an FCM host to `urlsplit` but is 127.0.0.2 to requests. Only a plain
`https://<push service>/...` passes: no user info, no port but 443, no backslash,
whitespace or control character. At send time the host's addresses are looked up
and loopback, private, link-local and reserved ones refused, and redirects are never
followed (`Session`).

PUSH_TEST_ORIGIN (tests only, never read from the environment) names one exact
origin, such as a push service on loopback, that passes as it is."""

import ipaddress
import re
import socket

import requests
from flask import current_app
from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

MAX_ENDPOINT = 1000
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")


class Refused(ValueError):
    """This endpoint must not be sent to."""


def _test_origin(url) -> bool:
    origin = current_app.config.get("PUSH_TEST_ORIGIN")
    return bool(origin) and f"{url.scheme}://{url.netloc}" == origin


def _parsed(endpoint):
    if not isinstance(endpoint, str) or len(endpoint) > MAX_ENDPOINT or _UNSAFE.search(endpoint):
        return None
    try:
        return parse_url(endpoint)
    except LocationParseError:
        return None


def allowed(endpoint) -> bool:
    """A plain https URL on a known push service (ALLO_PUSH_HOSTS)."""
    url = _parsed(endpoint)
    if url is None or url.fragment is not None or not (url.path or "").startswith("/"):
        return False
    if _test_origin(url):
        return True
    host = url.host or ""
    return (url.scheme == "https" and url.auth is None and url.port in (None, 443)
            and any(host == h or host.endswith("." + h) for h in current_app.config["PUSH_HOSTS"]))


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    return ip.is_global and not (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_reserved
                                 or ip.is_multicast or ip.is_unspecified)


def check_before_sending(endpoint: str) -> None:
    """Refused unless allowed now and every address of its host is public."""
    if not allowed(endpoint):
        raise Refused("not an allowed push endpoint")
    url = parse_url(endpoint)
    if _test_origin(url):
        return
    try:
        found = socket.getaddrinfo(url.host, 443, proto=socket.IPPROTO_TCP)
    except OSError:
        raise Refused("host not found") from None
    if not found or not all(_public(info[4][0]) for info in found):
        raise Refused("not a public address")


class Session(requests.Session):
    """requests, never following a redirect: a push service answers 201, not 3xx."""

    def request(self, method, url, *args, **kwargs):
        kwargs["allow_redirects"] = False
        return super().request(method, url, *args, **kwargs)
