"""Answers that reach a closed meeting: what a late phone may still add.

A phone that was offline in the room sends its answers when it gets a signal again,
maybe hours later, saying when it recorded each one by its own clock. That clock may
be off, and a script can claim anything, so a late answer counts only as far as the
server can check it:

- The phone sends its own clock with each batch (`sent_at`). The server measures the
  offset (its time minus the phone's) and puts every `recorded_at` on its own clock.
  A phone ten minutes fast then still gets in the answers it gave before the close.
  The corrected time is bounded by the server's own: an answer the phone dates after
  its send (its clock was set back in between) counts as recorded when it arrived, so
  it is kept while the meeting is open and refused once it has closed. Which edit of
  an answer wins is the phone's edit counter's business (seq, app/phone/store.py).
- On that corrected clock the answer was recorded after the phone joined and before
  the meeting closed (give or take the skew), and it arrives within the grace window
  (SYNC_GRACE_HOURS).
- A phone's outbox empties when its signal returns, in a few batches within
  seconds. So once a phone has synced after the close, it has DRAIN to finish; after
  that it adds nothing more, however early it claims to have recorded it. A device
  token made before the close cannot keep adding.
- A phone that does not send its clock (an outbox of an older release) is judged by
  its own clock as before, but only within SYNC_UNTIMED_GRACE_MINUTES of the close.

No phone joins a closed meeting (app/phone/api/meetings.py answers 409)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from app.models import Participant, Receipt

SKEW = timedelta(minutes=1)  # the time between reading the phone's clock and the server's
UNTIMED_SKEW = timedelta(minutes=5)  # a phone clock we cannot correct
DRAIN = timedelta(minutes=10)


@dataclass(frozen=True)
class PhoneClock:
    """How far the phone's clock is behind the server's (None: the phone did not say)."""
    offset: timedelta | None = None

    @property
    def measured(self) -> bool:
        return self.offset is not None

    def on_server(self, moment: datetime) -> datetime:
        """A time of the phone's clock on the server's (OverflowError near year 1 or 9999)."""
        return moment + self.offset if self.offset is not None else moment


UNTIMED = PhoneClock()


def clock_at_send(raw, now: datetime) -> PhoneClock:
    """The clock of a batch's `sent_at`; UNTIMED when it is missing or not an aware ISO time
    (a bad value never holds answers back: they are judged as an old phone's)."""
    try:
        sent_at = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        if sent_at.tzinfo is None:
            return UNTIMED
        return PhoneClock(now - sent_at.astimezone(UTC))
    except (AttributeError, ValueError, OverflowError):
        return UNTIMED


def accepts(closed_at: datetime, recorded_at: datetime, now: datetime, clock: PhoneClock,
            participant: Participant | None) -> bool:
    """May this phone still add an answer recorded (server clock) at `recorded_at`?"""
    if not clock.measured:
        window = timedelta(minutes=current_app.config["SYNC_UNTIMED_GRACE_MINUTES"])
        in_time = recorded_at <= closed_at + UNTIMED_SKEW and now <= closed_at + window
    else:
        window = timedelta(hours=current_app.config["SYNC_GRACE_HOURS"])
        joined = participant.joined_at if participant is not None else recorded_at
        in_time = joined - SKEW <= recorded_at <= closed_at + SKEW and now <= closed_at + window
    return in_time and (participant is None or not drained(participant, closed_at, now))


def drained(participant: Participant, closed_at: datetime, now: datetime) -> bool:
    """Did the phone sync after the close, longer than DRAIN ago?"""
    first = db.session.scalar(select(func.min(Receipt.received_at)).where(
        Receipt.participant_id == participant.id, Receipt.received_at > closed_at))
    return first is not None and now > first + DRAIN
