"""Reading a meeting and joining it."""

from flask import jsonify, request
from flask_babel import lazy_gettext as _l

from app import followups, meetings
from app.errors import ApiError
from app.live import paired, step
from app.models.people import GROUPS
from app.phone import participants
from app.phone.api import bp
from app.phone.api.guard import device_token, json_body


def meeting_json(meeting) -> dict:
    pairs = paired.mirror_ids(meeting)  # a barometer item: each group's half (app/live/paired.py)
    return {
        "token": meeting.token,
        "title": meeting.title,
        "status": meeting.status,
        "pacing": meeting.pacing,
        "language": meeting.language,
        "current_prompt_id": meeting.current_prompt_id,
        "prompts_version": step.state_of(meeting)["prompts_version"],
        "prompts": [
            {
                "id": p.id,
                "position": p.position,
                "kind": p.kind,
                "audience": p.audience,
                "text": p.text,
                "options": p.options,
                "mirror": pairs.get(p.id),
            }
            for p in meeting.round_prompts
        ],
    }


def find(token: str):
    # A follow-up review's link stands in for a meeting's (app/followups/__init__.py).
    meeting = meetings.by_token(token) or followups.by_token(token)
    if meeting is None:
        raise ApiError(404, "unknown_meeting", _l("There is no meeting with this link."))
    return meeting


@bp.get("/meetings/<token>")
def show_meeting(token):
    """The meeting and its prompts, in every language, for the participant page."""
    return jsonify(meeting_json(find(token)))


def bad_phone_token() -> ApiError:
    return ApiError(400, "invalid_device_token",
                    _l("The phone's id must be 22 to 86 letters, digits, - or _."))


@bp.get("/meetings/<token>/step")
def follow_step(token):
    """What the phone needs to follow the facilitator (status, pacing, current prompt, the
    prompts' version) once its key differs from ?known=, waiting for that up to 20 s
    (app/live/step.py). With retry_ms the server could not wait: ask again after it."""
    meeting = find(token)
    known = request.args.get("known", "")
    if len(known) > step.KEY_LENGTH:
        raise ApiError(400, "invalid_known", _l("\"known\" is at most %(n)s characters.", n=step.KEY_LENGTH))
    can_hold = bool(request.environ.get("wsgi.multithread"))
    response = jsonify(step.board().wait(meeting, known, can_hold))
    response.cache_control.no_store = True
    return response


@bp.post("/meetings/<token>/participants")
def join(token):
    """Join with a group and language; returns the phone's device token. The phone may
    make that token itself ("device_token" in the body), so it can join offline through
    its outbox: the same token again is the same join. A phone that sends its token
    again changes its group or language instead."""
    body = json_body()
    meeting = find(token)
    group, language = body.get("group"), body.get("language", meeting.language)
    phone_token = body.get("device_token")
    if "device_token" in body and not participants.valid_phone_token(phone_token):
        raise bad_phone_token()
    if group not in GROUPS:
        raise ApiError(400, "invalid_group", _l("Choose youngster, officer or other."))
    if language not in ("nl", "en", "fr"):
        raise ApiError(400, "invalid_language", _l("Choose nl, en or fr."))
    if not meeting.is_open:
        raise ApiError(409, f"meeting_{meeting.status}", _l("This meeting is not open."))
    known = participants.by_token(meeting, phone_token or device_token())
    if known is None and phone_token:
        known = participants.join_as(meeting, phone_token, group, language)
        if known is None:
            raise bad_phone_token()  # it is another meeting's phone's
        if (known.group, known.language) == (group, language):
            return jsonify(device_token=phone_token, group=group, language=language), 201
    if known:
        if not participants.can_change_group(known, group):
            raise ApiError(409, "group_locked",
                           _l("You already answered, so your group can't change any more."))
        participants.change(known, group, language)
        return jsonify(group=group, language=language), 200
    _, token_value = participants.join(meeting, group, language)
    return jsonify(device_token=token_value, group=group, language=language), 201
