"""What may be shown of a group: the one rule every result, count, export, dashboard
cell and follow-up goes through (docs/SECURITY.md, "Disclosure").

A group's answers to a prompt are shown only when
- at least K of that group answered (K: the meeting's `min_group_size`, never below 2);
- the group is not larger than the facilitator said is in the room (`Meeting.seats`):
  fake phones that join as "officer" to fill the group up to K freeze it instead;
- not everyone in a small group (fewer than 2K) gave the very same answer, which would
  state each person's answer (the dominance rule), unless the meeting allows it.
A group that may stay away ("other": guests, youth workers) and of which nobody joined is
left out altogether (ABSENT): an empty box that waits for guests who are not there says
nothing. Youngsters and officers always keep their box: they are what is compared.
A count of a group's answers follows the same rule: below K it is not said, and a total
adds up the shown groups only (a total minus the shown groups would give the hidden one).

The dashboard adds meetings up; it counts a meeting's group only as a whole block of at
least that meeting's K people (`enough`), so two of its views differ by whole blocks, never
by fewer than K people (see app/network/dashboard.py)."""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Meeting, Participant
from app.models.people import GROUPS

LOWEST_K = 2  # one answer is one person's answer, whatever the setting
HIGHEST_K = 10
# Why a group is not shown: too few answered, more joined than the room holds, all the same.
FEW, ROOM, SAME = "few", "room", "same"
# Why a group is left out: nobody of it joined, and it may stay away.
ABSENT = "absent"
OPTIONAL_GROUPS = ("other",)
# Kinds whose answers are shown one by one anyway (moderated walls): no dominance rule.
ONE_BY_ONE = ("text", "words")


def k_of(min_group_size: int | None) -> int:
    """K from a meeting's setting: never below LOWEST_K."""
    return max(LOWEST_K, min_group_size or 0)


def threshold(meeting: Meeting) -> int:
    """K of a meeting."""
    return k_of(meeting.min_group_size)


def enough(n: int, k: int) -> bool:
    """The one comparison with K: n people may be shown (or added up) as a group."""
    return n >= k


def joined(meeting: Meeting) -> dict[str, int]:
    """{group: phones that joined the meeting itself} (follow-up phones not counted again)."""
    rows = db.session.execute(
        select(Participant.group, func.count())
        .where(Participant.meeting_id == meeting.id, Participant.followup_id.is_(None))
        .group_by(Participant.group)
    )
    counts = dict.fromkeys(GROUPS, 0)
    counts.update({group: n for group, n in rows})
    return counts


def answers_per_prompt(meeting: Meeting, rule: "Rule | None" = None) -> dict[int, dict[str, int | None]]:
    """{prompt_id: {group: answers, or None where the rule hides it}} for every prompt:
    one officer's count points at that officer, and what they skipped is an answer too."""
    rule = rule or Rule.of(meeting)
    rows = db.session.execute(
        select(Answer.prompt_id, Participant.group, func.count())
        .join(Participant, Answer.participant_id == Participant.id)
        .where(Participant.meeting_id == meeting.id)
        .group_by(Answer.prompt_id, Participant.group)
    )
    counts = {p.id: dict.fromkeys(GROUPS, 0) for p in meeting.prompts}
    for prompt_id, group, n in rows:
        counts.setdefault(prompt_id, dict.fromkeys(GROUPS, 0))[group] = n
    return {prompt_id: rule.counts(per_group) for prompt_id, per_group in counts.items()}


def overfull(seats: Mapping[str, int] | None, people: Mapping[str, int]) -> frozenset[str]:
    """The groups with more phones than the facilitator said are in the room."""
    seats = seats or {}
    return frozenset(g for g, n in people.items() if seats.get(g) is not None and n > seats[g])


def same_answers(values: Iterable) -> bool:
    """Every value the same (lists compared as sets: cards picked in another order)."""
    seen = {json.dumps(sorted(v, key=str) if isinstance(v, list) else v, sort_keys=True, default=str)
            for v in values}
    return len(seen) == 1


@dataclass(frozen=True)
class Rule:
    """The disclosure rule of one meeting at one moment."""

    k: int
    frozen: frozenset[str] = frozenset()
    show_same: bool = False
    absent: frozenset[str] = frozenset()

    @classmethod
    def of(cls, meeting: Meeting, people: Mapping[str, int] | None = None) -> "Rule":
        people = joined(meeting) if people is None else people
        absent = frozenset(g for g in OPTIONAL_GROUPS if not people.get(g))
        return cls(threshold(meeting), overfull(meeting.seats, people), bool(meeting.show_same), absent)

    def why_hidden(self, group: str, n: int, values: list | None = None, kind: str = "") -> str | None:
        """None when `n` answers of `group` (with these values) may be shown; else why not."""
        if group in self.absent and not n:
            return ABSENT
        if group in self.frozen:
            return ROOM
        if not enough(n, self.k):
            return FEW
        if (not self.show_same and values and kind not in ONE_BY_ONE and n < 2 * self.k
                and same_answers(values)):
            return SAME
        return None

    def hidden(self, why: str) -> dict:
        """What a chart, report or export says of a group it does not show ("why" only
        when it is not simply too few)."""
        return {"hidden": True, "needed": self.k, **({"why": why} if why != FEW else {})}

    def count(self, group: str, n: int) -> int | None:
        """A group's number of answers as it may be said: None below K or when frozen."""
        return None if self.why_hidden(group, n) else n

    def counts(self, per_group: Mapping[str, int]) -> dict[str, int | None]:
        return {group: self.count(group, n) for group, n in per_group.items()}


def total(counts: Mapping[str, int | None]) -> int:
    """The shown groups' counts added up (hidden ones are not in any total)."""
    return sum(n for n in counts.values() if n)

