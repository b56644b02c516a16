"""The audit trail (app/auth/audit.py) of facilitator actions on data: a prompt reset and
moderation decisions are recorded with who, when and which meeting, and never an
answer's text; refused requests record nothing."""

from sqlalchemy import select

from app.auth import audit
from app.extensions import db
from app.live import moderation
from app.models import AuditEvent

SECRET = "Mijn geheime tekst 4711"


def events() -> list[tuple]:
    """The trail but the test's own login (tests/test_admin_audit.py covers logins)."""
    db.session.expire_all()
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action != "login").order_by(AuditEvent.id))
    return [(e.user_id, e.action, e.meeting_id, e.detail) for e in rows]


def pending_text(make, meeting):
    who, _token = make.participant(meeting)
    make.answer(meeting, who, meeting.prompts[0], SECRET)
    [item] = moderation.queue(meeting)
    return item


def test_a_prompt_reset_is_audited(client, auth, make):
    user = auth.login()
    meeting = make.meeting(owner=user, kinds=("text",))
    prompt = meeting.prompts[0]
    pending_text(make, meeting)
    response = client.post_form(f"/f/meetings/{meeting.id}/prompts/{prompt.id}/reset", {"confirm": "yes"})
    assert response.status_code == 302
    assert events() == [(user.id, "reset_prompt", meeting.id, f"prompt {prompt.id}: 1 answers")]


def test_an_unconfirmed_or_foreign_reset_is_not_audited(client, auth, make):
    user = auth.login()
    meeting = make.meeting(owner=user, kinds=("scale",))
    other = make.meeting(kinds=("scale",))
    prompt = meeting.prompts[0]
    assert client.post_form(f"/f/meetings/{meeting.id}/prompts/{prompt.id}/reset").status_code == 400
    assert client.post_form(f"/f/meetings/{other.id}/prompts/{other.prompts[0].id}/reset",
                            {"confirm": "yes"}).status_code == 404
    assert events() == []


def test_moderation_decisions_are_audited_without_the_text(client, auth, make):
    user = auth.login()
    meeting = make.meeting(owner=user, kinds=("text",))
    item = pending_text(make, meeting)
    url = f"/f/meetings/{meeting.id}/moderation/{item.answer_id}"
    for review in ("approved", "pending", "rejected"):
        assert client.post_form(url, {"review": review, "uuid": item.uuid}).status_code == 303
    assert events() == [(user.id, "moderate", meeting.id, f"{review} answer {item.answer_id}")
                        for review in ("approved", "pending", "rejected")]
    assert not any(SECRET in str(event) for event in events())


def test_approve_all_is_audited_with_a_count(client, auth, make):
    user = auth.login()
    meeting = make.meeting(owner=user, kinds=("text",))
    item = pending_text(make, meeting)
    response = client.post_form(f"/f/meetings/{meeting.id}/moderation/approve-all",
                                {"seen": f"{item.answer_id}:{item.uuid}"})
    assert response.status_code == 303
    assert events() == [(user.id, "moderate", meeting.id, "approved 1 answers (approve all)")]


def test_a_refused_decision_is_not_audited(client, auth, make):
    user = auth.login()
    meeting = make.meeting(owner=user, kinds=("text",))
    item = pending_text(make, meeting)
    url = f"/f/meetings/{meeting.id}/moderation/{item.answer_id}"
    client.post_form(url, {"review": "approved", "uuid": "not-the-edit-seen"})  # changed: 409 / 303
    client.post_form(url, {"review": "bogus", "uuid": item.uuid})
    client.post_form(f"/f/meetings/{meeting.id}/moderation/approve-all", {"seen": "1:nope"})
    assert events() == []


def test_the_audit_log_command_shows_them(runner, make):
    user = make.user()
    meeting = make.meeting(owner=user, kinds=())
    audit.record(user, "moderate", meeting, "approved answer 5")
    result = runner.invoke(args=["audit-log"])
    assert "moderate" in result.output and "approved answer 5" in result.output
