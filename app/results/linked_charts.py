"""What the charts of linked prompts draw (templates/results/_rounds.html, _swap.html),
beyond the result of app/results/linked.py: arrow geometry, number lines, bars and the
sentences. Pure functions; `rounds_view` and `swap_view` are Jinja globals."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app.meetings.labels import GROUP_LABELS
from app.meetings.prompt_kinds import localize
from app.meetings.rounds import can_ask_again, can_guess, guess_of, round_of
from app.results.charts import LINE_WIDTH, counts_rows, item_labels, line_x, number, ordered

# Group names inside a sentence ("…guessed officers would give 5").
GROUP_WORDS = {"youngster": _l("youngsters"), "officer": _l("officers")}
# Arrows: one row per phone, at most ROWS_HEIGHT units for all rows, each row 6-24 units.
ROWS_HEIGHT, ROW_MIN, ROW_MAX, TOP = 360, 6, 40, 46


def _side(options: dict, shift: float, language: str) -> str:
    return localize(options.get("right" if shift > 0 else "left"), language)


def shift_sentence(group: str, shift: float | None, options: dict, language: str) -> str:
    """"Youngsters moved 12 points towards “Completely”." (the median of the phones' shifts)"""
    if shift is None:
        return ""
    name = GROUP_LABELS[group]
    if abs(shift) < 0.05:
        return _("%(group)s stayed where they stood (median shift 0).", group=name)
    return ngettext("%(group)s moved %(n)s point towards “%(side)s”.",
                    "%(group)s moved %(n)s points towards “%(side)s”.", int(round(abs(shift), 1)),
                    group=name, n=number(abs(shift)), side=_side(options, shift, language))


def arrows(movement: dict) -> dict:
    """SVG geometry of one group's arrows: a row per phone (sorted by where it stood
    first), the median arrow on top."""
    found = movement["arrows"]
    step = max(ROW_MIN, min(ROW_MAX, ROWS_HEIGHT / max(len(found), 1)))
    stroke = round(max(3.0, step * 0.25), 1)
    rows = [_arrow(line_x(a["from"]), line_x(a["to"]), round(TOP + (i + 0.5) * step, 1), stroke * 2.2)
            for i, a in enumerate(found)]
    median = _arrow(line_x(movement["from"]), line_x(movement["to"]), 20, 18)
    return {"rows": rows, "width": LINE_WIDTH, "height": round(TOP + len(found) * step + 10, 1),
            "stroke": stroke, "r": round(max(3.0, step * 0.32), 1), "median": median,
            "ends": (line_x(0), line_x(100))}


def _arrow(x1: float, x2: float, y: float, head: float) -> dict:
    """A horizontal arrow from x1 to x2: its shaft's end and its head's three corners.
    An arrow shorter than its head is a phone that stayed ("still": a ring, no head)."""
    if abs(x2 - x1) < head:
        return {"x1": x1, "x2": x2, "y": y, "still": True}
    way = 1 if x2 > x1 else -1
    back = round(x2 - way * head, 1)
    points = f"{x2},{y} {back},{round(y - head * 0.6, 1)} {back},{round(y + head * 0.6, 1)}"
    return {"x1": x1, "x2": x2, "end": back, "y": y, "still": False, "head": points}


def rounds_view(prompt, result: dict, language: str) -> dict:
    options = prompt.options or {}
    groups = result["rounds"]["groups"]
    return {
        "groups": ordered(groups), "labels": GROUP_LABELS,
        "left": localize(options.get("left"), language), "right": localize(options.get("right"), language),
        "arrows": {g: arrows(m) for g, m in groups.items() if not m.get("hidden")},
        "sentences": {g: shift_sentence(g, m.get("shift"), options, language)
                      for g, m in groups.items() if not m.get("hidden")},
    }


def _marker(kind: str, options: dict, value: float | None) -> float | None:
    """Where a median lies on the swap's number line (0-100 of the line's width)."""
    if value is None:
        return None
    if kind == "position":
        return line_x(value)
    low, high = options.get("min", 1), options.get("max", 10)
    return line_x(100 * (value - low) / (high - low)) if high > low else line_x(50)


def _labels(items: list[dict], keys: list[str]) -> str:
    found = {item["key"]: item["label"] for item in items}
    return " / ".join(found.get(key, key) for key in keys) or "—"


def swap_sentence(kind: str, group: str, side: dict, items: list[dict]) -> str:
    who, them = GROUP_LABELS[group], GROUP_WORDS[side["about"]]
    if kind in ("scale", "position"):
        guess, actual = number(side["guess"].get("median")), number(side["actual"].get("median"))
        if kind == "scale":
            return _("%(who)s guessed %(them)s would give %(guess)s; %(them)s gave %(actual)s.",
                     who=who, them=them, guess=guess, actual=actual)
        return _("%(who)s guessed %(them)s would stand at %(guess)s; %(them)s stood at %(actual)s (of 100).",
                 who=who, them=them, guess=guess, actual=actual)
    return _("%(who)s guessed %(them)s would mostly pick “%(guess)s”; %(them)s mostly picked “%(actual)s”.",
             who=who, them=them, guess=_labels(items, side["guess_top"]),
             actual=_labels(items, side["actual_top"]))


def swap_view(prompt, result: dict, language: str) -> dict:
    options, kind = prompt.options or {}, result["kind"]
    sides = result["swap"]["groups"]
    items = item_labels(options, "choices", language) if kind in ("single", "multiple") else []
    view = {"kind": kind, "sides": ordered(sides), "labels": GROUP_LABELS, "words": GROUP_WORDS,
            "width": LINE_WIDTH, "ends": (line_x(0), line_x(100)), "sentences": {}, "lines": {}, "rows": {}}
    if kind == "scale":
        view["ticks"] = [{"label": str(v), "x": _marker(kind, options, v)}
                         for v in range(options.get("min", 1), options.get("max", 10) + 1)]
    else:
        view["ticks"] = [{"label": localize(options.get("left"), language), "x": line_x(0)},
                         {"label": localize(options.get("right"), language), "x": line_x(100)}]
    for group, side in sides.items():
        if side.get("hidden"):
            continue
        view["sentences"][group] = swap_sentence(kind, group, side, items)
        if kind in ("scale", "position"):
            view["lines"][group] = {"guess": _marker(kind, options, side["guess"].get("median")),
                                    "actual": _marker(kind, options, side["actual"].get("median"))}
        else:
            guess, actual = counts_rows(items, side["guess"]), counts_rows(items, side["actual"])
            view["rows"][group] = [{**g, "guess": g["share"], "actual": a["share"],
                                    "guess_pct": round(g["share"]), "actual_pct": round(a["share"])}
                                   for g, a in zip(guess, actual, strict=True)]
    return view


def link_label(prompt, prompts) -> str:
    """"Round 2 of 3" or "Guess about the other group (of 4)" for the facilitator's
    pages, the numbers being prompt positions; "" for a prompt without a link."""
    positions = {p.id: n for n, p in enumerate(prompts, start=1)}
    if (first := round_of(prompt.options)) in positions:
        return _("Round 2 of prompt %(n)s", n=positions[first])
    if (own := guess_of(prompt.options)) in positions:
        return _("Guess about the other group: prompt %(n)s", n=positions[own])
    return ""


TEMPLATE_GLOBALS = {"rounds_view": rounds_view, "swap_view": swap_view, "link_label": link_label,
                    "can_ask_again": can_ask_again, "can_guess": can_guess}
