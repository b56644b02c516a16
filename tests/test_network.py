"""The learning network's flows: invitations, deactivation, co-hosting, series, the
practice log's search (SQLite and PostgreSQL alike) and the command line."""

import re
from datetime import timedelta

from sqlalchemy import select

from app.auth.session import authenticate
from app.extensions import db
from app.models import Invitation, Organisation, User, UserSession
from app.models.base import utcnow
from app.network import organisations, practice, series


def _link_token(page: str) -> str:
    return re.search(r'/n/welcome/([A-Za-z0-9_-]+)"', page)[1]


def test_an_admin_invites_a_facilitator_who_sets_a_password_once(client, auth, make):
    admin = auth.login(make.user(role="org_admin"))
    page = client.post_form("/n/users", {"name": "An", "email": "An@Example.org", "role": "facilitator",
                                         "organisation_id": str(admin.organisation_id)})
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    token = _link_token(page.get_data(as_text=True))
    invited = db.session.scalar(select(User).where(User.email == "an@example.org"))
    assert invited.organisation_id == admin.organisation_id and invited.role == "facilitator"
    assert authenticate("an@example.org", "") is None and invited.password_hash == "!"
    stored = db.session.scalar(select(Invitation.token_hash))
    assert token not in stored and len(stored) == 64  # only the hash is kept
    auth.logout()
    client._csrf = None
    assert client.get(f"/n/welcome/{token}").status_code == 200
    short = client.post_form(f"/n/welcome/{token}", {"password": "short", "confirm": "short"})
    assert short.status_code == 400
    done = client.post_form(f"/n/welcome/{token}", {"password": "a long new secret",
                                                    "confirm": "a long new secret"})
    assert done.status_code == 302 and done.location == "/login"
    assert authenticate("an@example.org", "a long new secret") is not None
    again = client.post_form(f"/n/welcome/{token}", {"password": "another secret!",
                                                     "confirm": "another secret!"})
    assert again.status_code == 404  # once only
    assert client.get("/n/welcome/not-a-token").status_code == 404


def test_an_invitation_expires_and_a_new_one_voids_the_old(app, make):
    person = make.user()
    first = organisations.invite(person)
    second = organisations.invite(person)
    assert organisations.invitation(first) is None and organisations.invitation(second) is not None
    found = organisations.invitation(second)
    found.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert organisations.invitation(second) is None


def test_deactivating_a_user_ends_their_sessions_at_once(app, make):
    admin = make.user(role="org_admin")
    person = make.user(admin.organisation)
    victim, own = app.test_client(), app.test_client()
    victim.post_form("/login", {"email": person.email, "password": make.PASSWORD})
    victim._csrf = None
    assert victim.get("/f/").status_code == 200
    own.post_form("/login", {"email": admin.email, "password": make.PASSWORD})
    own._csrf = None
    assert own.post_form(f"/n/users/{person.id}/active", {"active": "0"}).status_code == 302
    response = victim.get("/f/")
    assert response.status_code == 302 and response.location.startswith("/login")
    assert db.session.scalar(select(UserSession.revoked_at).where(UserSession.user_id == person.id))
    assert authenticate(person.email, make.PASSWORD) is None
    assert own.post_form(f"/n/users/{person.id}/active", {"active": "1"}).status_code == 302
    assert authenticate(person.email, make.PASSWORD) is not None
    assert own.post_form(f"/n/users/{admin.id}/active", {"active": "0"}).status_code == 403  # not oneself


def test_co_hosting_from_the_meeting_page(client, auth, make):
    me = auth.login()
    police = make.organisation("PZ Aalst")
    meeting = make.meeting(me, kinds=("scale",))
    page = client.get(f"/f/meetings/{meeting.id}").get_data(as_text=True)
    assert 'id="hosts"' in page and "PZ Aalst" in page
    client.post_form(f"/n/meetings/{meeting.id}/hosts", {"organisation_id": str(police.id)})
    assert [org.name for org in meeting.hosts] == sorted([me.organisation.name, "PZ Aalst"])
    officer = make.user(police)
    assert organisations.can_manage_hosts(officer, meeting) is False
    assert client.post_form(f"/n/meetings/{meeting.id}/hosts/{me.organisation_id}/remove").status_code == 400


def test_a_series_page_lists_its_meetings_with_dates_and_counts(client, auth, make):
    me = auth.login()
    first = make.meeting(me, kinds=("scale",), title="January")
    second = make.meeting(me, kinds=("scale",), title="February")
    make.participant(first, "youngster")
    make.participant(first, "officer")
    make.participant(second, "officer")
    response = client.post_form("/n/series", {"name": "Buurtwild/t × Politie Aalst, monthly"})
    series_id = int(response.location.rsplit("/", 1)[1])
    for m in (first, second):
        client.post_form(f"/n/meetings/{m.id}/series", {"series_id": str(series_id)})
    stranger = make.user()
    hidden = make.meeting(stranger, kinds=("scale",), title="Not ours")
    series.set_series(hidden, series.series_for(me, series_id))
    page = client.get(f"/n/series/{series_id}").get_data(as_text=True)
    assert page.index("January") < page.index("February") and "Not ours" not in page
    assert "1 more meeting of this series" in page
    opened = first.opened_at
    assert f"{opened:%B} {opened.day}, {opened.year}" in page  # a date as people write it, not 2026-12-05
    assert re.search(r'<td class="number">2</td>\s*</tr>', page)  # January: 2 people


def test_practice_log_search_by_words_and_tag(app, make):
    writer = make.user()
    practice.write(writer, "Football first", "Playing together broke the ice.", "Again in May.",
                   "Football, Respect ,respect")
    practice.write(writer, "Questions", "Officers answered 100% honestly.", "", "trust")
    practice.write(writer, "Snake_case", "nothing", "", "")
    assert [e.title for e in practice.search("football")] == ["Football first"]
    assert [e.title for e in practice.search("ICE together")] == ["Football first"]
    assert [e.title for e in practice.search("", "RESPECT")] == ["Football first"]
    assert [e.title for e in practice.search("", "resp")] == []  # a tag matches whole
    assert [e.title for e in practice.search("100%")] == ["Questions"]
    assert [e.title for e in practice.search("e_c")] == ["Snake_case"]  # _ is no wildcard
    assert practice.search("may", "trust") == []
    assert dict(practice.tag_counts()) == {"football": 1, "respect": 1, "trust": 1}
    assert practice.normalise_tags(" A  b,#c;a b") == ["a b", "c"]


def test_the_practice_log_page_says_it_holds_no_participant_data(client, auth):
    auth.login()
    page = client.get("/n/practice").get_data(as_text=True)
    assert "no participant data" in page


def test_cli_creates_organisations_invites_and_deactivates(runner, app):
    made = runner.invoke(args=["create-organisation", "--name", "PZ Dendermonde", "--kind", "police_zone",
                               "--region", "Dender"])
    assert made.exit_code == 0, made.output
    again = runner.invoke(args=["create-organisation", "--name", "pz dendermonde"])
    assert again.exit_code != 0
    user = runner.invoke(args=["create-user", "--email", "Zo@example.org", "--name", "Zo", "--organisation",
                               "PZ Dendermonde", "--role", "org_admin", "--invite",
                               "--base-url", "https://allo.example"])
    assert user.exit_code == 0, user.output
    assert re.search(r"https://allo\.example/n/welcome/[A-Za-z0-9_-]{40,}", user.output)
    with app.app_context():
        org = db.session.scalar(select(Organisation).where(Organisation.name == "PZ Dendermonde"))
        assert (org.kind, org.region) == ("police_zone", "Dender")
        assert authenticate("zo@example.org", "anything") is None
    link = runner.invoke(args=["invite-user", "--email", "zo@example.org"])
    assert link.exit_code == 0 and "/n/welcome/" in link.output
    gone = runner.invoke(args=["deactivate-user", "--email", "zo@example.org"])
    assert gone.exit_code == 0 and "Deactivated" in gone.output
    with app.app_context():
        assert db.session.scalar(select(User.active).where(User.email == "zo@example.org")) is False
