"""Who may manage whom (app/network/organisations.py, `may_manage`): the target's role counts
as well as its organisation, for every people action and for the users page."""

import re

from sqlalchemy import func, select

from app.extensions import db
from app.models import Invitation, User
from tests import factories


def test_an_organisation_admin_cannot_take_over_a_network_admin_with_a_password_link(app, make):
    admin = make.user(role="org_admin")
    boss = make.user(admin.organisation, role="network_admin")
    attacker = app.test_client()
    attacker.post_form("/login", {"email": admin.email, "password": factories.PASSWORD})
    attacker._csrf = None
    response = attacker.post_form(f"/n/users/{boss.id}/invite")
    link = re.search(r'value="(http[^"]+/n/welcome/[^"]+)"', response.get_data(as_text=True))
    if link:  # the attack as it went before the fix: open the link, choose a password, log in
        path = link[1].split("localhost", 1)[1]
        attacker.post_form(path, {"password": "taken over!", "confirm": "taken over!"})
        attacker._csrf = None
        attacker.post_form("/login", {"email": boss.email, "password": "taken over!"})
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    db.session.expire_all()
    assert db.session.get(User, boss.id).check_password(factories.PASSWORD)


def test_the_users_page_shows_no_button_for_people_the_admin_may_not_manage(client, auth, make):
    admin = auth.login(make.user(role="org_admin"))
    boss = make.user(admin.organisation, role="network_admin")
    peer = make.user(admin.organisation, role="org_admin")
    person = make.user(admin.organisation)
    page = client.get("/n/users").get_data(as_text=True)
    assert f"/n/users/{person.id}/invite" in page and f"/n/users/{person.id}/role" in page
    for other in (boss, peer, admin):
        for action in ("invite", "active", "role"):
            assert f"/n/users/{other.id}/{action}" not in page


def test_an_organisation_admin_promotes_a_facilitator_but_never_above_their_own_role(client, auth, make):
    admin = auth.login(make.user(role="org_admin"))
    person = make.user(admin.organisation)
    assert client.post_form(f"/n/users/{person.id}/role", {"role": "network_admin"}).status_code == 400
    assert db.session.get(User, person.id).role == "facilitator"
    assert client.post_form(f"/n/users/{person.id}/role", {"role": "org_admin"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, person.id).role == "org_admin"
    assert client.post_form(f"/n/users/{person.id}/role", {"role": "facilitator"}).status_code == 403
