"""What the charts of templates/results/_charts.html need beyond the results dict:
group order and names, labels per value, bar lengths, dot stacks, word sizes and the
headline comparing youngsters and officers (app/results/headlines.py). Pure functions of
a prompt's options and its result; `chart_view` puts them together and is the one Jinja
global the macros call."""

import math

from app.meetings.defaults import FACES
from app.meetings.labels import GROUP_LABELS
from app.meetings.prompt_kinds import localize
from app.results import headlines, shapes
from app.results.headlines import number
from app.results.kinds import normalise_word

GROUP_ORDER = ("youngster", "officer", "other")
WORD_STEPS = 6
# The line-up: the SVG is LINE_WIDTH units wide, 0-100 maps onto it inside the margins;
# dots stack upwards in a band at most STACK_HEIGHT units high.
LINE_WIDTH, LINE_MARGIN, STACK_HEIGHT, MAX_RADIUS, MIN_RADIUS = 1000, 20, 150, 14, 3


def ordered(groups: dict) -> list[tuple[str, dict]]:
    """Youngsters, officers, then others; only the groups the result has."""
    return [(g, groups[g]) for g in GROUP_ORDER if g in groups]


def share(count: int, total: int) -> float:
    """Percent of `total`, for a bar's length (0 when there is no total)."""
    return round(100 * count / total, 1) if total else 0.0


def item_labels(options: dict, field: str, language: str) -> list[dict]:
    """[{key, label, icon}] of a prompt's cards or choices in their order."""
    return [{"key": item["key"], "label": localize(item.get("label"), language) or item["key"],
             "icon": item.get("icon", ""), "picture": item.get("picture")} for item in options.get(field, [])]


def counts_rows(items: list[dict], summary: dict) -> list[dict]:
    """One row per card or choice: its count and bar length as a share of the group's answers."""
    counts, n = summary.get("counts", {}), summary.get("n", 0)
    return [{**item, "count": counts.get(item["key"], 0), "share": share(counts.get(item["key"], 0), n)}
            for item in items]


def value_label(options: dict, value: int) -> str:
    if options.get("style") == "faces" and 1 <= value <= len(FACES):
        return FACES[value - 1]
    return str(value)


def histogram(options: dict, groups: dict) -> dict[str, dict]:
    """Per shown group: its bars [{value, label, count, height}] and the median's place.
    Heights are percents of the tallest share in any group, so a group of 20 and a group
    of 5 compare by shape; the median's x is a fraction 0-1 across the bars."""
    shown = {g: s for g, s in groups.items() if not s.get("hidden")}
    tallest = max((share(b["count"], s["n"]) for s in shown.values() for b in s["histogram"]), default=0)
    out = {}
    for group, summary in shown.items():
        bars = summary["histogram"]
        low = bars[0]["value"] if bars else 0
        median = summary.get("median")
        out[group] = {
            "bars": [{"value": b["value"], "label": value_label(options, b["value"]), "count": b["count"],
                      "height": share(share(b["count"], summary["n"]), tallest)} for b in bars],
            "faces": options.get("style") == "faces",
            "median_x": None if median is None or not bars else round((median - low + 0.5) / len(bars), 4),
        }
    return out


def dot_stacks(positions: list[int]) -> dict:
    """Dots of a line-up: {"r", "height", "base", "dots": [{"x", "y"}]} in SVG units, each dot
    at its own place; dots in the same slot (one dot wide) stack upwards, and the dots shrink
    until the tallest stack fits."""
    span = LINE_WIDTH - 2 * LINE_MARGIN
    radius = MAX_RADIUS
    while True:
        slots: dict[int, int] = {}
        dots = []
        for p in positions:
            x = LINE_MARGIN + span * p / 100
            slot = int(x // (2 * radius))
            level = slots.get(slot, 0)
            slots[slot] = level + 1
            dots.append((x, level))
        tallest = max(slots.values(), default=0)
        if tallest * 2 * radius <= STACK_HEIGHT or radius <= MIN_RADIUS:
            break
        radius = max(MIN_RADIUS, radius * 0.8)
    height = max(tallest, 1) * 2 * radius + 2 * radius
    base = height - radius
    return {"r": round(radius, 2), "height": round(height, 1), "base": round(base, 1),
            "dots": [{"x": round(x, 1), "y": round(base - radius - level * 2 * radius, 1)}
                     for x, level in dots]}


def line_x(position: float | None) -> float | None:
    """Where 0-100 lies on the line-up's SVG."""
    if position is None:
        return None
    return round(LINE_MARGIN + (LINE_WIDTH - 2 * LINE_MARGIN) * position / 100, 1)


def word_step(count: int, top: int) -> int:
    """1..WORD_STEPS by the share of the most given word's count; all words once: the middle."""
    if top <= 1:
        return WORD_STEPS // 2
    return max(1, math.ceil(WORD_STEPS * count / top))


def cloud(words: list[dict]) -> list[dict]:
    """The words with a size step, the biggest in the middle, the smaller ones
    alternating to either side (words come most given first); "rank" keeps that order
    for the presenter, which pages a large cloud most given first (static/js/presenter_wall.js)."""
    top = max((w["count"] for w in words), default=0)
    left, right = [], []
    for i, w in enumerate(words):
        (right if i % 2 == 0 else left).append({**w, "step": word_step(w["count"], top), "rank": i})
    return left[::-1] + right


def similar(texts: list[str]) -> list[dict]:
    """Open answers with the same words (case, spaces and punctuation aside) once, with how
    many gave them: [{"text", "count"}] in the order given (app/results/kinds.py sorts them)."""
    found: dict[str, dict] = {}
    for text in texts:
        key = " ".join(normalise_word(word) for word in str(text).split())
        if key in found:
            found[key]["count"] += 1
        else:
            found[key] = {"text": text, "count": 1}
    return list(found.values())


def chart_view(prompt, result: dict, language: str) -> dict:
    """Everything a chart macro draws, beyond `result` itself."""
    options = prompt.options or {}
    groups = result.get("groups", {})
    kind = result["kind"]
    view = {"kind": kind, "groups": ordered(groups), "labels": GROUP_LABELS,
            "headline": headlines.headline(kind, options, groups, language)}
    if kind == "scale":
        view["bars"] = histogram(options, groups)
    elif kind == "position":
        view["left"] = localize(options.get("left"), language)
        view["right"] = localize(options.get("right"), language)
        view["lines"] = {g: {**dot_stacks(s["positions"]), "median_x": line_x(s.get("median"))}
                         for g, s in groups.items() if not s.get("hidden")}
        view["width"] = LINE_WIDTH
        view["ends"] = (line_x(0), line_x(100))
    elif kind in ("cards", "single", "multiple"):
        items = item_labels(options, "cards" if kind == "cards" else "choices", language)
        view["rows"] = {g: counts_rows(items, s) for g, s in groups.items() if not s.get("hidden")}
    elif kind in ("storyline", "spokes"):
        view["shape"] = getattr(shapes, kind)(options, groups, language)
    elif kind == "words":
        view["clouds"] = {g: cloud(s.get("words", [])) for g, s in groups.items() if not s.get("hidden")}
    elif kind == "text":
        view["walls"] = {g: similar(s.get("texts", [])) for g, s in groups.items() if not s.get("hidden")}
    return view


def step_class(prefix: str, percent: float) -> str:
    """A bar's length as a class of charts.css (h-0, h-2 … h-100; w-… alike): steps of 2 %,
    and a bar for a count above 0 never shorter than one step."""
    step = 2 * round(max(0.0, min(100.0, percent)) / 2)
    return f"{prefix}-{step if step or not percent else 2}"


TEMPLATE_GLOBALS = {"chart_view": chart_view}
TEMPLATE_FILTERS = {
    "chart_number": number,
    "height_class": lambda percent: step_class("h", percent),
    "width_class": lambda percent: step_class("w", percent),
}
