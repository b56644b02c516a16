"""Where to go after login: only a path on this site, read as a browser would read it.

A browser drops tabs and newlines anywhere in a URL, trims leading control characters
and spaces, and takes a backslash for a slash; `/\t/evil.example` is `//evil.example`
to it, another site. So the target is cleaned the same way first, then it must be a
plain path: one leading slash, no scheme, no host."""

import re
from urllib.parse import urlsplit

_DROPPED = re.compile(r"[\t\n\r]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_next(target: str | None, default: str) -> str:
    """-> `target` if it is a path on this site, else `default`."""
    if not target:
        return default
    cleaned = _DROPPED.sub("", target).lstrip("".join(map(chr, range(0x21))))
    if _CONTROL.search(cleaned) or "\\" in cleaned:
        return default
    if not cleaned.startswith("/") or cleaned.startswith("//"):
        return default
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc:
        return default
    return cleaned
