"""Geometry of the dashboard's charts, drawn as SVG by templates/dashboard/_svg.html
(inline on the page, and as standalone .svg downloads). Pure functions of a Dashboard."""

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from app.network import dashboard
from app.network.dashboard.filters import period_name

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 44, 56
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
COLOURS = {"youngster": "#d55e00", "officer": "#0072b2"}  # Okabe-Ito, as charts.css


def number(value: float | None) -> str:
    return "" if value is None else format_decimal(round(value))


def _x(index: int, count: int) -> float:
    return round(LEFT + (PLOT_W * (index + 0.5) / count), 1)


def _y(score: float, top: float = 100) -> float:
    return round(TOP + PLOT_H * (1 - score / top), 1) if top else TOP + PLOT_H


def _ticks(periods: list[str]) -> list[dict]:
    every = max(1, -(-len(periods) * 60 // PLOT_W))  # labels at least ~60 units apart
    return [{"x": _x(i, len(periods)), "label": period_name(p, short=True)}
            for i, p in enumerate(periods) if i % every == 0]


def line_chart(board: "dashboard.Dashboard", dimension: str, names: dict, group_names: dict) -> dict:
    """One barometer dimension over time: a line per group, broken where a cell is hidden or empty."""
    periods, count = board.periods, len(board.periods)
    series = []
    for group in board.filters.groups:
        segments, current, points = [], [], []
        for i, period in enumerate(periods):
            c = board.trend[dimension][period][group]
            if c["score"] is None:
                if current:
                    segments.append(current)
                current = []
                continue
            point = {
                "x": _x(i, count),
                "y": _y(c["score"]),
                "score": number(c["score"]),
                "n": c["n"],
                "period": period_name(period),
            }
            current.append(point)
            points.append(point)
        if current:
            segments.append(current)
        series.append(
            {
                "group": group,
                "name": group_names[group],
                "colour": COLOURS[group],
                "segments": [" ".join(f"{p['x']},{p['y']}" for p in s) for s in segments],
                "points": points,
            }
        )
    return {
        "id": dimension,
        "title": names["title"],
        "subtitle": names["subtitle"],
        "kind": "line",
        "k": board.k,
        "series": series,
        "ticks": _ticks(periods),
        "grid": [{"y": _y(v), "label": str(v)} for v in (0, 25, 50, 75, 100)],
        "hidden": [
            {"x": _x(i, count), "period": p}
            for i, p in enumerate(periods)
            if any(board.trend[dimension][p][g]["hidden"] for g in board.filters.groups)
        ],
        "sentence": gap_sentence(board, dimension, group_names),
        "x_label": x_label(board),
        "y_label": _("Score (0 = not at all, 100 = completely)"),
    }


def bar_chart(board: "dashboard.Dashboard", group_names: dict) -> dict:
    """How many took part per period, a bar per group."""
    periods, groups = board.periods, board.filters.groups
    top = max((c["n"] for p in periods for c in board.participants[p].values()), default=0) or 1
    step = PLOT_W / max(len(periods), 1)
    width = step * 0.8 / len(groups)
    bars = []
    for i, period in enumerate(periods):
        for j, group in enumerate(groups):
            c = board.participants[period][group]
            n = 0 if c["hidden"] else c["n"]
            y = _y(n, top)
            bars.append(
                {
                    "x": round(LEFT + step * i + step * 0.1 + width * j, 1),
                    "y": y,
                    "w": round(width, 1),
                    "h": round(TOP + PLOT_H - y, 1),
                    "colour": COLOURS[group],
                    "n": c["n"],
                    "hidden": c["hidden"],
                    "period": period_name(period),
                    "name": group_names[group],
                }
            )
    grid_top = _nice(top)
    return {
        "id": "participants",
        "kind": "bars",
        "title": _("People who took part, per group"),
        "subtitle": _(
            "Counted per %(period)s; a bar below %(k)s is not drawn.", period=period_word(board), k=board.k
        ),
        "bars": bars,
        "ticks": _ticks(periods),
        "series": [{"group": g, "name": group_names[g], "colour": COLOURS[g]} for g in groups],
        "grid": [
            {"y": _y(v, top), "label": str(v)}
            for v in range(0, grid_top + 1, max(1, grid_top // 4))
            if v <= top
        ],
        "x_label": x_label(board),
        "y_label": _("People"),
        "sentence": "",
    }


def _nice(top: int) -> int:
    for step in (4, 8, 20, 40, 100, 200, 400, 1000, 2000, 4000, 10000):
        if top <= step:
            return step
    return top


def period_word(board) -> str:
    return _("quarter") if board.filters.period == "quarter" else _("month")


def x_label(board) -> str:
    return _("Quarter") if board.filters.period == "quarter" else _("Month")


def gap_sentence(board, dimension: str, group_names: dict) -> str:
    """The gap written out, for the latest period where both groups have a score."""
    if len(board.filters.groups) < 2:
        return ""
    found = dashboard.latest_with_both(board, dimension)
    if found is None:
        return _("No period yet with at least %(k)s scored youngsters and %(k)s scored officers.", k=board.k)
    period, cells = found
    young, officer = cells["youngster"]["score"], cells["officer"]["score"]
    diff = round(young) - round(officer)
    if diff == 0:
        difference = _("the same score")
    elif diff > 0:
        difference = ngettext("youngsters %(num)s point higher", "youngsters %(num)s points higher", diff)
    else:
        difference = ngettext("officers %(num)s point higher", "officers %(num)s points higher", -diff)
    return _(
        "%(period)s: youngsters %(young)s, officers %(officer)s — %(difference)s.",
        period=period_name(period),
        young=number(young),
        officer=number(officer),
        difference=difference,
    )
