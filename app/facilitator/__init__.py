"""The facilitator's workspace: meetings, prompts, pacing, the presenter page, exports."""

from flask import Blueprint

bp = Blueprint("facilitator", __name__, url_prefix="/f")


from app.facilitator import exports, followups, live_controls, meetings, moderation, presenter, prompts, report  # noqa: E402, F401
