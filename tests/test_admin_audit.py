"""The audit trail of admin actions (app/auth/audit.py): people, co-hosts, presenter links,
dashboard exports and logins are recorded with who, what and when, listed by
`flask --app app audit-log`, and never with an address or a user agent."""

import re

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, User
from tests.factories import PASSWORD

ADDRESS, AGENT = "198.51.100.77", "Mozilla/5.0 (Audit test)"


def trail() -> list[tuple]:
    db.session.expire_all()
    return [(e.user_id, e.action, e.meeting_id, e.detail)
            for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_people_actions_are_audited(client, auth, make):
    client.environ_base.update(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    admin = auth.login(make.user(role="org_admin"))
    org = admin.organisation_id
    client.post_form("/n/users", {"name": "An", "email": "an@example.org", "role": "facilitator",
                                  "organisation_id": str(org)})
    made = db.session.scalar(select(User).where(User.email == "an@example.org"))
    client.post_form(f"/n/users/{made.id}/invite")
    client.post_form(f"/n/users/{made.id}/active", {"active": "0"})
    client.post_form(f"/n/users/{made.id}/active", {"active": "1"})
    client.post_form(f"/n/users/{made.id}/role", {"role": "org_admin"})
    assert trail() == [
        (admin.id, "login", None, None),
        (admin.id, "create_user", None, f"user {made.id}: facilitator of organisation {org}"),
        (admin.id, "password_link", None, f"user {made.id}"),  # the link shown at creation
        (admin.id, "password_link", None, f"user {made.id}"),
        (admin.id, "deactivate_user", None, f"user {made.id}"),
        (admin.id, "reactivate_user", None, f"user {made.id}"),
        (admin.id, "change_role", None, f"user {made.id}: facilitator -> org_admin"),
    ]
    assert not any(ADDRESS in str(e) or "Mozilla" in str(e) for e in trail())


def test_refused_people_actions_are_not_audited(client, auth, make):
    admin = auth.login(make.user(role="org_admin"))
    boss = make.user(admin.organisation, role="network_admin")
    client.post_form(f"/n/users/{boss.id}/invite")
    client.post_form(f"/n/users/{boss.id}/active", {"active": "0"})
    assert [action for _, action, _, _ in trail()] == ["login"]


def test_co_hosts_presenter_links_and_dashboard_exports_are_audited(client, auth, make):
    me = auth.login()
    other = make.organisation("PZ Aalst")
    meeting = make.meeting(me, kinds=("scale",))
    client.post_form(f"/n/meetings/{meeting.id}/hosts", {"organisation_id": str(other.id)})
    client.post_form(f"/n/meetings/{meeting.id}/hosts/{other.id}/remove")
    client.post_form(f"/f/meetings/{meeting.id}/presenter-link")
    client.post_form(f"/f/meetings/{meeting.id}/presenter-link")
    client.post_form(f"/f/meetings/{meeting.id}/presenter-link/revoke")
    assert client.get("/f/dashboard.csv").status_code == 200
    assert trail()[1:] == [
        (me.id, "add_co_host", meeting.id, f"organisation {other.id}"),
        (me.id, "remove_co_host", meeting.id, f"organisation {other.id}"),
        (me.id, "presenter_link", meeting.id, "made"),
        (me.id, "presenter_link", meeting.id, "replaced"),
        (me.id, "revoke_presenter_link", meeting.id, None),
        (me.id, "export_dashboard", None, None),
    ]


def test_failed_and_successful_logins_are_audited_without_what_was_typed(client, make):
    client.environ_base.update(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    user = make.user()
    client.post_form("/login", {"email": user.email, "password": "wrong guess"})
    client.post_form("/login", {"email": "nobody@example.org", "password": "wrong guess"})
    client.post_form("/login", {"email": user.email, "password": PASSWORD})
    assert trail() == [(user.id, "login_failed", None, None), (None, "login_failed", None, "no such account"),
                       (user.id, "login", None, None)]
    text = str(trail())
    assert "nobody" not in text and "wrong guess" not in text and ADDRESS not in text


def test_the_audit_log_command_shows_admin_actions(app, client, auth, make, runner):
    admin = auth.login(make.user(role="org_admin"))
    person = make.user(admin.organisation)
    client.post_form(f"/n/users/{person.id}/invite")
    out = runner.invoke(args=["audit-log"]).output
    assert re.search(rf"{re.escape(admin.email)}\tpassword_link\t-\tuser {person.id}", out)
    assert re.search(rf"{re.escape(admin.email)}\tlogin\t", out)
