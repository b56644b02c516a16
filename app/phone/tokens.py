"""The device token a phone sends with each API request (Authorization: Bearer ...).
Read here, outside the views, so that rules keyed on the phone (rate limits) need no
view module."""

from flask import request


def device_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None
