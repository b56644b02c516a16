"""The facilitator's workspace: meetings, prompts, pacing, the presenter page."""

from flask import Blueprint
from flask_babel import get_locale

bp = Blueprint("facilitator", __name__, url_prefix="/f")


@bp.app_context_processor
def page_language():
    """base.html writes the page's language (<html lang>) on every page, login included."""
    return {"get_locale": get_locale}


from app.facilitator import meetings, presenter, prompts  # noqa: E402, F401
