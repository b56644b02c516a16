"""The authorization matrix: every route of the app's URL map × every kind of actor.

Actors: an anonymous visitor, a participant (a phone with its device token), and
logged-in users of every role (facilitator, org_admin, network_admin) in the meeting's
organisation A and in another organisation B. Outcomes: allowed, a login redirect,
401, 404. Nothing crosses organisations: B gets 404 on A's meetings and everything
under them, changes nothing, and never sees A's meeting's title. Routes come from
tests/routes.py, which fails on any endpoint nobody classified."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Meeting, Organisation, User
from tests.routes import (
    PASSWORD,
    PUSH_ON,
    ROLES,
    ROUTES,
    World,
    assert_all_classified,
    attached,
    detached,
    fast_user,
    request_args,
    rules,
    snapshot,
)
from tests.snapshot import Snapshot

SECRET_TITLE = "A-ONLY-Title-7c1f"


def test_every_route_is_classified(app):
    assert_all_classified(app)


def test_the_check_names_an_unclassified_route(app):
    """A route another helper adds without classifying it fails the sweep by name."""
    from flask import Flask

    from tests import routes

    other = Flask("other")
    other.add_url_rule("/f/new-thing", "facilitator.new_thing", lambda: "")
    with pytest.raises(AssertionError, match="facilitator.new_thing"):
        routes.assert_all_classified(other)


def _build_actors() -> tuple[dict, World, World]:
    org_a = Organisation(name="Org A", kind="police_zone")
    org_b = Organisation(name="Org B", kind="youth_work")
    db.session.add_all([org_a, org_b])
    db.session.commit()
    users = {("A", role): fast_user(org_a, role) for role in ROLES}
    users |= {("B", role): fast_user(org_b, role) for role in ROLES}
    world = World(users[("A", "facilitator")], title=SECRET_TITLE)
    world_b = World(users[("B", "facilitator")], title="B's meeting")
    return {who: user.id for who, user in users.items()}, detached(world), detached(world_b)


_built = Snapshot(_build_actors)  # built once, put back for each test


class Actors:
    """Clients for every actor, and the worlds of organisations A and B."""

    def __init__(self, app):
        self.app = app
        user_ids, world, world_b = _built()
        self.users = {who: db.session.get(User, user_id) for who, user_id in user_ids.items()}
        self.world, self.world_b = attached(world), attached(world_b)

    def client(self, who=None, device_token=None):
        client = self.app.test_client()
        if device_token:
            client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {device_token}"
        if who:
            user = self.users[who]
            response = client.post_form("/login", {"email": user.email, "password": PASSWORD})
            assert response.status_code == 302, response.status_code
            client._csrf = None
        return client


def send(client, route, world, path, **override):
    kwargs = request_args(route, world) | override
    if kwargs["method"] != "GET" and "json" not in kwargs:
        kwargs["data"] = {"csrf_token": client.csrf_token(), **kwargs.get("data", {})}
    return client.open(path, **kwargs)


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response.location.startswith("/login?next=")


def allowed(response) -> bool:
    return response.status_code < 400 and not is_login_redirect(response)


@pytest.fixture
def actors(app, ctx):
    saved = {key: app.config[key] for key in PUSH_ON}
    app.config.update(PUSH_ON)
    yield Actors(app)
    app.config.update(saved)


FACILITATOR = sorted(e for e, r in ROUTES.items() if r.kind == "facilitator")
OWN_MEETING_ONLY = ("meetings.index", "meetings.create")  # no meeting in the path


@pytest.mark.parametrize("endpoint", FACILITATOR)
def test_facilitator_routes_send_outsiders_to_the_login(app, actors, endpoint):
    route, world = ROUTES[endpoint], actors.world
    before = snapshot()
    for name, client in [("anonymous", actors.client()),
                         ("participant", actors.client(device_token=world.device_token))]:
        for rule in rules(app, endpoint):
            response = send(client, route, world, world.path(rule))
            assert is_login_redirect(response), (name, endpoint, response.status_code)
    assert snapshot() == before


@pytest.mark.parametrize("endpoint", FACILITATOR)
@pytest.mark.parametrize("role", ROLES)
def test_another_organisation_gets_404_and_changes_nothing(app, actors, endpoint, role):
    route, world = ROUTES[endpoint], actors.world
    client = actors.client(("B", role))
    before = snapshot()
    for rule in rules(app, endpoint):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = send(client, route, world, world.path(rule), method=method)
            body = response.get_data(as_text=True)
            assert SECRET_TITLE not in body, (endpoint, method)
            if endpoint in OWN_MEETING_ONLY:
                assert allowed(response), (endpoint, method, response.status_code)
            else:
                assert response.status_code == 404, (endpoint, method, response.status_code)
    if endpoint not in OWN_MEETING_ONLY:
        assert snapshot() == before


@pytest.mark.parametrize("endpoint", [e for e in FACILITATOR if "prompt_id" in e or "moderation_" in e])
def test_anothers_prompt_or_answer_under_ones_own_meeting_is_refused(app, actors, endpoint):
    """B's own meeting id with A's prompt or answer id: still nothing of A's."""
    route, world = ROUTES[endpoint], actors.world
    client = actors.client(("B", "facilitator"))
    before = snapshot()
    for rule in rules(app, endpoint):
        values = {"meeting_id": actors.world_b.meeting.id, "prompt_id": world.prompts["scale"],
                  "answer_id": world.text_answer_id}
        path = rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]
        response = send(client, route, world, path)
        if "answer_id" in rule.arguments or "prompt_id" in rule.arguments:
            # 404; a decision on a foreign answer is "changed, look again" (409, or 303 back for a form)
            assert response.status_code in (303, 404, 409), (endpoint, response.status_code)
        assert SECRET_TITLE not in response.get_data(as_text=True)
    assert snapshot() == before


@pytest.mark.parametrize("endpoint", FACILITATOR)
@pytest.mark.parametrize("role", ROLES)
def test_every_role_of_the_organisation_is_allowed(app, actors, endpoint, role):
    route = ROUTES[endpoint]
    world = World(actors.users[("A", "facilitator")], title="Fresh")  # made by a colleague
    client = actors.client(("A", role))
    for rule in rules(app, endpoint):
        response = send(client, route, world, world.path(rule))
        assert allowed(response), (endpoint, role, response.status_code, response.get_data(as_text=True)[:99])


def test_the_meeting_list_shows_only_ones_own_organisation(actors):
    for role in ROLES:
        page = actors.client(("B", role)).get("/f/").get_data(as_text=True)
        assert SECRET_TITLE not in page and "B&#39;s meeting" in page
        page = actors.client(("A", role)).get("/f/").get_data(as_text=True)
        assert SECRET_TITLE in page and "B&#39;s meeting" not in page


def everyone(actors):
    yield "anonymous", actors.client()
    yield "participant", actors.client(device_token=actors.world.device_token)
    for who in actors.users:
        yield who, actors.client(who)


@pytest.mark.parametrize("endpoint", sorted(e for e, r in ROUTES.items() if r.kind == "public"))
def test_public_routes_are_open_to_everyone(app, actors, endpoint):
    route, world = ROUTES[endpoint], actors.world
    for name, client in everyone(actors):
        for rule in rules(app, endpoint):
            with send(client, route, world, world.path(rule)) as response:
                assert response.status_code < 400, (name, endpoint, response.status_code)
                assert not is_login_redirect(response)


@pytest.mark.parametrize("endpoint", sorted(e for e, r in ROUTES.items() if r.kind == "presenter"))
def test_the_presenter_link_opens_for_its_holder_only_while_it_lives(app, actors, endpoint):
    from app import live

    route, world = ROUTES[endpoint], actors.world
    [rule] = rules(app, endpoint)
    path = world.path(rule)
    for name, client in everyone(actors):
        assert send(client, route, world, path).status_code == 200, name
    anyone = actors.client()
    wrong = path.replace(world.meeting.presenter_token, "x" * 43)
    assert send(anyone, route, world, wrong).status_code == 404
    # The meeting's join token is not a presenter token.
    assert send(anyone, route, world, path.replace(world.meeting.presenter_token,
                                                   world.meeting.token)).status_code == 404
    live.revoke_presenter_link(world.meeting)
    assert send(anyone, route, world, path).status_code == 404


def test_the_presenter_link_controls_are_the_organisations_only(actors):
    """B can neither make nor revoke A's link (404 above); A's link stays as it was."""
    world = actors.world
    token = world.meeting.presenter_token
    client = actors.client(("B", "network_admin"))
    for action in ("presenter-link", "presenter-link/revoke"):
        assert client.post_form(f"/f/meetings/{world.meeting.id}/{action}").status_code == 404
    db.session.expire_all()
    assert db.session.scalar(select(Meeting.presenter_token).where(Meeting.id == world.meeting.id)) == token


API = sorted(e for e, r in ROUTES.items() if r.kind == "api")


@pytest.mark.parametrize("endpoint", API)
def test_the_participant_api(app, actors, endpoint):
    """Open by the meeting's token; the answer routes want this meeting's device token:
    none, a made-up one or one of another meeting is a 401, as is a facilitator's session."""
    route, world = ROUTES[endpoint], actors.world
    [rule] = rules(app, endpoint)
    path = world.path(rule)
    if not route.device:
        for name, client in everyone(actors):
            assert send(client, route, world, path).status_code < 400, name
        return
    bad_tokens = [None, "made-up-token", actors.world_b.device_token]
    for token in bad_tokens:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = send(actors.client(), route, world, path, headers=headers)
        assert response.status_code == 401, (token, response.status_code)
        assert response.json["error"]["code"] == "unknown_device"
    for who in actors.users:  # a facilitator's session is not a device
        response = send(actors.client(who), route, world, path, headers={})
        assert response.status_code == 401, who
    assert send(actors.client(), route, world, path).status_code < 400


def test_an_unknown_meeting_token_is_404_on_the_api_and_the_join_page(actors):
    client = actors.client()
    assert client.get("/api/meetings/" + "x" * 30).status_code == 404
    assert client.get("/j/" + "x" * 30).status_code == 404
    # Another organisation's facilitator cannot read A's results through the phones' API.
    body = actors.client(("B", "facilitator")).get(f"/api/meetings/{actors.world.meeting.token}").json
    assert "results" not in body and "answers" not in body
