"""The permission matrix of the learning network: every role x every action, allowed
or refused (403 or 404), and no data crossing organisations except co-hosted meetings
and the network-wide practice log.

The world: organisation A owns meeting M and co-hosts it with organisation B;
organisation C has nothing to do with it. A owns series S and a practice-log entry E.
Who asks:
    fac_a      facilitator of A (the owner)
    admin_a    organisation admin of A
    fac_b      facilitator of B (co-host of M, not of S)
    fac_c      facilitator of C (unrelated)
    net_admin  network admin, member of C: manages people everywhere, but sees no
               other organisation's meetings
Also in A, never logged in as: peer_a (another organisation admin) and boss_a (a
network admin). Nobody manages an equal or a higher role.
    gone       a facilitator of A who was deactivated while logged in
    anonymous  nobody logged in
Expected: "ok" (2xx, or a redirect that is not to the login page), 403, 404, or
"login" (a redirect to the login page)."""

from dataclasses import dataclass

import pytest

from app import meetings
from app.extensions import db
from app.models import Organisation, User
from app.network import organisations, practice, series
from app.phone import participants, store
from tests import factories
from tests.snapshot import Snapshot

ROLES = ("fac_a", "admin_a", "fac_b", "fac_c", "net_admin", "gone", "anonymous")
PASSWORD = factories.PASSWORD


def _user(org, role="facilitator", name="x"):
    person = User(email=f"{name}@example.org", name=name, role=role, organisation=org)
    person.set_password(PASSWORD)  # one cheap round in the suite (TestingConfig)
    db.session.add(person)
    db.session.commit()
    return person


@dataclass
class World:
    ids: dict

    def __getattr__(self, name):
        return self.ids[name]


def _build() -> World:
    a, b, c = (Organisation(name=n, kind=k, region="Dender") for n, k in
               (("Buurtwild/t", "youth_work"), ("PZ Aalst", "police_zone"), ("Stad Gent", "city")))
    db.session.add_all([a, b, c])
    db.session.commit()
    people = {"fac_a": _user(a, name="fac_a"), "admin_a": _user(a, "org_admin", "admin_a"),
              "fac_b": _user(b, name="fac_b"), "fac_c": _user(c, name="fac_c"),
              "net_admin": _user(c, "network_admin", "net_admin"), "gone": _user(a, name="gone"),
              "peer_a": _user(a, "org_admin", "peer_a"), "boss_a": _user(a, "network_admin", "boss_a")}
    meeting = factories.meeting(people["fac_a"], kinds=("scale", "text"), title="Football")
    organisations.add_host(meeting, b)
    who, _token = participants.join(meeting, "youngster", "nl")
    open_prompt = next(p for p in meeting.prompts if p.kind == "text")
    answer = store.store_batch(meeting, who, [factories.answer_item(open_prompt, "Zij luisterden")])[0]
    found = series.create_series(people["fac_a"], "Buurtwild/t × Politie Aalst, monthly")
    series.set_series(meeting, found)
    entry = practice.write(people["fac_a"], "Football works", "Playing first helps.", "Again in May.",
                           "football, respect", meeting)
    other = factories.meeting(people["fac_c"], kinds=("scale",), title="Gent only")
    ids = {"a": a.id, "b": b.id, "c": c.id, "meeting": meeting.id, "prompt": meeting.prompts[0].id,
           "answer": answer.id if hasattr(answer, "id") else None, "series": found.id, "entry": entry.id,
           "other_meeting": other.id, "new_org": None}
    ids |= {f"{name}_id": person.id for name, person in people.items()}
    db.session.commit()
    return World(ids)


build = Snapshot(_build)  # built once, put back for each test


# (name, method, url from the world, form data from the world, {role: expected}); roles left out
# of the dict expect the DEFAULT of their column below.
HOSTS = {"fac_a": "ok", "admin_a": "ok", "fac_b": "ok", "fac_c": 404, "net_admin": 404}
OWNER_ONLY = {"fac_a": "ok", "admin_a": "ok", "fac_b": 403, "fac_c": 404, "net_admin": 404}
EVERYONE = {"fac_a": "ok", "admin_a": "ok", "fac_b": "ok", "fac_c": "ok", "net_admin": "ok"}
WRITERS_ORG = {"fac_a": "ok", "admin_a": "ok", "fac_b": 403, "fac_c": 403, "net_admin": 403}
ADMINS = {"fac_a": 403, "admin_a": "ok", "fac_b": 403, "fac_c": 403, "net_admin": "ok"}
SERIES_HOSTS = {"fac_a": "ok", "admin_a": "ok", "fac_b": 404, "fac_c": 404, "net_admin": 404}

ACTIONS = [
    # the existing meeting actions: every host, owner or co-host
    ("view meeting", "GET", "/f/meetings/{meeting}", None, HOSTS),
    ("live counts", "GET", "/f/meetings/{meeting}/counts.json", None, HOSTS),
    ("change settings", "POST", "/f/meetings/{meeting}/settings",
     {"title": "Renamed", "language": "nl", "pacing": "self"}, HOSTS),
    ("edit prompt", "GET", "/f/meetings/{meeting}/prompts/{prompt}", None, HOSTS),
    ("add prompt", "GET", "/f/meetings/{meeting}/prompts/new?kind=scale", None, HOSTS),
    ("report", "GET", "/f/meetings/{meeting}/report", None, HOSTS),
    ("export csv", "GET", "/f/meetings/{meeting}/export.csv", None, HOSTS),
    ("export json", "GET", "/f/meetings/{meeting}/export.json", None, HOSTS),
    ("moderation", "GET", "/f/meetings/{meeting}/moderation", None, HOSTS),
    ("presenter link", "POST", "/f/meetings/{meeting}/presenter-link", {}, HOSTS),
    ("presenter screen", "GET", "/f/meetings/{meeting}/present", None, HOSTS),
    ("another organisation's meeting", "GET", "/f/meetings/{other_meeting}", None,
     {"fac_a": 404, "admin_a": 404, "fac_b": 404, "fac_c": "ok", "net_admin": "ok"}),
    # co-hosting: the owner's members decide who hosts
    ("add co-host", "POST", "/n/meetings/{meeting}/hosts", {"organisation_id": "{c}"}, OWNER_ONLY),
    ("remove co-host", "POST", "/n/meetings/{meeting}/hosts/{b}/remove", {}, OWNER_ONLY),
    # series: its hosts only
    ("series list", "GET", "/n/series", None, EVERYONE),
    ("create series", "POST", "/n/series", {"name": "New series"}, EVERYONE),
    ("view series", "GET", "/n/series/{series}", None, SERIES_HOSTS),
    ("edit series", "POST", "/n/series/{series}", {"name": "Renamed series"}, SERIES_HOSTS),
    ("add series host", "POST", "/n/series/{series}/hosts", {"organisation_id": "{b}"}, SERIES_HOSTS),
    ("remove series host", "POST", "/n/series/{series}/hosts/{b}/remove", {}, SERIES_HOSTS),
    ("put meeting in series", "POST", "/n/meetings/{meeting}/series", {"series_id": "{series}"},
     SERIES_HOSTS | {"fac_b": 404}),
    # the practice log: read by the whole network, changed by the writing organisation
    ("practice log", "GET", "/n/practice?q=football&tag=respect", None, EVERYONE),
    ("new practice entry form", "GET", "/n/practice/new?meeting={meeting}", None,
     {"fac_a": "ok", "admin_a": "ok", "fac_b": "ok", "fac_c": 404, "net_admin": 404}),
    ("read practice entry", "GET", "/n/practice/{entry}", None, EVERYONE),
    ("write practice entry", "POST", "/n/practice",
     {"title": "Learned", "learned": "Something", "futures": "", "tags": "x", "meeting_id": "0"}, EVERYONE),
    ("edit practice entry form", "GET", "/n/practice/{entry}/edit", None, WRITERS_ORG),
    ("edit practice entry", "POST", "/n/practice/{entry}",
     {"title": "Changed", "learned": "Changed", "futures": "", "tags": ""}, WRITERS_ORG),
    ("practice entry about a meeting not hosted", "POST", "/n/practice",
     {"title": "T", "learned": "L", "meeting_id": "{meeting}"},
     {"fac_a": "ok", "admin_a": "ok", "fac_b": "ok", "fac_c": 400, "net_admin": 400}),
    # organisations and people
    ("organisations", "GET", "/n/organisations", None, EVERYONE),
    ("create organisation", "POST", "/n/organisations", {"name": "PZ Dendermonde", "kind": "police_zone"},
     {"fac_a": 403, "admin_a": 403, "fac_b": 403, "fac_c": 403, "net_admin": "ok"}),
    ("manage users", "GET", "/n/users", None, ADMINS),
    ("create user in A", "POST", "/n/users",
     {"name": "New", "email": "new@example.org", "role": "facilitator", "organisation_id": "{a}"},
     {"fac_a": 403, "admin_a": "ok", "fac_b": 403, "fac_c": 403, "net_admin": "ok"}),
    ("create user in B", "POST", "/n/users",
     {"name": "New", "email": "new@example.org", "role": "facilitator", "organisation_id": "{b}"},
     {"fac_a": 403, "admin_a": 400, "fac_b": 403, "fac_c": 403, "net_admin": "ok"}),
    ("create a network admin", "POST", "/n/users",
     {"name": "New", "email": "new@example.org", "role": "network_admin", "organisation_id": "{a}"},
     {"fac_a": 403, "admin_a": 400, "fac_b": 403, "fac_c": 403, "net_admin": "ok"}),
    ("invite a user of A", "POST", "/n/users/{fac_a_id}/invite", {}, ADMINS),
    ("invite a user of B", "POST", "/n/users/{fac_b_id}/invite", {},
     {"fac_a": 403, "admin_a": 404, "fac_b": 403, "fac_c": 403, "net_admin": "ok"}),
    ("deactivate a user of A", "POST", "/n/users/{fac_a_id}/active", {"active": "0"},
     {"fac_a": 403, "admin_a": "ok", "fac_b": 403, "fac_c": 403, "net_admin": "ok"}),
    ("deactivate a user of C", "POST", "/n/users/{fac_c_id}/active", {"active": "0"},
     {"fac_a": 403, "admin_a": 404, "fac_b": 403, "fac_c": 403, "net_admin": "ok"}),
    ("deactivate the network admin", "POST", "/n/users/{net_admin_id}/active", {"active": "0"},
     {"fac_a": 403, "admin_a": 404, "fac_b": 403, "fac_c": 403, "net_admin": 403}),
    # nobody manages an equal or a higher role: no password link to take their account over
    ("invite a network admin of A", "POST", "/n/users/{boss_a_id}/invite", {},
     {"fac_a": 403, "admin_a": 403, "fac_b": 403, "fac_c": 403, "net_admin": 403}),
    ("invite another organisation admin of A", "POST", "/n/users/{peer_a_id}/invite", {},
     {"fac_a": 403, "admin_a": 403, "fac_b": 403, "fac_c": 403, "net_admin": "ok"}),
    ("deactivate a network admin of A", "POST", "/n/users/{boss_a_id}/active", {"active": "0"},
     {"fac_a": 403, "admin_a": 403, "fac_b": 403, "fac_c": 403, "net_admin": 403}),
    ("deactivate another organisation admin of A", "POST", "/n/users/{peer_a_id}/active", {"active": "0"},
     {"fac_a": 403, "admin_a": 403, "fac_b": 403, "fac_c": 403, "net_admin": "ok"}),
    ("make a facilitator of A an organisation admin", "POST", "/n/users/{fac_a_id}/role",
     {"role": "org_admin"}, ADMINS),
    ("make a facilitator of A a network admin", "POST", "/n/users/{fac_a_id}/role", {"role": "network_admin"},
     {"fac_a": 403, "admin_a": 400, "fac_b": 403, "fac_c": 403, "net_admin": "ok"}),
    ("demote another organisation admin of A", "POST", "/n/users/{peer_a_id}/role", {"role": "facilitator"},
     {"fac_a": 403, "admin_a": 403, "fac_b": 403, "fac_c": 403, "net_admin": "ok"}),
    ("demote a network admin of A", "POST", "/n/users/{boss_a_id}/role", {"role": "facilitator"},
     {"fac_a": 403, "admin_a": 403, "fac_b": 403, "fac_c": 403, "net_admin": 403}),
    # requiring a second factor: the admins of the organisation, and network admins
    ("require a second factor in A", "POST", "/n/organisations/{a}/second-factor", {"required": "1"}, ADMINS),
    ("require a second factor in B", "POST", "/n/organisations/{b}/second-factor", {"required": "1"},
     {"fac_a": 403, "admin_a": 404, "fac_b": 403, "fac_c": 403, "net_admin": "ok"}),
]


def _fill(template, world):
    return template.format(**world.ids) if isinstance(template, str) else template


def _expected(table, role):
    if role in ("gone", "anonymous"):
        return "login"
    return table[role]


CASES = [pytest.param(action, role, id=f"{action[0]}-{role}") for action in ACTIONS for role in ROLES]


@pytest.mark.parametrize(("action", "role"), CASES)
def test_permission_matrix(client, ctx, action, role):
    name, method, url, data, table = action
    world = build()
    if role != "anonymous":
        login = role
        response = client.post_form("/login", {"email": f"{login}@example.org", "password": PASSWORD})
        assert response.status_code == 302
        client._csrf = None
    if role == "gone":
        organisations.set_active(db.session.get(User, world.admin_a_id), db.session.get(User, world.gone_id),
                                 False)
    target = _fill(url, world)
    if method == "GET":
        response = client.get(target)
    else:
        response = client.post_form(target, {k: _fill(v, world) for k, v in (data or {}).items()})
    expected = _expected(table, role)
    got = response.status_code
    if expected == "login":
        assert got == 302 and response.location.startswith("/login"), (name, role, got)
    elif expected == "ok":
        assert got < 400 and not (response.location or "").startswith("/login"), (name, role, got)
    else:
        assert got == expected, (name, role, got)


def test_every_network_endpoint_is_in_the_matrix(app):
    """A new network route without a row in ACTIONS fails here."""
    covered = set()
    adapter = app.url_map.bind("localhost")
    for _name, method, url, _data, _table in ACTIONS:
        path = url.split("?")[0].format(**{k: 1 for k in (
            "meeting", "prompt", "series", "entry", "other_meeting", "a", "b", "c",
            "fac_a_id", "fac_b_id", "fac_c_id", "net_admin_id", "peer_a_id", "boss_a_id")})
        covered.add(adapter.match(path, method=method)[0])
    network = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("network.")}
    # The set-password page is public by design: tests/test_network.py covers it.
    assert network - covered == {"network.welcome"}


def test_no_meeting_data_of_another_organisation_on_any_network_page(client, ctx):
    """C's facilitator reads the practice log (A's entry) but never M's title or answers."""
    world = build()
    client.post_form("/login", {"email": "fac_c@example.org", "password": PASSWORD})
    client._csrf = None
    for url in ("/n/practice", f"/n/practice/{world.entry}", "/n/series", "/n/organisations", "/f/"):
        page = client.get(url).get_data(as_text=True)
        assert "Football works" in page or url != f"/n/practice/{world.entry}"
        assert "Zij luisterden" not in page
        assert f"/f/meetings/{world.meeting}" not in page, url


def test_a_co_host_sees_the_meeting_in_its_list_and_loses_it_when_removed(client, ctx):
    world = build()
    fac_b = db.session.get(User, world.fac_b_id)
    assert [m.id for m in meetings.meetings_of(fac_b)] == [world.meeting]
    meeting = meetings.by_token(db.session.get(meetings.Meeting, world.meeting).token)
    organisations.remove_host(meeting, db.session.get(Organisation, world.b))
    assert meetings.meetings_of(fac_b) == []
    with pytest.raises(organisations.Refused):
        organisations.remove_host(meeting, db.session.get(Organisation, world.a))


def test_moderation_follows_the_hosts(client, ctx):
    """A co-host moderates too; an outsider gets 404."""
    world = build()
    for who, expected in (("fac_b", 200), ("fac_c", 404)):
        client.post_form("/login", {"email": f"{who}@example.org", "password": PASSWORD})
        client._csrf = None
        assert client.get(f"/f/meetings/{world.meeting}/moderation/lists").status_code == expected
