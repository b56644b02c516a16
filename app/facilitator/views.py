from flask import render_template

from app import meetings
from app.auth.session import current_user, login_required
from app.facilitator import bp


@bp.get("/")
@login_required
def index():
    """The meetings of the facilitator's organisation."""
    return render_template("facilitator/index.html", meetings=meetings.meetings_of(current_user()))
