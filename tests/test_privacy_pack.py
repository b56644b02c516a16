"""docs/privacy/ says only true things about the software: every retention figure is the
code's default, and every file, test and command it points to exists."""

import re
from datetime import timedelta
from pathlib import Path

import pytest

from app.live import PRESENTER_LINK_LASTS
from app.network.organisations import INVITATION_DAYS
from config import Config

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "docs" / "privacy"
UNITS = {"minutes": 60, "hours": 3600, "days": 86400, "day": 86400}
# Settings that live next to the code that applies them, not in config.py.
CONSTANTS = {"INVITATION_DAYS": INVITATION_DAYS, "PRESENTER_LINK_LASTS": PRESENTER_LINK_LASTS}


def retention_rows() -> list[tuple[str, str]]:
    """(setting, default) of every row of the schedule that names a setting."""
    rows = []
    for line in (PACK / "retention.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and (setting := re.match(r"`([A-Z_]+)`", cells[3])):
            rows.append((setting[1], cells[4]))
    return rows


def code_value(name: str):
    return CONSTANTS[name] if name in CONSTANTS else getattr(Config, name)


def test_the_schedule_names_the_settings_that_matter():
    names = {name for name, _ in retention_rows()}
    assert {"TEXT_RETENTION_MONTHS", "SESSION_IDLE_MINUTES", "SESSION_MAX_HOURS", "PASSWORD_RESET_MINUTES",
            "INVITATION_DAYS", "SYNC_GRACE_HOURS", "FOLLOWUP_OPEN_DAYS"} <= names


@pytest.mark.parametrize("name,default", retention_rows())
def test_each_retention_figure_is_the_code_default(name, default):
    number, unit = re.fullmatch(r"(\d+) (\w+)", default).groups()
    value = code_value(name)
    if isinstance(value, timedelta):
        assert value == timedelta(seconds=int(number) * UNITS[unit])
    elif isinstance(value, str):  # a rate limit: its longest window
        assert f"per {unit}" in value and unit == "day"
    else:
        assert unit.rstrip("s") in name.lower() or name.endswith("_DAYS") and unit == "days", (name, unit)
        assert value == int(number), (name, value, default)


def test_a_changed_default_would_be_caught(monkeypatch):
    """The figure test can fail: with another default in config.py the row disagrees."""
    monkeypatch.setattr(Config, "TEXT_RETENTION_MONTHS", 6)
    with pytest.raises(AssertionError):
        test_each_retention_figure_is_the_code_default("TEXT_RETENTION_MONTHS", "12 months")


def test_every_file_and_test_the_pack_points_to_exists():
    missing = []
    for doc in PACK.glob("*.md"):
        text = doc.read_text()
        for path in re.findall(r"`((?:app|tests|deploy|static|docs)/[\w./-]*|[\w-]+\.py)`", text):
            if "*" in path or path.startswith("static/js/participant/") and path.endswith("/"):
                continue
            if not (ROOT / path).exists() and not (ROOT / "app" / path).exists():
                missing.append(f"{doc.name}: {path}")
        for link in re.findall(r"\]\(([^)#]+)\)", text):
            if not link.startswith("http") and not (doc.parent / link).resolve().exists():
                missing.append(f"{doc.name}: link {link}")
    assert missing == []


def test_every_command_the_pack_names_exists(app):
    text = "".join(doc.read_text() for doc in PACK.glob("*.md"))
    commands = set(re.findall(r"flask --app app ([a-z-]+)", text))
    assert commands and commands <= set(app.cli.commands), commands - set(app.cli.commands)
