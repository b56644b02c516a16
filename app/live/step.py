"""Phones in step with the facilitator: a short long-poll on a cheap version check.

A phone asks `GET /api/meetings/<token>/step?known=<key>` (static/js/participant/follow.js).
The key says what a phone shows: status, pacing, current prompt and the prompts' version.
If the meeting's key differs from the phone's, the answer comes at once; otherwise the
request waits, up to HOLD_S, until it changes.

Waiting fits gunicorn's gthread workers (gunicorn.conf.py): a waiting request holds one
thread, blocked on a condition, no CPU. Each process holds at most `slots` requests
(gunicorn.conf.py adds that many threads to the ones for ordinary requests, so answers
never queue behind phones that wait); a request beyond it, or on a server that is not
multi-threaded (sync workers), is answered at once with `retry_ms`: that phone polls.

Across processes and servers the database is the only shared state: while anyone waits
in a process, one of its waiting threads (the "reader") reads the rows of the meetings
waited on, in one query every CHECK_S, and wakes the others only when a key changed. A
facilitator's key press on any server reaches every phone within about CHECK_S."""

import threading
import time

from flask import Flask, current_app
from sqlalchemy import select

from app.extensions import db
from app.models import Meeting

HOLD_S = 20.0  # the longest a request waits (below every proxy's read timeout)
KEY_LENGTH = 100  # the longest ?known= a phone sends (status.pacing.prompt.version is far shorter)
CHECK_S = 0.15  # how often a process reads the meetings its phones wait on
RETRY_MS = 3000  # a phone that could not wait asks again after this long (the old poll: 4 s,
# for a whole meeting that costs 1.5 times a step check: no phone costs more than before)


def key_of(status: str, pacing: str, current_prompt_id: int | None, prompts_version: int | None) -> str:
    return f"{status}.{pacing}.{current_prompt_id or 0}.{prompts_version or 0}"


def state_of(meeting) -> dict:
    """What a phone needs to follow the facilitator, and its key."""
    version = getattr(meeting, "prompts_version", 0) or 0  # a follow-up has no version
    return {"key": key_of(meeting.status, meeting.pacing, meeting.current_prompt_id, version),
            "status": meeting.status, "pacing": meeting.pacing,
            "current_prompt_id": meeting.current_prompt_id, "prompts_version": version}


def read(meeting_ids) -> dict[int, dict]:
    """The states of these meetings, in one query; the connection goes back to the pool
    at once (a waiting request must not keep one)."""
    rows = db.session.execute(
        select(Meeting.id, Meeting.status, Meeting.pacing, Meeting.current_prompt_id, Meeting.prompts_version)
        .where(Meeting.id.in_(list(meeting_ids)))
    ).all()
    db.session.rollback()
    return {row.id: state_of(row) for row in rows}


class Board:
    """One per process (create_app): the requests waiting in it, and the newest state read
    of each meeting they wait on."""

    def __init__(self, slots: int):
        self.slots = slots
        self.cond = threading.Condition()
        self.held = 0
        self.waiting: dict[int, int] = {}  # meeting id -> requests waiting on it
        self.states: dict[int, tuple[float, dict]] = {}  # meeting id -> (read at, state)
        self.reader = False  # whether one waiting thread reads for all

    def _note(self, meeting_id: int, read_at: float, state: dict) -> None:
        """Keep the newest read (the caller holds the lock); wake the waiters if it changed."""
        old = self.states.get(meeting_id)
        if old is None or old[0] <= read_at:
            self.states[meeting_id] = (read_at, state)
            if old is not None and old[1]["key"] != state["key"]:
                self.cond.notify_all()

    def wait(self, meeting, known: str, can_hold: bool) -> dict:
        """The meeting's state once its key differs from `known`, or after HOLD_S."""
        read_at = time.monotonic()
        state, meeting_id = state_of(meeting), meeting.id
        db.session.rollback()  # from here on the meeting object stays untouched: no connection held
        if state["key"] != known or state["status"] != "open" or state["pacing"] != "facilitator":
            return state
        with self.cond:
            if not can_hold or self.held >= self.slots:
                return {**state, "retry_ms": RETRY_MS}
            self.held += 1
            self.waiting[meeting_id] = self.waiting.get(meeting_id, 0) + 1
            self._note(meeting_id, read_at, state)
        try:
            return self._hold(meeting_id, known, time.monotonic() + HOLD_S)
        finally:
            with self.cond:
                self.held -= 1
                self.waiting[meeting_id] -= 1
                if not self.waiting[meeting_id]:
                    del self.waiting[meeting_id]
                    self.states.pop(meeting_id, None)

    def _hold(self, meeting_id: int, known: str, deadline: float) -> dict:
        reading = False
        try:
            while True:
                with self.cond:
                    state = self.states[meeting_id][1]
                    left = deadline - time.monotonic()
                    if state["key"] != known or left <= 0:
                        return state
                    if not self.reader:
                        self.reader = reading = True
                    if not reading:
                        self.cond.wait(left)
                        continue
                    ids = list(self.waiting)
                time.sleep(min(CHECK_S, max(0.0, left)))
                read_at = time.monotonic()
                fresh = read(ids)
                with self.cond:
                    for other, found in fresh.items():
                        if other in self.waiting:
                            self._note(other, read_at, found)
        finally:
            if reading:
                with self.cond:
                    self.reader = False
                    self.cond.notify_all()  # another waiting thread takes over the reading


def init_app(app: Flask) -> None:
    app.extensions["allo_step"] = Board(app.config["STEP_HOLDS"])


def board() -> Board:
    return current_app.extensions["allo_step"]
