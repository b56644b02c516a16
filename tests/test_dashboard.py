"""The network dashboard on a generated data set (18 months, several zones, regions
and series, co-hosted meetings), checked against an independent computation in
plain Python over the raw rows; K on every cell; CSV and SVG exports; a screenshot."""

import csv
import io
import random
import secrets
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert

from app import live, meetings
from app.extensions import db
from app.models import Answer, Participant, Prompt, Series, meeting_host
from app.network import barometer, dashboard

START = date(2024, 1, 1)
MONTHS = 18


def _month(i: int) -> date:
    return date(START.year + (START.month - 1 + i) // 12, (START.month - 1 + i) % 12 + 1, 1)


@pytest.fixture
def world(make):
    """Three organisations in two regions, two series (one co-hosted), 18 months of
    meetings; returns what the independent computation needs."""
    rnd = random.Random(5)
    aalst = make.organisation("Politiezone Aalst")
    dender = make.organisation("Politiezone Dendermonde")
    lejo = make.organisation("vzw LEJO")
    aalst.region, dender.region, lejo.region = "Dender", "Dender", "Dender-Gent"
    users = {o.id: make.user(o) for o in (aalst, dender, lejo)}
    series_a = Series(name="Buurtwild/t x Politie Aalst", organisation_id=lejo.id)
    series_d = Series(name="Dendermonde, monthly", organisation_id=dender.id)
    db.session.add_all([series_a, series_d])
    db.session.commit()
    raw = {"meetings": {}, "answers": [], "participants": []}
    for i in range(MONTHS):
        for owner, co_host, series in ((lejo, aalst, series_a), (dender, None, series_d)):
            if rnd.random() < 0.15:
                continue  # a month without this meeting
            meeting = meetings.create_meeting(users[owner.id], f"M{i} {owner.name}")
            meeting.opened_at = datetime(_month(i).year, _month(i).month, rnd.randint(1, 28), 18, tzinfo=UTC)
            meeting.series_id = series.id
            hosts = {owner.id} | ({co_host.id} if co_host else set())
            present = set(
                db.session.scalars(
                    db.select(meeting_host.c.organisation_id).where(meeting_host.c.meeting_id == meeting.id)
                )
            )
            for org_id in hosts - present:
                db.session.execute(insert(meeting_host).values(meeting_id=meeting.id, organisation_id=org_id))
            meetings.add_prompt(meeting, "scale", {"nl": "Cijfer?"})  # not a barometer item: never counted
            barometer.add_to(meeting)
            db.session.commit()
            items = {p.id: (p.audience, b) for p, b in _barometer(meeting)}
            other = next(p for p in meeting.prompts if p.id not in items)
            raw["meetings"][meeting.id] = {"month": _month(i), "hosts": hosts, "series": series.name}
            for group, most in (("youngster", 9), ("officer", 6), ("other", 2)):
                for _ in range(rnd.randint(0, most)):
                    person = Participant(meeting_id=meeting.id, token_hash=secrets.token_hex(32), group=group)
                    db.session.add(person)
                    db.session.flush()
                    raw["participants"].append((meeting.id, group))
                    rows = [(other.id, rnd.randint(1, 10))]
                    for prompt_id, (audience, item) in items.items():
                        if audience == group and rnd.random() < 0.8:
                            rows.append((prompt_id, rnd.randint(1, 5)))
                            raw["answers"].append((meeting.id, person.id, group, item, rows[-1][1]))
                    db.session.execute(
                        insert(Answer),
                        [
                            {
                                "uuid": str(uuid.uuid4()),
                                "participant_id": person.id,
                                "prompt_id": prompt_id,
                                "value": v,
                                "recorded_at": datetime.now(UTC),
                            }
                            for prompt_id, v in rows
                        ],
                    )
            db.session.commit()
    return {
        "raw": raw,
        "orgs": {o.id: o for o in (aalst, dender, lejo)},
        "users": users,
        "series": {"a": series_a, "d": series_d},
    }


def _barometer(meeting):
    from app.models.library import BarometerPrompt

    keys = {
        pid: item
        for pid, item in db.session.execute(db.select(BarometerPrompt.prompt_id, BarometerPrompt.item))
    }
    return [(p, keys[p.id]) for p in meeting.prompts if p.id in keys]


def expected(raw, keep=lambda m: True, period="month", key=None):
    """Independent: per person and dimension the mean of the answered items (at least
    half), 0-100; then the mean per cell. key(meeting) -> the cells a meeting counts in.
    A meeting's group counts only with at least K (3) people scored on the dimension:
    app/results/disclosure.py's block rule against differencing two views."""
    people = defaultdict(list)
    for meeting_id, person, group, item, value in raw["answers"]:
        if keep(raw["meetings"][meeting_id]):
            people[(meeting_id, person, group, item.split(".")[0])].append(value)
    blocks = defaultdict(list)
    for (meeting_id, _person, group, dim), values in people.items():
        total_items = sum(1 for _d, _i, _t in barometer.ITEMS if _d == dim)
        if len(values) * 2 < total_items:
            continue
        blocks[(meeting_id, group, dim)].append((sum(values) / len(values) - 1) / 4 * 100)
    cells = defaultdict(list)
    for (meeting_id, group, dim), scores in blocks.items():
        if len(scores) < BLOCK:
            continue
        m = raw["meetings"][meeting_id]
        for where in key(m) if key else [dashboard.period_of(m["month"], period)]:
            cells[(where, group, dim)] += scores
    return cells


BLOCK = 3  # every meeting of the world has the default K


def _filters(**kw):
    return dashboard.Filters(start=START, end=_month(MONTHS - 1), **kw)


def _check(board_cells, expect, k):
    checked = 0
    for (where, group, dim), c in board_cells.items():
        scores = expect.get((where, group, dim), [])
        assert c["n"] == len(scores), (where, group, dim)
        if len(scores) >= k:
            assert c["score"] == pytest.approx(sum(scores) / len(scores)), (where, group, dim)
            checked += 1
        else:
            assert c["score"] is None and c["hidden"] == bool(scores)
    return checked


def test_trend_per_month_and_quarter_matches_plain_python(world, app):
    with app.test_request_context():
        for period in ("month", "quarter"):
            board = dashboard.build(None, _filters(period=period))
            cells = {
                (p, g, d): board.trend[d][p][g]
                for d in board.trend
                for p in board.periods
                for g in ("youngster", "officer")
            }
            assert _check(cells, expected(world["raw"], period=period), board.k) > 20
        assert len(board.periods) == 6 and board.periods[0] == "2024-Q1"


def test_breakdowns_filters_and_participants(world, app):
    raw, orgs, series = world["raw"], world["orgs"], world["series"]
    names = {o.id: o.name for o in orgs.values()}
    with app.test_request_context():
        board = dashboard.build(None, _filters())
        for section, key in (
            ("organisation", lambda m: [names[h] for h in m["hosts"]]),
            ("series", lambda m: [m["series"]]),
            ("region", lambda m: {orgs[h].region for h in m["hosts"]}),
        ):
            cells = {
                (name, g, d): c
                for name, dims in board.breakdowns[section]
                for d, groups in dims.items()
                for g, c in groups.items()
            }
            assert _check(cells, expected(raw, key=key), board.k) > 0
        # The co-hosting police zone counts the co-hosted series' meetings too.
        aalst = next(o for o in orgs.values() if o.name == "Politiezone Aalst")
        only = dashboard.build(None, _filters(organisation_id=aalst.id))
        cells = {
            (p, g, d): only.trend[d][p][g]
            for d in only.trend
            for p in only.periods
            for g in ("youngster", "officer")
        }
        _check(cells, expected(raw, keep=lambda m: aalst.id in m["hosts"]), only.k)
        by_series = dashboard.build(None, _filters(series_id=series["d"].id, group="officer"))
        assert by_series.filters.groups == ("officer",)
        cells = {
            (p, "officer", d): by_series.trend[d][p]["officer"]
            for d in by_series.trend
            for p in by_series.periods
        }
        _check(cells, expected(raw, keep=lambda m: m["series"] == series["d"].name), by_series.k)
        # Participant counts (others never counted), a meeting's group only with at least K.
        joined = defaultdict(int)
        for meeting_id, group in raw["participants"]:
            if group != "other":
                joined[(meeting_id, group)] += 1
        counts = defaultdict(int)
        for (meeting_id, group), n in joined.items():
            if n >= BLOCK:
                counts[(dashboard.period_of(raw["meetings"][meeting_id]["month"], "month"), group)] += n
        for p in board.periods:
            for g, c in board.participants[p].items():
                assert c["n"] == counts[(p, g)] and c["hidden"] == (0 < counts[(p, g)] < board.k)


def test_a_facilitator_sees_only_what_their_organisation_hosts(world, client, auth, make):
    orgs = world["orgs"]
    dender = next(o for o in orgs.values() if o.name == "Politiezone Dendermonde")
    user = auth.login(world["users"][dender.id])
    board = dashboard.build(user, _filters())
    mine = {mid for mid, m in world["raw"]["meetings"].items() if dender.id in m["hosts"]}
    assert board.meetings == len(mine)
    page = client.get("/f/dashboard?from=2024-01&to=2025-06")
    assert page.status_code == 200
    assert f"{len(mine)} meetings in this selection" in page.get_data(as_text=True)


def test_k_on_every_cell_and_the_exports(world, client, auth, make):
    admin = make.user(role="network_admin")
    auth.login(admin)
    response = client.get("/f/dashboard.csv?from=2024-01&to=2025-06&period=month")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows and {r["section"] for r in rows} >= {
        "trend_month",
        "organisation",
        "series",
        "region",
        "participants",
    }
    # Every cell adds up blocks of at least K people (or none): no cell is small.
    assert not [r for r in rows if r["note"]]
    for r in rows:
        if r["note"]:
            assert r["people"] == "" and r["score_0_100"] == "" and r["note"] == "fewer than 3"
        elif r["score_0_100"]:
            assert int(r["people"]) >= 3
    page = client.get("/f/dashboard?from=2024-01&to=2025-06").get_data(as_text=True)
    assert "points higher" in page
    for chart in ("voice", "respect", "neutrality", "trust", "participants"):
        svg = client.get(f"/f/dashboard/{chart}.svg?from=2024-01&to=2025-06")
        assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
        body = svg.get_data(as_text=True)
        assert body.startswith("<?xml") and 'xmlns="http://www.w3.org/2000/svg"' in body and "<title" in body
        import xml.dom.minidom

        xml.dom.minidom.parseString(body)  # well-formed
    assert client.get("/f/dashboard/nothing.svg").status_code == 404


def test_the_dashboard_needs_a_login(client):
    for url in ("/f/dashboard", "/f/dashboard.csv", "/f/dashboard/voice.svg"):
        assert client.get(url).status_code in (302, 401)


@pytest.mark.browser
def test_dashboard_screenshot_at_1280(world, browser, live_server, make, tmp_path):
    from tests.browser import log_in

    admin = make.user(role="network_admin")
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server["url"], locale="en"
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        log_in(page, admin, make.PASSWORD)
        page.goto("/f/dashboard?from=2024-01&to=2025-06")
        assert page.locator("svg.dash-chart").count() == 5
        path = tmp_path / "dashboard.png"
        page.screenshot(path=path, full_page=True)
        page.goto("/f/dashboard?from=2024-01&to=2025-06&period=quarter&lang=nl")
        page.screenshot(path=tmp_path / "dashboard-quarter-nl.png", full_page=True)
        import shutil

        shutil.copy(path, "/tmp/allo-dashboard.png")
        shutil.copy(tmp_path / "dashboard-quarter-nl.png", "/tmp/allo-dashboard-quarter-nl.png")
    finally:
        context.close()
    assert not errors, errors


def _small_meeting(make, when=datetime(2025, 3, 10, 18, tzinfo=UTC)):
    """One open meeting with the barometer, in March 2025: -> (meeting, {prompt id: item})."""
    org = make.organisation("Politiezone Ninove")
    meeting = meetings.create_meeting(make.user(org), "Buurtgesprek")
    barometer.add_to(meeting)
    meetings.set_status(meeting, "open")
    meeting.opened_at = when
    db.session.commit()
    return meeting, {p.id: item for p, item in _barometer(meeting)}


def _answer(meeting, group, items, value, person=None):
    """A phone answers the youngsters' (or officers') voice items through app/phone/store.py."""
    from app.phone import store

    if person is None:
        person = Participant(meeting_id=meeting.id, token_hash=secrets.token_hex(32), group=group)
        db.session.add(person)
        db.session.commit()
    batch = [
        {
            "uuid": str(uuid.uuid4()),
            "prompt_id": pid,
            "value": value,
            "recorded_at": datetime.now(UTC).isoformat(),
        }
        for pid, item in items.items()
        if item.startswith("voice.") and db.session.get(Prompt, pid).audience == group
    ]
    assert {o.status for o in store.store_batch(meeting, person, batch)} == {"stored"}
    return person


def _voice(group="youngster"):
    board = dashboard.build(None, dashboard.Filters(start=date(2025, 3, 1), end=date(2025, 3, 1)))
    return board.trend["voice"]["2025-03"][group], board.participants["2025-03"][group]


def test_the_summary_follows_new_answers_edits_and_groups(app, make):
    """The dashboard reads a per-meeting summary; a new answer, an edit, a phone that
    changes group or a closed meeting are on the dashboard at the next look."""
    from app.models.library import BarometerSummary

    meeting, items = _small_meeting(make)
    with app.test_request_context():
        people = [_answer(meeting, "youngster", items, 5) for _ in range(3)]
        cell, count = _voice()
        assert (cell["n"], cell["score"], count["n"]) == (3, 100.0, 3)
        assert db.session.get(BarometerSummary, meeting.id).answers > 0
        _answer(meeting, "youngster", items, 1)  # a fourth youngster: 3 x 100 and 1 x 0
        cell, count = _voice()
        assert (cell["n"], cell["score"], count["n"]) == (4, 75.0, 4)
        _answer(meeting, "youngster", items, 3, person=people[0])  # an edit: same answer rows
        cell, _count = _voice()
        assert (cell["n"], cell["score"]) == (4, pytest.approx((50 + 100 + 100 + 0) / 4))
        people[1].group = "officer"  # a phone corrects its group: its answers stay its own
        db.session.commit()
        cell, count = _voice()
        assert (cell["n"], cell["score"], count["n"]) == (3, pytest.approx((50 + 100 + 0) / 3), 3)
        # One officer in the meeting: counted nowhere on the dashboard, not even as "fewer than K".
        assert _voice("officer")[1]["n"] == 0 and _voice("officer")[0]["n"] == 0
        # Nothing changed: nothing recomputed.
        assert dashboard.stale_meetings([meeting.id]) == []
        before = db.session.get(BarometerSummary, meeting.id).refreshed_at
        _voice()
        db.session.expire_all()
        assert db.session.get(BarometerSummary, meeting.id).refreshed_at == before
        # Closing refreshes it at once; within the grace window edits are still seen.
        meetings.set_status(meeting, "closed")
        summary = db.session.get(BarometerSummary, meeting.id)
        assert summary.refreshed_at >= meeting.closed_at
        assert dashboard.stale_meetings([meeting.id]) == []
        # A deleted participant (and its answers) leaves the dashboard too.
        db.session.execute(db.delete(Answer).where(Answer.participant_id == people[0].id))
        db.session.delete(db.session.get(Participant, people[0].id))
        db.session.commit()
        assert dashboard.stale_meetings([meeting.id]) == [meeting.id]
        cell, count = _voice()  # two youngsters left: below K, the meeting's youngsters count nowhere
        assert (cell["n"], cell["score"], cell["hidden"], count["n"]) == (0, None, False, 0)
        # Long closed (settled: no answer can come in), then a prompt's answers are reset:
        # the meeting's version says so.
        meeting.closed_at = datetime.now(UTC) - timedelta(days=3)
        db.session.commit()
        assert dashboard.refresh([meeting.id]) == 1 and dashboard.stale_meetings([meeting.id]) == []
        voice = next(pid for pid, item in items.items() if item.startswith("voice."))
        live.reset(db.session.get(Prompt, voice))
        assert dashboard.stale_meetings([meeting.id]) == [meeting.id]
        _voice()
        assert dashboard.stale_meetings([meeting.id]) == []
        only = [meeting.id]
        summed, scored = dashboard.summed_per_meeting(only), dashboard.scored_per_meeting(only)
        assert {r[:4]: pytest.approx(r[4]) for r in summed} == {r[:4]: r[4] for r in scored} != {}


def test_refresh_dashboard_cli(app, make, runner):
    from app.models.library import BarometerSummary, BarometerSummaryCell

    meeting, items = _small_meeting(make)
    with app.test_request_context():
        for value in (5, 4, 2):
            _answer(meeting, "officer", items, value)
    result = runner.invoke(args=["refresh-dashboard"])
    assert result.exit_code == 0 and "refreshed for 1 meeting(s)" in result.output, result.output
    voice = db.session.get(BarometerSummaryCell, (meeting.id, "officer", "voice"))
    assert (voice.people, voice.total) == (3, pytest.approx(100 + 75 + 25))
    assert db.session.get(BarometerSummary, meeting.id).officers == 3
    result = runner.invoke(args=["refresh-dashboard"])
    assert "refreshed for 0 meeting(s)" in result.output  # nothing changed
    with app.test_request_context():
        _answer(meeting, "officer", items, 1)
    assert "refreshed for 1 meeting(s)" in runner.invoke(args=["refresh-dashboard"]).output
    db.session.expire_all()
    voice = db.session.get(BarometerSummaryCell, (meeting.id, "officer", "voice"))
    assert (voice.people, voice.total) == (4, pytest.approx(200))
    assert "refreshed for 1 meeting(s)" in runner.invoke(args=["refresh-dashboard", "--all"]).output
