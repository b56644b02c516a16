"""Sending answers: one or many at once, idempotent on each answer's UUID
(app/phone/store.py); and how many answers a phone still holds."""

from flask import current_app, jsonify
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.errors import ApiError
from app.extensions import db
from app.models import Answer
from app.phone import participants, store
from app.phone.api import bp
from app.phone.api.guard import json_body
from app.phone.api.meetings import find
from app.phone.tokens import device_token


def participant_of(meeting):
    participant = participants.by_token(meeting, device_token())
    if participant is None:
        raise ApiError(401, "unknown_device", _l("Join the meeting first."))
    return participant


@bp.post("/meetings/<token>/answers")
def post_answers(token):
    """Store a batch {"answers": [...], "sent_at": the phone's clock}: one outcome per item,
    in order."""
    body = json_body()
    found = participants.phone(token, device_token())
    if found is None:  # a follow-up's phone, or something to refuse
        meeting = find(token)
        found = meeting, participant_of(meeting)
    meeting, participant = found
    items, waiting = batch_of(body)
    outcomes = store.store_batch(meeting, participant, items, waiting, body.get("sent_at"))
    return jsonify(results=[o.as_json() for o in outcomes])


def batch_of(body: dict) -> tuple[list, int | None]:
    """The batch's items, and how many answers the phone still holds after it."""
    items = body.get("answers")
    if not isinstance(items, list) or not items:
        raise ApiError(400, "invalid_body", _l("Send a non-empty list under \"answers\"."))
    if len(items) > current_app.config["MAX_BATCH"]:
        raise ApiError(413, "batch_too_large", _l("Send at most %(n)s answers at once.",
                                                   n=current_app.config["MAX_BATCH"]))
    # "waiting" (optional): answers still in the phone's outbox after this batch. A bad
    # value is ignored rather than refused: it must never hold the answers back.
    return items, participants.valid_waiting(body.get("waiting"))


@bp.put("/meetings/<token>/waiting")
def put_waiting(token):
    """The phone's outbox count, when it changed but the answers cannot go through
    (the live view shows "N answers still waiting to sync")."""
    body = json_body()
    meeting = find(token)
    participant = participant_of(meeting)
    waiting = participants.valid_waiting(body.get("waiting"))
    if waiting is None:
        raise ApiError(400, "invalid_waiting", _l("Send \"waiting\": a whole number from 0 to %(most)s.",
                                                  most=participants.MAX_WAITING))
    participants.note_waiting(participant, waiting)
    db.session.commit()
    return jsonify(waiting=waiting)


@bp.get("/meetings/<token>/answers")
def my_answers(token):
    """This phone's current answers, so a page can show what it already said."""
    meeting = find(token)
    participant = participant_of(meeting)
    answers = db.session.scalars(select(Answer).where(Answer.participant_id == participant.id))
    return jsonify(answers=[
        {"uuid": a.uuid, "prompt_id": a.prompt_id, "value": a.value,
         "recorded_at": a.recorded_at.isoformat()}
        for a in answers
    ])
