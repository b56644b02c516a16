"""Views: the network dashboard (/f/dashboard) of the trust barometer over time,
as a page, a CSV and one SVG per chart. Network admins see every meeting; anyone
else the meetings their organisation hosts (app/meetings/__init__.py)."""

from datetime import date

from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.auth import audit
from app.auth.session import current_user, login_required
from app.downloads import attachment
from app.extensions import db
from app.meetings import labels
from app.models import Organisation, Series
from app.network import barometer, dashboard
from app.network.dashboard import charts as dashboard_charts
from app.network.series import series_of
from app.results import csv_cells

bp = Blueprint("dashboard", __name__, url_prefix="/f")


DIMENSION_NAMES = {
    "voice": {
        "short": _l("Voice"),
        "title": _l("Voice: “they listened to me”"),
        "subtitle": _l("Were they heard, could they say what they wanted? Mean score per period, per group."),
    },
    "respect": {
        "short": _l("Respect"),
        "title": _l("Respect: “I was treated with respect”"),
        "subtitle": _l("Did they feel treated with respect? Mean score per period, per group."),
    },
    "neutrality": {
        "short": _l("Neutrality"),
        "title": _l("Neutrality: “they were fair”"),
        "subtitle": _l(
            "Were the others fair, did they treat everyone equally? Mean score per period, per group."
        ),
    },
    "trust": {
        "short": _l("Trust"),
        "title": _l("Trust: “I trust them more than before”"),
        "subtitle": _l(
            "Do they trust the other group more than before the meeting? Mean score per period, per group."
        ),
    },
}
DIMENSION_NAMES |= {
    "explanation": {
        "short": _l("Explanation"),
        "title": _l("Explanation: “they explained why”"),
        "subtitle": _l(
            "Did the others explain why they did or decided things? Mean score per period, per group."
        ),
    },
    "responsiveness": {
        "short": _l("Taken seriously"),
        "title": _l("Taken seriously: “they took our questions seriously”"),
        "subtitle": _l("Did the others take their questions seriously? Mean score per period, per group."),
    },
    "general_trust": {
        "short": _l("Trust 0–10"),
        "title": _l("Trust 0–10: “how much do you trust them?”"),
        "subtitle": _l(
            "Asked at the first and last meeting of a series, 0–10 shown as 0–100. "
            "Mean per period, per group."
        ),
    },
}
CHARTS = (*DIMENSION_NAMES, "participants")


def _month(text: str | None) -> date | None:
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


def _int(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


def filters() -> dashboard.Filters:
    """From the query string; anything missing or wrong takes the default (the last 18 months)."""
    today = date.today()
    end = _month(request.args.get("to")) or date(today.year, today.month, 1)
    back = end.year * 12 + end.month - 1 - 17
    start = _month(request.args.get("from")) or date(back // 12, back % 12 + 1, 1)
    if start > end:
        start, end = end, start
    period = request.args.get("period")
    group = request.args.get("group")
    return dashboard.Filters(
        start=start,
        end=end,
        period=period if period in dashboard.PERIODS else "month",
        organisation_id=_int("organisation"),
        series_id=_int("series"),
        region=request.args.get("region") or None,
        group=group if group in dashboard.GROUPS else None,
    )


def _board():
    return dashboard.build(current_user(), filters())


def _charts(board) -> list[dict]:
    names = {g: str(labels.GROUP_LABELS[g]) for g in dashboard.GROUPS}
    charts = [
        dashboard_charts.line_chart(board, d, {k: str(v) for k, v in DIMENSION_NAMES[d].items()}, names)
        for d in DIMENSION_NAMES
    ]
    return [*charts, dashboard_charts.bar_chart(board, names)]


@bp.get("/dashboard")
@login_required
def dashboard_page():
    """Trends of the trust barometer: one chart per dimension, participants, breakdowns."""
    board = _board()
    user = current_user()
    organisations = list(db.session.scalars(select(Organisation).order_by(Organisation.name)))
    return render_template(
        "dashboard/index.html",
        board=board,
        charts=_charts(board),
        organisations=organisations,
        regions=sorted({o.region for o in organisations if o.region}),
        # A facilitator is offered the series their organisation hosts, not every series.
        series=(list(db.session.scalars(select(Series).order_by(Series.name)))
                if user.role == "network_admin" else series_of(user)),
        everything=user.role == "network_admin",
        dimension_names=DIMENSION_NAMES,
        query=request.query_string.decode(),
        language=str(get_locale()),
    )


@bp.get("/dashboard/codebook.csv")
@login_required
def codebook_csv():
    """The barometer's codebook (docs/BAROMETER.md): item id, wording per language and group,
    scale, source. Holds no answers."""
    return attachment(csv_cells.write(barometer.codebook_rows()), "text/csv", "allo-barometer-codebook.csv")


@bp.get("/dashboard.csv")
@login_required
def dashboard_csv():
    """The dashboard's numbers, one row per cell; hidden cells say why instead of a number."""
    body = csv_cells.write(dashboard.csv_rows(_board()))
    audit.record(current_user(), "export_dashboard", detail=request.query_string.decode()[:200] or None)
    return attachment(body, "text/csv", "allo-dashboard.csv")


@bp.get("/dashboard/<chart>.svg")
@login_required
def dashboard_svg(chart):
    """One chart as a standalone SVG file (for a report or a slide)."""
    if chart not in CHARTS:
        abort(404)
    found = next(c for c in _charts(_board()) if c["id"] == chart)
    body = render_template("dashboard/chart.svg", chart=found, standalone=True)
    return attachment(body, "image/svg+xml", f"allo-dashboard-{chart}.svg")
