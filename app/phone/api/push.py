"""Opting in to a follow-up notification, and out again. The phone proves it
joined the meeting (its device token); the subscription keeps the meeting and
the phone's group only, never which phone it was or what it answered."""

from flask import jsonify
from flask_babel import lazy_gettext as _l

from app.errors import ApiError
from app.followups import push
from app.models import Meeting
from app.phone.api import bp
from app.phone.api.answers import participant_of
from app.phone.api.guard import json_body
from app.phone.api.meetings import find


def offering(meeting) -> Meeting:
    if not isinstance(meeting, Meeting) or not push.enabled():
        raise ApiError(404, "no_push", _l("Notifications are not offered here."))
    return meeting


@bp.post("/meetings/<token>/push")
def push_subscribe(token):
    """Keep {"subscription": PushSubscription.toJSON()} for this meeting and the phone's group."""
    body = json_body()
    meeting = find(token)
    participant = participant_of(meeting)  # 401 first: an unknown phone learns nothing more
    offering(meeting)
    try:
        push.subscribe(meeting, participant.group, participant.language, body.get("subscription"))
    except push.InvalidSubscription:
        raise ApiError(400, "invalid_subscription", _l("This push subscription cannot be used.")) from None
    return jsonify(subscribed=True), 201


@bp.delete("/meetings/<token>/push")
def push_unsubscribe(token):
    """Opt out: {"endpoint": ...} deletes the subscription. Knowing the endpoint
    is proof enough (it is the browser's secret), so no device token is needed."""
    body = json_body()
    meeting = offering(find(token))
    push.unsubscribe(meeting, body.get("endpoint"))
    return jsonify(subscribed=False)
