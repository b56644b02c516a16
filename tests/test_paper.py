"""Paper answer sheets (issue 20, part 2): printed per meeting (its language, numbered, no
name field), entered one at a time; an entered sheet is a participant marked "paper" that
counts like a phone, and a sheet number is entered once."""

import csv
import io

import pytest
from sqlalchemy import select

from app.extensions import db
from app.meetings import paper
from app.meetings.prompt_kinds import InvalidValue
from app.models import Answer, Participant
from app.network import barometer
from app.results import disclosure


def _room(make, owner=None, **kw):
    return make.meeting(owner, kinds=("scale", "position", "single", "multiple", "cards", "text"), **kw)


def _by_kind(meeting):
    return {p.kind: p for p in meeting.prompts}


def test_typed_boxes_become_answers(make):
    p = _by_kind(_room(make))
    assert paper.value_of(p["scale"], "7") == 7 and paper.value_of(p["scale"], "10") == 10
    assert paper.value_of(p["position"], "2") == 25 and paper.value_of(p["position"], "5") == 100
    assert paper.value_of(p["single"], "2") == "no"
    assert paper.value_of(p["multiple"], "1 2") == ["yes", "no"] == paper.value_of(p["multiple"], "12")
    assert paper.value_of(p["cards"], "1, 10") == ["happy", "sad"]
    assert paper.value_of(p["scale"], " ") is None
    for prompt, typed in ((p["scale"], "11"), (p["scale"], "x"), (p["position"], "6"), (p["single"], "12"),
                          (p["cards"], "1 2 3 4"), (p["multiple"], "3")):
        with pytest.raises(InvalidValue):
            paper.value_of(prompt, typed)
    # Open questions are not on paper.
    assert "text" not in {q.kind for q in paper.prompts_on_paper(_room(make))}


def _enter(client, meeting, sheet, group="1", **typed):
    p = _by_kind(meeting)
    data = {"sheet": str(sheet), "group": group, **{f"p{p[k].id}": v for k, v in typed.items()}}
    return client.post_form(f"/f/meetings/{meeting.id}/paper", data)


def test_entered_sheets_are_paper_participants_that_count_like_phones(client, auth, make):
    owner = auth.login()
    meeting = _room(make, owner, status="closed")
    for sheet in (1, 2):
        assert _enter(client, meeting, sheet, scale="8", single="1").status_code == 302
    people = db.session.scalars(select(Participant).where(Participant.meeting_id == meeting.id)).all()
    assert [(p.source, p.sheet, p.group) for p in people] == [("paper", 1, "youngster"),
                                                              ("paper", 2, "youngster")]
    assert disclosure.joined(meeting)["youngster"] == 2
    report = client.get(f"/f/meetings/{meeting.id}/report?lang=en").get_data(as_text=True)
    assert "Fewer than 3 of them came on paper." in report  # counted by the same rule (K)
    assert _enter(client, meeting, 3, scale="6", single="1", multiple="1 2").status_code == 302
    report = client.get(f"/f/meetings/{meeting.id}/report?lang=en").get_data(as_text=True)
    assert "3 of them came on paper." in report
    # In the export like any answers: three youngsters' scale answers (K reached).
    export = client.get(f"/f/meetings/{meeting.id}/export.csv").get_data(as_text=True)
    header, *rows = csv.reader(io.StringIO(export.lstrip("\ufeff")))
    scale_rows = [dict(zip(header, row, strict=True)) for row in rows if row[header.index("kind")] == "scale"]
    assert sorted(r["value"] for r in scale_rows) == ["6", "8", "8"]
    assert {r["group"] for r in scale_rows} == {"youngster"}
    scale = _by_kind(meeting)["scale"]
    stored = select(db.func.count()).select_from(Answer).where(Answer.prompt_id == scale.id)
    assert db.session.scalar(stored) == 3


def test_a_sheet_entered_twice_is_refused_by_its_number(client, auth, make):
    owner = auth.login()
    meeting = _room(make, owner)
    assert _enter(client, meeting, 7, "2", scale="3").status_code == 302
    again = _enter(client, meeting, 7, "1", scale="9")
    assert again.status_code == 400 and "This sheet was already entered." in again.get_data(as_text=True)
    wrong = _enter(client, meeting, 8, "5", scale="42")
    page = wrong.get_data(as_text=True)
    assert wrong.status_code == 400 and "Type 1, 2 or 3" in page
    assert "Type the numbers of the ticked boxes" in page
    assert [(p.sheet, p.group) for p in db.session.scalars(
        select(Participant).where(Participant.meeting_id == meeting.id))] == [(7, "officer")]
    assert paper.next_sheet(meeting) == 8


def test_the_printed_sheet_speaks_the_meetings_language_is_numbered_and_has_no_name_field(
        client, auth, make):
    owner = auth.login()
    meeting = _room(make, owner, language="fr")
    sheets = client.get(f"/f/meetings/{meeting.id}/paper/sheets?start=12&count=3&lang=nl")
    page = sheets.get_data(as_text=True)
    assert page.count('class="sheet"') == 3 and "Feuille <strong>12</strong>" in page and "14" in page
    assert "Question text" not in page and "Vraag text" not in page  # open questions are not printed
    assert "Vraag scale" in page  # the prompt (no French text given: Dutch, as on the phones)
    # No name field: nothing to fill in but boxes ("Nom", a write-in line), and it says not to.
    assert "<input" not in page and "Nom" not in page and "___" not in page and "N'écris pas ton nom" in page


def test_paper_barometer_answers_reach_the_dashboard(app, client, auth, make):
    owner = auth.login()
    meeting = make.meeting(owner, kinds=(), status="closed")
    barometer.add_to(meeting)
    db.session.commit()
    respected = next(p for p in meeting.prompts
                     if p.audience == "youngster" and p.text["en"].endswith("respect."))
    for sheet in (1, 2, 3):
        entered = client.post_form(f"/f/meetings/{meeting.id}/paper",
                                   {"sheet": str(sheet), "group": "1", f"p{respected.id}": "5"})
        assert entered.status_code == 302
    rows = client.get("/f/dashboard.csv").get_data(as_text=True)
    assert any(r.startswith("trend_") and ",youngster,respect,3,100.0" in r for r in rows.splitlines())
