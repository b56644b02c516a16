"""An admin requires a second factor for an organisation they manage (or stops requiring it)."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from app.auth.session import current_user, login_required
from app.extensions import db
from app.models import Organisation
from app.network import organisations
from app.network.views import bp


@bp.post("/organisations/<int:organisation_id>/second-factor")
@login_required
def second_factor(organisation_id):
    """Require a code from an app at every login of the organisation's users, or not."""
    admin = current_user()
    if not organisations.is_admin(admin):
        abort(403)
    org = db.session.get(Organisation, organisation_id)
    if org is None or not organisations.can_manage(admin, org.id):
        abort(404)
    wanted = request.form.get("required")
    if wanted not in ("0", "1"):
        abort(400)
    organisations.set_second_factor_required(admin, org, wanted == "1")
    flash(_("Everyone of %(name)s logs in with a second factor now.", name=org.name) if wanted == "1"
          else _("A second factor is optional for %(name)s now.", name=org.name))
    return redirect(url_for(".users"))
