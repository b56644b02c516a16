"""Geometry of the overlay charts: the storyline (the median curve of each group over
the phases) and the spokes (a radar polygon of each group's means). Pure functions of
a prompt's options and its result's groups, in SVG units; the macros of
templates/results/_storyline.html and _spokes.html draw them.

Groups differ by colour AND by line and marker (youngsters solid with circles, officers
dashed with squares, others dotted with diamonds), so a grey projector or a colour-blind
viewer still tells them apart."""

import math

from app.meetings.defaults import FACES
from app.meetings.prompt_kinds import SPOKE_MAX, localize

ORDER = ("youngster", "officer", "other")
MARKERS = {"youngster": "circle", "officer": "square", "other": "diamond"}

# The storyline's plot inside its viewBox.
STORY_WIDTH, STORY_HEIGHT = 1000, 440
STORY_LEFT, STORY_RIGHT, STORY_TOP, STORY_BOTTOM = 110, 60, 30, 80
# Groups drawn a little apart so that equal medians do not hide one another.
NUDGE = {"youngster": -7, "officer": 7, "other": 0}

# The radar.
RADAR_WIDTH, RADAR_HEIGHT, RADAR_RADIUS = 1000, 600, 235


def _shown(groups: dict) -> list[tuple[str, dict]]:
    return [(g, groups[g]) for g in ORDER if g in groups and not groups[g].get("hidden")]


def level_label(level: int, levels: int) -> str:
    """A face for each level (spread over the five faces), else the number."""
    if levels < 2:
        return str(level)
    return FACES[round((level - 1) / (levels - 1) * (len(FACES) - 1))]


def storyline(options: dict, groups: dict, language: str) -> dict:
    """{"width", "height", "phases": [{"x", "label"}], "levels": [{"y", "label"}],
    "curves": [{"group", "marker", "points": "x,y …", "dots": [{"x", "y", "value"}]}]}."""
    phases = options.get("phases", [])
    levels = options.get("levels") or 5
    span_x = STORY_WIDTH - STORY_LEFT - STORY_RIGHT
    span_y = STORY_HEIGHT - STORY_TOP - STORY_BOTTOM

    def x_of(i: int) -> float:
        return STORY_LEFT + (span_x * i / (len(phases) - 1) if len(phases) > 1 else span_x / 2)

    def y_of(level: float) -> float:
        return STORY_TOP + span_y * (levels - level) / max(1, levels - 1)

    curves = []
    for group, summary in _shown(groups):
        medians = {p["key"]: p["median"] for p in summary.get("phases", [])}
        dots = [{"x": round(x_of(i) + NUDGE[group], 1), "y": round(y_of(medians[p["key"]]), 1),
                 "value": medians[p["key"]]}
                for i, p in enumerate(phases) if medians.get(p["key"]) is not None]
        curves.append({"group": group, "marker": MARKERS[group], "dots": dots,
                       "points": " ".join(f'{d["x"]},{d["y"]}' for d in dots)})
    return {
        "width": STORY_WIDTH, "height": STORY_HEIGHT, "left": STORY_LEFT, "right": STORY_WIDTH - STORY_RIGHT,
        "bottom": STORY_HEIGHT - STORY_BOTTOM,
        "phases": [{"x": round(x_of(i), 1), "label": localize(p.get("label"), language) or p["key"]}
                   for i, p in enumerate(phases)],
        "levels": [{"y": round(y_of(n), 1), "label": level_label(n, levels), "faces": levels >= 2}
                   for n in range(1, levels + 1)],
        "curves": curves,
    }


def _point(angle: float, radius: float) -> tuple[float, float]:
    cx, cy = RADAR_WIDTH / 2, RADAR_HEIGHT / 2
    return round(cx + radius * math.sin(angle), 1), round(cy - radius * math.cos(angle), 1)


def spokes(options: dict, groups: dict, language: str) -> dict:
    """{"width", "height", "center", "rings": [{"points", "value", "x", "y"}], "axes": [{"x",
    "y", "lx", "ly", "anchor", "label"}], "shapes": [{"group", "marker", "points", "dots"}]}.
    The first spoke points up, the others follow clockwise; a spoke nobody rated sits at 0."""
    items = options.get("spokes", [])
    n = max(len(items), 1)
    angles = [2 * math.pi * i / n for i in range(len(items))]

    def polygon(radius: float) -> str:
        return " ".join("{},{}".format(*_point(a, radius)) for a in angles)

    axes = []
    for a, item in zip(angles, items, strict=True):
        x, y = _point(a, RADAR_RADIUS)
        lx, ly = _point(a, RADAR_RADIUS + 30)
        side = math.sin(a)
        anchor = "middle" if abs(side) < 0.3 else ("start" if side > 0 else "end")
        ly += 28 if math.cos(a) < -0.3 else (-8 if math.cos(a) > 0.3 else 10)
        axes.append({"x": x, "y": y, "lx": lx, "ly": round(ly, 1), "anchor": anchor,
                     "label": localize(item.get("label"), language) or item["key"]})
    shapes = []
    for group, summary in _shown(groups):
        means = {s["key"]: s["mean"] for s in summary.get("spokes", [])}
        dots = []
        for a, item in zip(angles, items, strict=True):
            value = means.get(item["key"]) or 0
            x, y = _point(a, RADIUS_PER_POINT * value)
            dots.append({"x": x, "y": y, "value": value})
        shapes.append({"group": group, "marker": MARKERS[group], "dots": dots,
                       "points": " ".join(f'{d["x"]},{d["y"]}' for d in dots)})
    rings = []
    for value in (5, SPOKE_MAX):
        x, y = _point(0, RADIUS_PER_POINT * value)
        rings.append({"points": polygon(RADIUS_PER_POINT * value), "value": value, "x": x + 8, "y": y + 26})
    return {"width": RADAR_WIDTH, "height": RADAR_HEIGHT, "center": _point(0, 0), "rings": rings,
            "axes": axes, "shapes": shapes}


RADIUS_PER_POINT = RADAR_RADIUS / SPOKE_MAX
