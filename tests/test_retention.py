"""Retention covers every free text a participant typed (issue 21, item 9): `purge-texts`
deletes open-text and words answers and strips the why of feelings cards."""

import json

from sqlalchemy import select

from app.extensions import db
from app.meetings import retention
from app.meetings.prompt_kinds import KINDS, TYPED_TEXT
from app.models import Answer, AuditEvent, Prompt, Receipt
from app.models.base import utcnow

WHY = "Ik ben Jan uit de Kerkstraat 3"


def _meeting_with_a_why(app, make, months_ago: int | None):
    with app.test_request_context():
        meeting = make.meeting(kinds=("cards", "scale"))
        cards, scale = meeting.prompts
        cards.options = {**cards.options, "ask_why": True}
        db.session.commit()
        who, _ = make.participant(meeting)
        make.answer(meeting, who, cards, {"cards": ["happy", "safe"], "why": WHY})
        make.answer(meeting, who, scale, 7)
        other, _ = make.participant(meeting)
        make.answer(meeting, other, cards, ["sad"])
    if months_ago:
        meeting.status, meeting.closed_at = "closed", retention.months_before(utcnow(), months_ago)
    db.session.commit()
    return meeting


def _stored(meeting) -> list:
    db.session.expire_all()
    rows = db.session.execute(select(Answer.value, Answer.review).join(Prompt, Answer.prompt_id == Prompt.id)
                              .where(Prompt.meeting_id == meeting.id).order_by(Answer.id))
    return [tuple(row) for row in rows]


def test_every_prompt_kind_says_what_a_participant_types_in_it():
    assert set(TYPED_TEXT) == set(KINDS)
    assert set(TYPED_TEXT.values()) <= {None, "answer", "why"}


def test_the_why_of_an_old_feelings_card_is_forgotten_and_its_cards_stay(app, runner, make):
    meeting = _meeting_with_a_why(app, make, months_ago=13)
    result = runner.invoke(args=["purge-texts"])
    assert result.exit_code == 0, result.output
    stored = _stored(meeting)
    assert WHY not in json.dumps([value for value, _ in stored])
    assert stored == [(["happy", "safe"], None), (7, None), (["sad"], None)]
    assert db.session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "purge_texts")) == (
        "1 answers, older than 12 months")
    assert len(db.session.scalars(select(Receipt)).all()) == 3
    again = runner.invoke(args=["purge-texts"])
    assert "Deleted 0 text answers in 0 meetings" in again.output


def test_a_recent_why_is_kept(app, runner, make):
    meeting = _meeting_with_a_why(app, make, months_ago=None)
    runner.invoke(args=["purge-texts"])
    assert _stored(meeting)[0] == ({"cards": ["happy", "safe"], "why": WHY}, "pending")
