"""The headline above a barometer (scale) or a line-up: what the room reads first about
youngsters and officers, told truthfully for small groups.

The rule (issue 22, item 3), for two shown groups Y and O of one prompt:
- the averages: d = mean(Y) - mean(O); the scale's width w = max - min (100 for a line-up);
- the shapes: D = the largest difference, anywhere on the scale, between the share of Y and
  the share of O at or below that point (the Kolmogorov-Smirnov distance, 0 to 1);
- the spreads: s = each group's average distance from its own average;
- "about the same" only when |d| <= SAME_MEAN x w AND |s(Y) - s(O)| <= SAME_MEAN x w AND
  D <= SAME_SHAPE. With three people in a group, one person standing a little elsewhere
  (D = 1/3) is still "about the same"; two are not;
- the averages close (|d| <= SAME_MEAN x w) but the spreads or shapes not: "the same on
  average, but spread differently" (e.g. 1, 5, 9 against 5, 5, 5);
- else the group with the higher average scores higher (a line-up: stands closer to the right
  statement).
Every headline states both averages, and a second line the lowest and highest answer of
each group (the spread). Medians alone are never compared: 3.2 against 3.8 with visibly
different bars is not "the same"."""

from dataclasses import dataclass
from statistics import fmean

from flask_babel import format_decimal
from flask_babel import gettext as _

from app.meetings.prompt_kinds import localize

SAME_MEAN = 0.1  # of the scale's width
SAME_SHAPE = 1 / 3 + 1e-9  # the largest gap between the two groups' cumulative shares
SAME, HIGHER_Y, HIGHER_O, SPREAD = "same", "youngster", "officer", "spread"


def number(value: float | None) -> str:
    """1 decimal at most, in the page's language (7, 6,5 in Dutch)."""
    if value is None:
        return ""
    value = round(value, 1)
    return format_decimal(int(value) if value == int(value) else value)


def shape_distance(a: list[float], b: list[float]) -> float:
    """The largest difference between the shares of a and b at or below any value (0..1)."""
    if not a or not b:
        return 1.0
    return max(abs(sum(v <= x for v in a) / len(a) - sum(v <= x for v in b) / len(b)) for x in {*a, *b})


def spread(values: list[float]) -> float:
    """The average distance of the answers from their own average."""
    middle = fmean(values)
    return fmean(abs(v - middle) for v in values)


@dataclass(frozen=True)
class Comparison:
    verdict: str  # SAME, HIGHER_Y, HIGHER_O or SPREAD
    mean_y: float
    mean_o: float
    range_y: tuple[float, float]
    range_o: tuple[float, float]
    distance: float


def compare(young: list[float], officer: list[float], width: float) -> Comparison | None:
    """The rule above on two lists of answers; None unless both have answers."""
    if not young or not officer:
        return None
    mean_y, mean_o = fmean(young), fmean(officer)
    distance = shape_distance(young, officer)
    near = SAME_MEAN * width + 1e-9
    close = abs(mean_y - mean_o) <= near
    alike = abs(spread(young) - spread(officer)) <= near and distance <= SAME_SHAPE
    verdict = (SAME if close and alike else SPREAD if close
               else HIGHER_Y if mean_y > mean_o else HIGHER_O)
    return Comparison(verdict, mean_y, mean_o, (min(young), max(young)), (min(officer), max(officer)),
                      distance)


def values_of(kind: str, summary: dict | None) -> list[float]:
    """A shown group's answers from its summary (app/results/kinds.py); [] when hidden."""
    if not summary or summary.get("hidden"):
        return []
    if kind == "position":
        return list(summary.get("positions", []))
    return [bar["value"] for bar in summary.get("histogram", []) for _n in range(bar["count"])]


def _sentence(kind: str, c: Comparison, right: str) -> str:
    y, o = number(c.mean_y), number(c.mean_o)
    if kind == "position":
        return {
            SAME: _("Youngsters and officers stand at about the same place: on average at %(young)s "
                    "and %(officer)s of 100.", young=y, officer=o),
            SPREAD: _("On average youngsters and officers stand at the same place (%(young)s and "
                      "%(officer)s of 100), but their answers are spread differently.", young=y, officer=o),
            HIGHER_Y: _("Youngsters stand closer to “%(side)s”: on average at %(young)s of 100, "
                        "officers at %(officer)s.", side=right, young=y, officer=o),
            HIGHER_O: _("Officers stand closer to “%(side)s”: on average at %(officer)s of 100, "
                        "youngsters at %(young)s.", side=right, young=y, officer=o),
        }[c.verdict]
    return {
        SAME: _("Youngsters and officers score about the same: on average %(young)s and %(officer)s.",
                young=y, officer=o),
        SPREAD: _("On average youngsters and officers score the same (%(young)s and %(officer)s), "
                  "but their answers are spread differently.", young=y, officer=o),
        HIGHER_Y: _("Youngsters score higher: on average %(young)s, officers %(officer)s.",
                    young=y, officer=o),
        HIGHER_O: _("Officers score higher: on average %(officer)s, youngsters %(young)s.",
                    young=y, officer=o),
    }[c.verdict]


def headline(kind: str, options: dict, groups: dict, language: str) -> dict | None:
    """{"verdict", "text", "spread"} for a scale or line-up with youngsters and officers both
    shown; None otherwise (a hidden group is never compared)."""
    if kind not in ("scale", "position"):
        return None
    young, officer = values_of(kind, groups.get("youngster")), values_of(kind, groups.get("officer"))
    width = 100 if kind == "position" else options.get("max", 10) - options.get("min", 1)
    found = compare(young, officer, max(width, 1))
    if found is None:
        return None
    ranges = _("From lowest to highest: youngsters %(y_low)s to %(y_high)s, "
               "officers %(o_low)s to %(o_high)s.",
               y_low=number(found.range_y[0]), y_high=number(found.range_y[1]),
               o_low=number(found.range_o[0]), o_high=number(found.range_o[1]))
    right = localize(options.get("right"), language)
    return {"verdict": found.verdict, "text": _sentence(kind, found, right), "spread": ranges}
