"""Every route of the app, classified, and a made-up world to request them in.

The route-wide sweeps (tests/test_authorization.py, test_csrf.py, test_header_audit.py)
read the app's URL map and look each endpoint up in ROUTES: an endpoint nobody
classified fails them, naming it. When you add a route, add it here:

    kind      who may use it
    public    anyone (pages, files, login)
    api       the participant API under /api (device token in a header; some need none)
    facilitator  logged-in facilitators of the meeting's organisation (404 for others)
    presenter    anyone holding the meeting's read-only presenter link /p/<token>
    network      logged-in users of the learning network (/n/...: organisations, people,
                 series, practice log); who may do what is the role matrix in
                 tests/test_permissions.py, here only the login redirect, CSRF and headers

and the one request that uses it as it is meant to (method, form or JSON data, query).
"""

import base64
import copy
import io
import json
import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyotp
from werkzeug.routing import IntegerConverter

from app import followups, live, meetings
from app.extensions import db
from app.followups import loop
from app.live import moderation
from app.meetings import library
from app.meetings.prompt_kinds import KINDS
from app.models import Meeting, Organisation, User
from app.network import organisations, practice, series
from app.phone import participants, store
from tests.factories import PASSWORD

ROLES = ("facilitator", "org_admin", "network_admin")


@dataclass(frozen=True)
class Route:
    kind: str
    method: str = "GET"
    data: object = None  # a dict, or a function of the World giving one
    query: object = ""  # a string, or a function of the World giving one
    json: object = None
    device: bool = False  # needs the participant's device token
    values: object = None  # other URL values (not meeting_id, prompt_id, answer_id, token): f(World)
    logs_out: bool = False  # ends the actor's session (a sweep logs in again after it)


def _first_code() -> dict:
    """Setting up a second factor: a fresh secret and the code an app would show for it."""
    secret = pyotp.random_base32()
    return {"secret": secret, "code": pyotp.TOTP(secret).now()}


def _settings(world):
    return {"title": "Renamed", "language": "nl", "pacing": "facilitator"}


def _first_prompt(world):
    return {"prompt_id": str(world.prompts["scale"])}


def _decision(world):
    return {"review": "approved", "uuid": world.text_answer_uuid}


def _seen(world):
    return {"seen": f"{world.text_answer_id}:{world.text_answer_uuid}"}


ROUTES: dict[str, Route] = {
    # public
    "static": Route("public"),
    "join.home": Route("public"),
    "join.meeting": Route("public"),
    "join.enter_code": Route("public", query=lambda w: f"code={w.meeting.code}"),
    "join.privacy": Route("public"),
    "join.accessibility": Route("public"),
    "pwa.healthz": Route("public"),
    "pwa.manifest": Route("public"),
    "pwa.service_worker": Route("public"),
    "prometheus_metrics": Route("public"),  # from this host or with a token only: tests/test_ops.py
    "auth.login": Route("public"),
    "auth.logout": Route("public", "POST", {}),
    "auth.login_code": Route("public"),
    "auth.reset_password": Route("public"),  # its POST: tests/test_password_reset.py
    "api.openapi": Route("public"),
    # the participant API
    "api.show_meeting": Route("api"),
    "api.follow_step": Route("api"),  # without ?known= it answers at once (app/live/step.py)
    "api.join": Route("api", "POST", json={"group": "youngster"}),  # the world's phone answered as one
    "api.post_answers": Route("api", "POST", device=True, json=lambda w: {"answers": [w.answer_item()]}),
    "api.my_answers": Route("api", device=True),
    "api.put_waiting": Route("api", "PUT", device=True, json={"waiting": 0}),
    # the facilitator's workspace
    "meetings.index": Route("facilitator"),
    "meetings.create": Route("facilitator", "POST", {"title": "New", "language": "nl", "pacing": "self"}),
    "meetings.meeting": Route("facilitator"),
    "meetings.counts": Route("facilitator"),
    "meetings.current": Route("facilitator", "POST", _first_prompt),
    "results.export_csv": Route("facilitator"),
    "results.export_json": Route("facilitator"),
    "live.moderation_page": Route("facilitator"),
    "live.cockpit": Route("facilitator"),
    "live.cockpit_show": Route("facilitator", "POST", _first_prompt),
    "live.moderation_lists": Route("facilitator"),
    "live.moderation_decide": Route("facilitator", "POST", _decision),
    "live.moderation_approve_all": Route("facilitator", "POST", _seen),
    "live.present": Route("facilitator"),
    "live.present_live": Route("facilitator"),
    "live.present_show": Route("facilitator", "POST", _first_prompt),
    "live.presenter_link": Route("facilitator", "POST", {}),
    "live.revoke_presenter_link": Route("facilitator", "POST", {}),
    "meetings.edit_prompt": Route("facilitator"),
    "meetings.delete_prompt": Route("facilitator", "POST", {}),
    "meetings.move_prompt": Route("facilitator", "POST", {"direction": "down"}),
    "meetings.link_prompt": Route("facilitator", "POST", {"link": "guess"}),
    "live.reset_prompt": Route("facilitator", "POST", {"confirm": "yes"}),
    "live.reveal_prompt": Route("facilitator", "POST", {"revealed": "1"}),
    "meetings.new_prompt": Route("facilitator", query="kind=scale"),
    "results.report": Route("facilitator"),
    "live.reveal_share": Route("facilitator", "POST", {"reveal_share": "50"}),
    "meetings.settings": Route("facilitator", "POST", _settings),
    "meetings.protection": Route("facilitator", "POST", {"seats_officer": "2", "min_group_size": "3"}),
    "meetings.status": Route("facilitator", "POST", {"status": "closed"}),
    "meetings.delete_meeting_page": Route("facilitator"),
    "meetings.delete_meeting": Route("facilitator", "POST", lambda w: {"title": w.title}),
    # the read-only presenter link
    "presenter.present": Route("presenter"),
    "presenter.live_fragment": Route("presenter"),
    # the learning network (app/network/): a meeting's hosts and series follow the meeting
    "network.add_meeting_host": Route("facilitator", "POST", lambda w: {"organisation_id": str(w.cohost_id)}),
    "network.remove_meeting_host": Route("facilitator", "POST", {}),
    "network.set_meeting_series": Route("facilitator", "POST", {"series_id": ""}),
    "network.welcome": Route("public"),
    "network.organisations_page": Route("network"),
    "network.create_organisation": Route("network", "POST", {"name": "New org", "kind": "city"}),
    "network.users": Route("network"),
    "network.create_user": Route("network", "POST", lambda w: {
        "name": "N", "email": "n@example.org", "role": "facilitator",
        "organisation_id": str(w.owner.organisation_id)}),
    "network.invite": Route("network", "POST", {}),
    "network.set_active": Route("network", "POST", {"active": "1"}),
    "network.set_role": Route("network", "POST", {"role": "facilitator"}),
    "network.second_factor": Route("network", "POST", {"required": "1"}),
    # one's own account (logged in, no meeting)
    "auth.account": Route("network"),
    "auth.second_factor_on": Route("network", "POST", lambda w: _first_code()),
    "auth.second_factor_off": Route("network", "POST", {"code": "000000"}),
    "network.series_list": Route("network"),
    "network.create_series": Route("network", "POST", {"name": "A series"}),
    "network.series_page": Route("network"),
    "network.edit_series": Route("network", "POST", {"name": "Renamed series"}),
    "network.add_series_host": Route("network", "POST", lambda w: {"organisation_id": str(w.cohost_id)}),
    "network.remove_series_host": Route("network", "POST", {}),
    "network.practice_log": Route("network", query="q=ice&tag=football"),
    "network.new_practice": Route("network"),
    "network.write_practice": Route("network", "POST", {"title": "T", "learned": "L"}),
    "network.practice_entry": Route("network"),
    "network.edit_practice": Route("network"),
    "network.update_practice": Route("network", "POST", {"title": "T", "learned": "L"}),
    # the template library and the dashboard: any logged-in user, for what their organisation may see
    "meetings.library_index": Route("network"),
    "meetings.library_use": Route("network", "POST", {"source": "builtin:four-fs"}),
    "meetings.library_export_builtin": Route("network", values=lambda w: {"key": "four-fs"}),
    "meetings.library_export": Route("network"),
    "meetings.library_import": Route("network", "POST", lambda w: {
        "file": (io.BytesIO(json.dumps(library.builtins()["one-word"]).encode()), "t.json"),
        "visibility": "organisation"}),
    "meetings.library_visibility": Route("network", "POST", {"visibility": "network"}),
    "meetings.library_delete": Route("network", "POST", {}),
    "meetings.library_save": Route("network", "POST", lambda w: {"meeting_id": str(w.meeting.id)}),
    "dashboard.dashboard_page": Route("network"),
    "dashboard.dashboard_csv": Route("network"),
    "dashboard.codebook_csv": Route("network"),
    "dashboard.dashboard_svg": Route("network", values=lambda w: {"chart": "voice"}),
    # a meeting's trust barometer and follow-ups follow the meeting
    "meetings.add_barometer": Route("facilitator", "POST", {}),
    "meetings.add_general_trust": Route("facilitator", "POST", {}),
    # paper answer sheets: print, enter
    "meetings.paper_page": Route("facilitator"),
    "meetings.paper_sheets": Route("facilitator", query="start=1&count=2"),
    "meetings.enter_sheet": Route("facilitator", "POST", {"sheet": "1", "group": "1"}),
    # "you said -> we did": the hosts' page, the participants' page, the projector's
    "loop.hosts_page": Route("facilitator"),
    "loop.write_entry": Route("facilitator", "POST", {"happened_on": "2026-12-01", "said": "More football"}),
    "loop.decide_entry": Route("facilitator", "POST", {"decision": "approved"}),
    "loop.present": Route("facilitator"),
    "join.said_did": Route("public"),
    # kiosk mode: a host binds a device (and is logged out there); the kiosk page redirects
    # to the phone page on a device not bound
    "meetings.make_kiosk": Route("facilitator", "POST", {}, logs_out=True),
    "join.kiosk_page": Route("public"),
    "loop.present_by_link": Route("presenter"),
    "followups.schedule_followup": Route("facilitator", "POST", {
        "days": "14", "question_1": "What became of it?", "kind_1": "text", "kind_2": "scale"}),
    "followups.cancel_followup": Route("facilitator", "POST", {}),
    # web push (only offered when VAPID_SUB is set: see PUSH_ON)
    "api.push_subscribe": Route("api", "POST", device=True, json={"subscription": {
        "endpoint": "https://fcm.googleapis.com/fcm/send/routes-test",
        "keys": {"p256dh": base64.urlsafe_b64encode(b"\x04" + bytes(64)).decode().rstrip("="),
                 "auth": base64.urlsafe_b64encode(bytes(16)).decode().rstrip("=")}}}),
    "api.push_unsubscribe": Route("api", "DELETE", json={"endpoint": "https://fcm.googleapis.com/fcm/send/x"}),
}
# The configuration under which every route above is offered (web push needs a contact).
PUSH_ON = {"VAPID_SUB": "mailto:privacy@allo.example"}


def unclassified(app) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()} - set(ROUTES))


def assert_all_classified(app) -> None:
    missing = unclassified(app)
    assert not missing, (
        f"routes nobody classified: {', '.join(missing)}. Add each to ROUTES in tests/routes.py "
        "(public, api, facilitator or presenter, with the request that uses it), so the "
        "authorization, CSRF and header sweeps cover it.")
    stale = sorted(set(ROUTES) - {rule.endpoint for rule in app.url_map.iter_rules()})
    assert not stale, f"ROUTES in tests/routes.py names endpoints that no longer exist: {stale}"


def rules(app, endpoint: str):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint]


def fast_user(org: Organisation, role: str = "facilitator", email: str | None = None) -> User:
    """A user of the role, with the suite's password (hashed cheaply, as every test user is)."""
    person = User(email=email or f"{role}-{uuidlib.uuid4().hex[:8]}@example.org", name=role, role=role,
                  organisation=org)
    person.set_password(PASSWORD)
    db.session.add(person)
    db.session.commit()
    return person


@dataclass
class World:
    """One organisation's meeting with a prompt of every kind, a joined phone, a pending
    open answer, a presenter link; and the facilitator who owns it."""

    owner: User
    title: str = "Test meeting"
    meeting: object = None
    prompts: dict = field(default_factory=dict)
    device_token: str = ""
    text_answer_id: int = 0
    text_answer_uuid: str = ""
    cohost_id: int = 0
    series_id: int = 0
    entry_id: int = 0
    invitation_token: str = ""
    template_id: int = 0
    followup_id: int = 0
    loop_entry_id: int = 0

    def __post_init__(self):
        self.meeting = meetings.create_meeting(self.owner, self.title, pacing="facilitator")
        for kind in KINDS:
            text = {"nl": f"Vraag {kind}", "en": f"Question {kind}"}
            prompt = meetings.add_prompt(self.meeting, kind, text)
            self.prompts[kind] = prompt.id
        meetings.set_status(self.meeting, "open")
        live.create_presenter_link(self.meeting)
        who, self.device_token = participants.join(self.meeting, "youngster", "nl")
        item = self.answer_item("text", "Hello")
        store.store_batch(self.meeting, who, [item])
        self.text_answer_uuid = item["uuid"]
        [found] = moderation.queue(self.meeting)
        self.text_answer_id = found.answer_id
        # The learning network: a co-host organisation, a series, a practice-log entry, an invitation.
        cohost = Organisation(name=f"Co-host of {self.title} {uuidlib.uuid4().hex[:6]}", kind="police_zone")
        db.session.add(cohost)
        organisations.add_host(self.meeting, cohost)
        self.cohost_id = cohost.id
        self.series_id = series.create_series(self.owner, f"Series of {self.title}").id
        self.entry_id = practice.write(self.owner, "Learned", "Football breaks the ice.", "", "football",
                                       self.meeting).id
        self.invitation_token = organisations.invite(self.owner)
        self.template_id = library.save(self.owner, library.builtins()["one-word"]).id
        self.followup_id = followups.schedule(self.meeting, 14, [("text", {"nl": "En nu?"})]).id
        self.loop_entry_id = loop.write(self.owner, self.meeting, False, datetime.now(UTC).date(),
                                        "We agreed on a football match.", "It happened.").id

    def answer_item(self, kind: str = "scale", value=4) -> dict:
        return {"uuid": str(uuidlib.uuid4()), "prompt_id": self.prompts[kind], "value": value,
                "recorded_at": datetime.now(UTC).isoformat()}

    def path(self, rule, endpoint: str | None = None) -> str:
        """The rule's path with this world's values (and the route's own `values`)."""
        route = ROUTES.get(endpoint or rule.endpoint)
        extra = route.values(self) if route and route.values else {}
        values = {}
        for name, converter in rule._converters.items():
            if name in extra:
                values[name] = extra[name]
            elif name == "filename":
                values[name] = "css/app.css"
            elif isinstance(converter, IntegerConverter):
                values[name] = {"meeting_id": self.meeting.id, "prompt_id": self.prompts["scale"],
                                "answer_id": self.text_answer_id, "organisation_id": self.cohost_id,
                                "series_id": self.series_id, "entry_id": self.entry_id,
                                "user_id": self.owner.id, "template_id": self.template_id,
                                "followup_id": self.followup_id, "loop_entry_id": self.loop_entry_id}[name]
            elif rule.rule.startswith("/n/welcome/"):
                values[name] = self.invitation_token
            elif rule.rule.startswith("/p/"):
                values[name] = self.meeting.presenter_token
            else:
                values[name] = self.meeting.token
        return rule.build(values, append_unknown=False)[1]


def detached(world: World) -> World:
    """The world with ids for its owner and meeting, to keep beyond its session (tests/snapshot.py)."""
    kept = copy.copy(world)
    kept.owner, kept.meeting = world.owner.id, world.meeting.id
    return kept


def attached(kept: World) -> World:
    """A detached world with its owner and meeting loaded in the current session."""
    world = copy.copy(kept)
    world.owner, world.meeting = db.session.get(User, kept.owner), db.session.get(Meeting, kept.meeting)
    world.prompts = dict(kept.prompts)
    return world


def request_args(route: Route, world: World) -> dict:
    """The keyword arguments for client.open() of a route's intended request (but the path)."""
    kwargs = {"method": route.method}
    if route.query:
        kwargs["query_string"] = route.query(world) if callable(route.query) else route.query
    data = route.data(world) if callable(route.data) else route.data
    if data is not None:
        kwargs["data"] = data
    if route.json is not None:
        kwargs["json"] = route.json(world) if callable(route.json) else route.json
    if route.device:
        kwargs["headers"] = {"Authorization": f"Bearer {world.device_token}"}
    return kwargs


def snapshot() -> dict:
    """Every row of every table but the login sessions, as text: to see that nothing changed."""
    db.session.expire_all()
    found = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            if table.name == "user_session":
                continue
            rows = conn.execute(table.select()).all()
            found[table.name] = sorted(repr(tuple(row)) for row in rows)
    return found
