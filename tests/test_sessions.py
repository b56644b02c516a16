"""Facilitator sessions on the server (app/auth/session.py), the audit trail
(app/auth/audit.py) and the retention of open text (app/meetings/retention.py)."""

import importlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from app.auth import audit
from app.extensions import db
from app.meetings import retention
from app.models import Answer, AuditEvent, Receipt, UserSession
from app.models.base import utcnow

COOKIE = "allo_session"


def cookie(client) -> str:
    found = client.get_cookie(COOKIE)
    return found.value if found else ""


def logged_in(client) -> bool:
    return client.get("/f/").status_code == 200


def sessions() -> list[UserSession]:
    db.session.expire_all()
    return list(db.session.scalars(select(UserSession)))


# --- sessions ---------------------------------------------------------------

def test_login_makes_a_new_server_session_and_the_cookie_holds_no_user_id(client, auth, make):
    client.get("/login")
    before = cookie(client)
    user = auth.login()
    after = cookie(client)
    assert after and after != before
    [row] = sessions()
    assert row.user_id == user.id and row.revoked_at is None
    assert len(row.id_hash) == 64  # only a hash of the id is kept
    from flask.sessions import SecureCookieSessionInterface

    data = SecureCookieSessionInterface().get_signing_serializer(client.application).loads(after)
    assert "user_id" not in data and "sid" in data


def test_logging_in_again_makes_another_session(client, auth, make):
    user = auth.login()
    first = cookie(client)
    auth.login(user)
    assert cookie(client) != first
    assert logged_in(client)


def test_logout_revokes_the_session_so_a_copied_cookie_stops_working(client, auth, app, make):
    auth.login()
    stolen = cookie(client)
    assert logged_in(client)
    auth.logout()
    assert not logged_in(client)
    thief = app.test_client()
    thief.set_cookie(COOKIE, stolen)
    assert thief.get("/f/").status_code == 302
    [row] = sessions()
    assert row.revoked_at is not None


def test_an_idle_session_ends(client, auth, app, make):
    auth.login()
    idle = app.config["SESSION_IDLE_MINUTES"]
    db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=idle + 1)))
    db.session.commit()
    assert not logged_in(client)


def test_a_used_session_stays_alive_and_records_when_it_was_seen(client, auth, make):
    auth.login()
    db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=30)))
    db.session.commit()
    assert logged_in(client)
    [row] = sessions()
    assert utcnow() - row.last_seen_at < timedelta(minutes=1)


def test_a_session_ends_after_its_absolute_lifetime_however_busy(client, auth, app, make):
    auth.login()
    most = app.config["SESSION_MAX_HOURS"]
    db.session.execute(update(UserSession).values(created_at=utcnow() - timedelta(hours=most, minutes=1)))
    db.session.commit()
    assert not logged_in(client)


def test_a_deactivated_users_sessions_stop_working(client, auth, make):
    user = auth.login()
    assert logged_in(client)
    user.active = False
    db.session.commit()
    assert not logged_in(client)


def test_revoke_all_ends_every_session_of_a_user(client, auth, app, make):
    from app.auth.session import revoke_all

    user = auth.login()
    other = app.test_client()
    other.post_form("/login", {"email": user.email, "password": make.PASSWORD})
    assert logged_in(other)
    assert revoke_all(user) == 2
    assert not logged_in(client) and not logged_in(other)


def test_a_login_clears_the_users_dead_sessions(client, auth, make):
    user = auth.login()
    auth.logout()
    client._csrf = None  # logging out forgets the session, its CSRF token too
    auth.login(user)
    assert len(sessions()) == 1


def test_the_cookie_is_httponly_and_samesite_lax(client, auth, make):
    auth.login()
    found = client.get_cookie(COOKIE)
    assert found.http_only and found.same_site == "Lax"


def test_production_cookies_are_secure_and_host_prefixed(monkeypatch):
    import config

    monkeypatch.setenv("ALLO_SECURE_COOKIES", "1")
    try:
        secure = importlib.reload(config).Config
        assert secure.SESSION_COOKIE_SECURE is True
        assert secure.SESSION_COOKIE_NAME == "__Host-allo_session"
        assert secure.SESSION_COOKIE_HTTPONLY and secure.SESSION_COOKIE_SAMESITE == "Lax"
    finally:
        monkeypatch.delenv("ALLO_SECURE_COOKIES")
        assert importlib.reload(config).Config.SESSION_COOKIE_NAME == COOKIE


# --- audit trail ------------------------------------------------------------

def events() -> list[tuple]:
    """The trail but the test's own login (tests/test_admin_audit.py covers logins)."""
    db.session.expire_all()
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action != "login").order_by(AuditEvent.id))
    return [(e.user_id, e.action, e.meeting_id, e.detail) for e in rows]


def test_exports_and_prompt_deletion_are_audited(client, auth, make):
    user = auth.login()
    meeting = make.meeting(owner=user, kinds=("scale", "text"))
    scale = meeting.prompts[0]
    ids = (meeting.id, scale.id)
    assert client.get(f"/f/meetings/{ids[0]}/export.csv").status_code == 200
    assert client.get(f"/f/meetings/{ids[0]}/export.json").status_code == 200
    response = client.post_form(f"/f/meetings/{ids[0]}/prompts/{ids[1]}/delete")
    assert response.status_code == 302
    assert events() == [
        (user.id, "export_csv", ids[0], None),
        (user.id, "export_json", ids[0], None),
        (user.id, "delete_prompt", ids[0], f"prompt {ids[1]}"),
    ]


def test_a_refused_export_is_not_audited(client, auth, make):
    auth.login()
    foreign = make.meeting()
    assert client.get(f"/f/meetings/{foreign.id}/export.csv").status_code == 404
    assert events() == []


def test_the_audit_log_command_lists_events_newest_first(runner, make):
    user = make.user()
    meeting = make.meeting(owner=user)
    audit.record(user, "export_csv", meeting)
    audit.record(None, "purge_texts", meeting.id, "3 answers")
    result = runner.invoke(args=["audit-log"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert "system\tpurge_texts" in lines[0] and "3 answers" in lines[0]
    assert f"{user.email}\texport_csv\tmeeting {meeting.id}" in lines[1]


# --- retention --------------------------------------------------------------

@pytest.fixture
def old_meeting(app, make):
    """A meeting closed 13 months ago with a text, a words and a scale answer."""
    with app.test_request_context():
        meeting = make.meeting(kinds=("scale", "text", "words"))
        who, _ = make.participant(meeting)
        scale, text, words = meeting.prompts
        make.answer(meeting, who, scale, 7)
        make.answer(meeting, who, text, "Het was fijn")
        make.answer(meeting, who, words, ["leuk"])
    meeting.status, meeting.closed_at = "closed", retention.months_before(utcnow(), 13)
    db.session.commit()
    return meeting


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_purge_deletes_old_text_and_words_but_keeps_numbers_and_receipts(app, runner, old_meeting, make):
    with app.test_request_context():
        recent = make.meeting(kinds=("text",))
        who, _ = make.participant(recent)
        make.answer(recent, who, recent.prompts[0], "Nog vers")
    result = runner.invoke(args=["purge-texts"])
    assert result.exit_code == 0, result.output
    assert "Deleted 2 text answers in 1 meetings older than 12 months." in result.output
    db.session.expire_all()
    kinds = sorted(db.session.scalars(select(Answer.value)).all(), key=str)
    assert kinds == [7, "Nog vers"]
    assert count(Receipt) == 4  # an old replay stays a duplicate
    assert events() == [(None, "purge_texts", old_meeting.id, "2 answers, older than 12 months")]
    again = runner.invoke(args=["purge-texts"])
    assert "Deleted 0 text answers in 0 meetings" in again.output
    assert len(events()) == 1


def test_a_replay_of_a_purged_answer_is_a_duplicate(app, old_meeting):
    from app.models import Participant
    from app.phone import store

    text = old_meeting.prompts[1]
    answer = db.session.scalar(select(Answer).where(Answer.prompt_id == text.id))
    item = {"uuid": answer.uuid, "prompt_id": text.id, "value": "Het was fijn",
            "recorded_at": answer.recorded_at.isoformat()}
    who = db.session.get(Participant, answer.participant_id)
    retention.purge_texts(12)
    with app.test_request_context():
        [outcome] = store.store_batch(old_meeting, who, [item])
    assert outcome.status == "duplicate"


def test_a_never_closed_meeting_counts_from_its_creation(app, old_meeting):
    old_meeting.status, old_meeting.closed_at = "open", None
    old_meeting.created_at = retention.months_before(utcnow(), 12) - timedelta(days=1)
    db.session.commit()
    assert retention.purge_texts(12) == {old_meeting.id: 2}


def test_nothing_is_purged_before_its_time_or_with_retention_off(app, old_meeting):
    assert retention.purge_texts(14) == {}
    assert retention.purge_texts(0) == {}
    assert count(Answer) == 3


def test_months_before_counts_calendar_months():
    moment = datetime(2025, 3, 31, 12, 0, tzinfo=UTC)
    assert retention.months_before(moment, 1) == datetime(2025, 2, 28, 12, 0, tzinfo=UTC)
    assert retention.months_before(moment, 12) == datetime(2024, 3, 31, 12, 0, tzinfo=UTC)
    assert retention.months_before(moment, 15) == datetime(2023, 12, 31, 12, 0, tzinfo=UTC)
