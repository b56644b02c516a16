"""The privacy page for participants (/privacy): what we keep, in plain language."""

from flask import current_app, render_template

from app.phone.views import bp


@bp.get("/privacy")
def privacy():
    """What the app stores about a participant, who sees it, and for how long."""
    config = current_app.config
    return render_template("join/privacy.html", k=config["DEFAULT_MIN_GROUP_SIZE"],
                           months=config["TEXT_RETENTION_MONTHS"])
