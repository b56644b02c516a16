"""The presenter view, shared by the facilitator's presenter page and the read-only link.

The page holds the join QR and code (static) and the live fragment (templates/presenter/
_live.html), which static/js/presenter.js polls every 500 ms with If-None-Match. The ETag
is a hash of the fragment as rendered, so it changes only when what the room sees
changes (an edit by a group that is not shown changes nothing, not even the ETag); each
process remembers it per app/live/__init__.py fingerprint, so an unchanged view costs a few
indexed queries and a 304 without rendering (docs/LIVE.md)."""

import hashlib
import time

from flask import make_response, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _

from app import live
from app.live import paired
from app.meetings import qr
from app.meetings.labels import GROUP_LABELS
from app.results import disclosure, mirrored, per_prompt

# The waiting notice forgets reports older than live.WAITING_FOR: let the ETag change
# at least this often so that an expired notice goes away without any other change.
ETAG_PERIOD_S = 600
# {fingerprint: ETag of the fragment rendered for it}, per process; emptied when full.
_RENDERED: dict[str, str] = {}
RENDERED_KEPT = 512


def _fingerprint(meeting, asked, controls: bool) -> str:
    shown = asked if meeting.pacing == "self" else None
    return live.etag(meeting, shown, str(get_locale()), controls, int(time.time() // ETAG_PERIOD_S))


def _content_tag(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()[:32]


def _remember(key: str, tag: str) -> None:
    if len(_RENDERED) >= RENDERED_KEPT:
        _RENDERED.clear()
    _RENDERED[key] = tag


def _mirror(meeting, prompt, pairs):
    """The barometer item's other half (app/results/mirrored.py), or None."""
    mirror_id = pairs.get(prompt.id)
    return next((p for p in meeting.prompts if p.id == mirror_id), None)


def _state(meeting, asked) -> dict:
    """Everything the live fragment shows."""
    pairs = mirrored.mirrors(meeting)
    prompt = paired.shown_prompt(meeting, asked, pairs)  # a barometer pair: one step
    participants = disclosure.joined(meeting)
    rule = disclosure.Rule.of(meeting, participants)
    state = {"meeting": meeting, "prompt": prompt, "participants": participants,
             "prompt_ids": paired.steps(meeting, pairs), "waiting": live.waiting_total(meeting),
             "group_labels": GROUP_LABELS, "k": rule.k}
    if prompt is None:
        return state
    rows = per_prompt.prompt_rows(prompt)
    room = sum(participants[group] for group in rows)
    # Only the shown groups count: a total minus the shown groups would give a hidden one.
    answered = disclosure.total(rule.counts({group: len(group_rows) for group, group_rows in rows.items()}))
    # Open text and words show approved answers only (app/live/moderation.py, per_prompt.py).
    # Every word, not the top 30: the presenter pages a large cloud (static/js/presenter_wall.js).
    result = per_prompt.prompt_result(prompt, rows, rule, top_words=None)
    per_prompt.add_links(meeting, prompt, result, rule)  # round 2, guesses
    if (mirror := _mirror(meeting, prompt, pairs)) is not None:  # a barometer item: face to face
        mirror_rows = per_prompt.prompt_rows(mirror)
        mirror_n = len(mirror_rows.get(mirror.audience, []))
        answered += disclosure.total(rule.counts({mirror.audience: mirror_n}))
        room += participants[mirror.audience]
        both = {prompt.id: result, mirror.id: per_prompt.prompt_result(mirror, mirror_rows, rule)}
        result = mirrored.face_to_face({prompt.id: prompt, mirror.id: mirror}, both, meeting.language)
    state.update(number=state["prompt_ids"].index(prompt.id) + 1, answered=answered, result=result,
                 text=prompt.text.get(meeting.language) or prompt.text.get("nl", ""),
                 gate=live.reveal_state(meeting, prompt, answered, room))
    return state


def page(meeting, asked, live_url: str, controls: dict | None = None, back_url: str | None = None):
    """The whole presenter page. `controls`: the logged-in facilitator's URLs (moving the
    phones to a prompt); None on the read-only link."""
    url = qr.join_url(meeting)
    state = _state(meeting, asked)
    live_part = render_template("presenter/_live.html", **state)
    response = make_response(render_template(
        "presenter/present.html", **state, live_part=live_part, asked=asked or "", live_url=live_url,
        etag=_content_tag(live_part), controls=controls, back_url=back_url,
        join_url=url, host=qr.join_host(), qr_svg=qr.svg(url, _("QR code to join the meeting")),
    ))
    response.cache_control.no_store = True
    return response


def fragment(meeting, asked, controls: bool = False):
    """The live fragment, or 304 if the presenter's copy (If-None-Match) is current."""
    key = _fingerprint(meeting, asked or "", controls)
    tag, body = _RENDERED.get(key), None
    if tag is None or tag not in request.if_none_match:
        body = render_template("presenter/_live.html", **_state(meeting, asked))
        tag = _content_tag(body)
        _remember(key, tag)
    response = make_response("", 304) if tag in request.if_none_match else make_response(body)
    response.set_etag(tag)
    response.cache_control.no_cache = True  # always ask; the ETag makes asking cheap
    response.cache_control.private = True
    return response
