"""The facilitator's workspace: meetings, prompts, pacing, the presenter page, exports."""

from flask import Blueprint

bp = Blueprint("facilitator", __name__, url_prefix="/f")


from app.facilitator import (  # noqa: E402, F401
    dashboard,
    deletion,
    exports,
    followups,
    library,
    linked_prompts,
    live_controls,
    meetings,
    moderation,
    presenter,
    prompts,
    report,
)
