"""The facilitator's pages of meetings under /f: the list and a meeting's page
(meetings.py), its prompts (prompts.py, linked_prompts.py), the template library
(library.py) and deleting a meeting (deletion.py). Views register on `bp`; create_app
imports each module, and gives every facilitator page (`FACILITATOR_PAGES`) the
`workspace` context."""

from flask import Blueprint, request

from app.auth.session import current_user
from app.meetings import labels
from app.meetings.forms import LANGUAGE_NAMES
from app.meetings.prompt_kinds import KIND_LABELS, KINDS

bp = Blueprint("meetings", __name__, url_prefix="/f")

# The blueprints of the facilitator's workspace (/f): meetings, live, results, the
# dashboard and follow-ups; their pages share templates/facilitator/base.html.
FACILITATOR_PAGES = ("meetings", "live", "results", "dashboard", "followups", "loop")


def workspace() -> dict:
    """What every facilitator page needs: who is logged in, and the words for stored values."""
    if request.blueprint not in FACILITATOR_PAGES:
        return {}
    return {"user": current_user(), "kinds": KINDS, "kind_labels": KIND_LABELS,
            "language_names": LANGUAGE_NAMES, "status_labels": labels.STATUS_LABELS,
            "group_labels": labels.GROUP_LABELS, "audience_labels": labels.AUDIENCE_LABELS,
            "pacing_labels": labels.PACING_LABELS}
