"""Linked prompts of active reviewing (issue 9, items 1 and 2). Plain rules, no database.

* Two-round line-up (horseshoe): a position prompt asked again after the discussion.
  The second prompt is a copy with ``options["round_of"] = <first prompt id>``; phones
  answer it like any line-up. The live view pairs each phone's two answers
  (app/results/linked.py) to draw arrows and the group's median shift.
* Perspective swap (turntable): a "guess" prompt, a copy of an own prompt (scale, line-up,
  one or several choices) with ``options["guess_of"] = <own prompt id>``. Youngsters guess
  how officers answered the own prompt and officers how youngsters did: the guessed group is
  always the other group of the answering phone. The guess prompt is addressed to everyone,
  but **"other" participants do not guess** (there is no "other group" of theirs): the
  participant page skips it for them and the server refuses their answer ("not_for_group").

The links live in ``Prompt.options`` (JSON), so no migration: a facilitator's edit keeps
them (``kept_links``), and deleting the first/own prompt simply unlinks the second one
(it is then shown as a plain prompt of its kind)."""

ROUND_OF = "round_of"
GUESS_OF = "guess_of"
LINKS = (ROUND_OF, GUESS_OF)
# Kinds a guess can be made for: one number or one pick to compare.
GUESSABLE = ("scale", "position", "single", "multiple")
# Who guesses about whom.
OTHER = {"youngster": "officer", "officer": "youngster"}


def _id(options: dict | None, key: str) -> int | None:
    value = (options or {}).get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def round_of(options: dict | None) -> int | None:
    """The id of the first round this line-up asks again, if any."""
    return _id(options, ROUND_OF)


def guess_of(options: dict | None) -> int | None:
    """The id of the own prompt this prompt guesses about, if any."""
    return _id(options, GUESS_OF)


def answered_by(audience: str, options: dict | None, group: str) -> bool:
    """Whether a phone of `group` answers a prompt: its audience, and no guess for "other"."""
    if audience not in ("everyone", group):
        return False
    return group in OTHER or guess_of(options) is None


def guessing_groups() -> tuple[str, ...]:
    return tuple(OTHER)


def kept_links(old: dict | None, new: dict) -> dict:
    """A prompt's new options from its editor, keeping the links the editor does not show."""
    return {**new, **{key: (old or {})[key] for key in LINKS if key in (old or {})}}


def unlinked(options: dict | None) -> dict:
    """A prompt's options without links: what a linked copy starts from."""
    return {key: value for key, value in (options or {}).items() if key not in LINKS}


def can_ask_again(kind: str, options: dict | None) -> bool:
    return kind == "position" and round_of(options) is None and guess_of(options) is None


def can_guess(kind: str, options: dict | None, audience: str) -> bool:
    return (kind in GUESSABLE and audience == "everyone"
            and round_of(options) is None and guess_of(options) is None)
