"""`flask seed-demo`: besides today's meeting, a generated year of the demo organisation's
past meetings, so a newcomer's dashboard, report and practice log are full; marked as
demo data, the same every run, and never next to real organisations."""

import re

from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, FollowUp, Meeting, Organisation, Participant, PracticeEntry
from app.ops import demo


def seed(runner):
    result = runner.invoke(args=["seed-demo", "--base-url", "http://127.0.0.1:5000"])
    assert result.exit_code == 0, result.output
    return result


def test_a_year_of_past_meetings_fills_the_dashboard(runner, client, ctx):
    seed(runner)
    past = db.session.scalars(select(Meeting).where(Meeting.status == "closed")).all()
    assert len(past) == 12 and all(m.title.startswith("Demo: ") for m in past)
    assert len({(m.opened_at.year, m.opened_at.month) for m in past}) == 12
    for meeting in past:
        groups = dict(db.session.execute(select(Participant.group, func.count()).where(
            Participant.meeting_id == meeting.id).group_by(Participant.group)).all())
        assert groups["youngster"] >= 4 and groups["officer"] >= 4  # above K = 3
    approved = db.session.scalar(select(func.count()).select_from(Answer).where(Answer.review == "approved"))
    assert approved >= 12
    assert db.session.scalar(select(func.count()).select_from(FollowUp)) == 1
    assert db.session.scalar(select(func.count()).select_from(PracticeEntry)) == 2
    client.post_form("/login", {"email": demo.EMAIL, "password": demo.PASSWORD})
    board = client.get("/f/dashboard").get_data(as_text=True)
    table = board[board.index("The numbers per period"):]
    rows = re.findall(r'<tr><th scope="row">[^<]+</th>(.*?)</tr>', table, re.S)
    scored = [row for row in rows if re.search(r"<td>\d+</td>", row)]
    assert len(scored) >= 11, rows


def test_seeding_again_adds_nothing(runner, ctx):
    seed(runner)
    counts = db.session.scalar(select(func.count()).select_from(Meeting)), \
        db.session.scalar(select(func.count()).select_from(Answer))
    seed(runner)
    assert (db.session.scalar(select(func.count()).select_from(Meeting)),
            db.session.scalar(select(func.count()).select_from(Answer))) == counts


def test_it_refuses_a_database_with_real_organisations(runner, make):
    make.organisation("Politiezone Aalst")
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0 and "real organisations" in result.output
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0
