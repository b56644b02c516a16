"""Every CSV the app writes goes through here: one writer, one cell-escaping rule.

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a
formula: `=HYPERLINK("https://evil.example", "click")` in a series name, a title or an
answer would become a live link or worse (CSV injection, as OWASP describes it). Such a
cell gets an apostrophe in front, which spreadsheets show as text. Numbers stay numbers."""

import csv
import io
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape(value):
    """A text cell a spreadsheet would run, with an apostrophe in front; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write(rows: Iterable[Iterable], byte_order_mark: bool = False) -> str:
    """The rows as CSV text, every cell escaped; a byte order mark lets Excel read accents right."""
    out = io.StringIO()
    csv.writer(out).writerows([escape(value) for value in row] for row in rows)
    return ("\ufeff" if byte_order_mark else "") + out.getvalue()
