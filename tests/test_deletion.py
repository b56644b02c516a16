"""Deleting a whole meeting (issue 21, item 12): a confirmation page that names what goes,
the meeting's title typed to confirm, everything on the meeting gone from every table,
every other meeting untouched, one audit event; only the owning organisation may."""

import uuid as uuidlib

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, FollowUp, Organisation, Participant, Prompt, PushDelivery, PushSubscription
from app.models.base import utcnow
from app.models.library import BarometerPrompt
from app.network import barometer, dashboard
from app.phone import participants, store
from tests.routes import World, fast_user, snapshot

# A row belongs to a meeting when its id or one of these columns points into the meeting.
REFERENCES = {"meeting_id": "meeting", "prompt_id": "prompt", "participant_id": "participant",
              "followup_id": "follow_up", "subscription_id": "push_subscription"}


def _world_with_everything(owner, title: str) -> World:
    """tests/routes.py's world (every prompt kind, a phone with an open answer, a co-host,
    a series, a practice-log entry, a follow-up), plus barometer answers and their
    dashboard summary, a phone in the follow-up, a push subscription and its delivery."""
    world = World(owner, title=title)
    meeting = world.meeting
    barometer.add_to(meeting)
    db.session.commit()
    items = set(db.session.scalars(select(BarometerPrompt.prompt_id)))
    for group in ("youngster", "officer"):
        who, _token = participants.join(meeting, group, "nl")
        store.store_batch(meeting, who, [
            {"uuid": str(uuidlib.uuid4()), "prompt_id": p.id, "value": 4, "recorded_at": utcnow().isoformat()}
            for p in meeting.prompts if p.id in items and p.audience in (group, "everyone")])
    followup = db.session.get(FollowUp, world.followup_id)
    db.session.add(Participant(meeting_id=meeting.id, followup_id=followup.id, group="youngster",
                               token_hash=uuidlib.uuid4().hex * 2))
    sub = PushSubscription(meeting_id=meeting.id, group="youngster", endpoint=f"https://fcm.googleapis.com/{title}",
                           p256dh="key", auth="auth")
    db.session.add(sub)
    db.session.flush()
    db.session.add(PushDelivery(subscription_id=sub.id, followup_id=followup.id, due_at=followup.due_at))
    db.session.commit()
    dashboard.refresh([meeting.id])
    db.session.commit()
    return world


def _ids(meeting_id: int) -> dict[str, set[int]]:
    def of(model, where):
        return set(db.session.scalars(select(model.id).where(where)))

    return {"meeting": {meeting_id},
            "prompt": of(Prompt, Prompt.meeting_id == meeting_id),
            "participant": of(Participant, Participant.meeting_id == meeting_id),
            "follow_up": of(FollowUp, FollowUp.meeting_id == meeting_id),
            "push_subscription": of(PushSubscription, PushSubscription.meeting_id == meeting_id)}


def _belongs(table: str, row: dict, ids: dict) -> bool:
    return (table in ids and row.get("id") in ids[table]) or any(
        row.get(column) in ids[kind] for column, kind in REFERENCES.items() if column in row)


def _rows() -> dict[str, list[dict]]:
    db.session.expire_all()
    with db.engine.connect() as conn:
        return {table.name: [dict(row._mapping) for row in conn.execute(table.select())]
                for table in db.metadata.sorted_tables if table.name != "user_session"}


@pytest.fixture
def two(make):
    """Two full meetings of one organisation: one to delete, one to keep."""
    owner = fast_user(make.organisation())
    return _world_with_everything(owner, "Weg ermee"), _world_with_everything(owner, "Blijft staan")


def test_after_deletion_no_row_of_the_meeting_remains_and_the_other_is_untouched(client, auth, two):
    gone, kept = two
    ids = _ids(gone.meeting.id)
    before = _rows()
    assert all(any(_belongs(t, r, ids) for r in before[t])
               for t in ("answer", "receipt", "participant", "prompt", "follow_up", "push_subscription",
                         "push_delivery", "barometer_prompt", "barometer_summary", "barometer_summary_cell",
                         "meeting_host", "practice_entry")), "the world has a row of every kind"
    auth.login(gone.owner)
    response = client.post_form(f"/f/meetings/{gone.meeting.id}/delete", {"title": "Weg ermee"})
    assert response.status_code == 302 and response.location.endswith("/f/")
    after = _rows()
    for table, rows in after.items():
        left = [r for r in rows if _belongs(table, r, ids)]
        if table == "audit_event":
            assert [r["action"] for r in left] == ["delete_meeting"]
        else:
            assert left == [], table
        untouched = [r for r in before[table] if not _belongs(table, r, ids)]
        assert all(r in rows for r in untouched), table
    [entry] = [r for r in after["practice_entry"] if r["id"] == gone.entry_id]
    assert entry["meeting_id"] is None  # the organisation's own note stays, unlinked
    assert [r["id"] for r in after["meeting"]] == [kept.meeting.id]


def test_the_deletion_is_audited_with_the_title_and_the_counts(client, auth, two):
    gone, _kept = two
    meeting_id, owner_id = gone.meeting.id, gone.owner.id
    auth.login(gone.owner)
    client.post_form(f"/f/meetings/{meeting_id}/delete", {"title": "Weg ermee"})
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "delete_meeting"))
    assert (event.user_id, event.meeting_id) == (owner_id, meeting_id)
    assert event.detail.startswith("Weg ermee: 4 participants, 13 answers, 13 receipts, 22 prompts")


def test_the_confirmation_page_names_what_goes_with_counts(client, auth, two):
    gone, _kept = two
    auth.login(gone.owner)
    page = client.get(f"/f/meetings/{gone.meeting.id}/delete").get_data(as_text=True)
    prompts = db.session.scalar(select(db.func.count()).select_from(Prompt)
                                .where(Prompt.meeting_id == gone.meeting.id))
    for line in (f"{prompts} prompts", "4 participants", "1 push subscription, 1 notification",
                 "1 follow-up<", "1 trust barometer summary", "1 practice-log entry stays"):
        assert line in page, line
    assert 'name="csrf_token"' in page and 'name="title"' in page
    meeting_page = client.get(f"/f/meetings/{gone.meeting.id}").get_data(as_text=True)
    assert f"/f/meetings/{gone.meeting.id}/delete" in meeting_page


@pytest.mark.parametrize("typed", ["", "weg ermee", "Weg", "Blijft staan"])
def test_a_wrong_title_deletes_nothing(client, auth, two, typed):
    gone, _kept = two
    auth.login(gone.owner)
    before = snapshot()
    response = client.post_form(f"/f/meetings/{gone.meeting.id}/delete", {"title": typed})
    assert response.status_code == 400
    assert "Type the meeting&#39;s title exactly" in response.get_data(as_text=True)
    assert snapshot() == before


def test_another_organisation_gets_404_and_a_co_host_403_and_nothing_goes(client, auth, two, make):
    gone, _kept = two
    stranger = fast_user(make.organisation(), "network_admin")
    cohost = fast_user(db.session.get(Organisation, gone.cohost_id), "org_admin")
    url = f"/f/meetings/{gone.meeting.id}/delete"
    before = snapshot()
    auth.login(stranger)
    assert client.post_form(url, {"title": "Weg ermee"}).status_code == 404
    assert client.get(url).status_code == 404
    auth.login(cohost)
    assert client.post_form(url, {"title": "Weg ermee"}).status_code == 403
    after = snapshot()
    # The logins are audited now (issue 21, item 10); nothing else was written.
    logged = after.pop("audit_event")
    before.pop("audit_event")
    assert after == before and not any("delete_meeting" in row for row in logged)
