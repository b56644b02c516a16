"""Views: organisations, users and invitations (admins), setting a password from an
invitation (anyone holding the link), co-hosts of a meeting and its series."""

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app import meetings
from app.auth import audit
from app.auth.session import current_user, login_required
from app.extensions import db
from app.meetings import labels
from app.meetings.forms import choice_list
from app.models import Organisation, User
from app.network import organisations, series
from app.network.forms import KIND_LABELS, ROLE_LABELS, OrganisationForm, PasswordForm, UserForm
from app.network.views import bp


@bp.context_processor
def network_page():
    return {"user": current_user(), "kind_labels": KIND_LABELS, "role_labels": ROLE_LABELS,
            "status_labels": labels.STATUS_LABELS, "group_labels": labels.GROUP_LABELS,
            "may_manage": organisations.may_manage, "roles_for": organisations.roles_for}


def meeting_hosting(meeting) -> dict:
    """The meeting page's hosts-and-series section (network/_meeting_network.html; a
    template global, `network_hosting`, set in create_app)."""
    user = current_user()
    return {"can_manage_hosts": organisations.can_manage_hosts(user, meeting),
            "others": [org for org in organisations.all_organisations() if org not in meeting.hosts],
            "series_choices": series.series_of(user)}


def _no_store(response):
    """A page showing a one-time link: not kept by any cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


# --- organisations ---------------------------------------------------------------

@bp.get("/organisations")
@login_required
def organisations_page(form=None):
    """The organisations of the network; a network admin creates new ones here."""
    user = current_user()
    can_create = organisations.can_create_organisations(user)
    return render_template("network/organisations.html", organisations=organisations.all_organisations(),
                           form=form or OrganisationForm(), can_create=can_create)


@bp.post("/organisations")
@login_required
def create_organisation():
    """Create an organisation (network admins only)."""
    if not organisations.can_create_organisations(current_user()):
        abort(403)
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisations.create_organisation(form.name.data, form.kind.data, form.region.data)
        except organisations.Refused:
            form.name.errors.append(_("An organisation with this name exists already."))
        else:
            flash(_("Organisation created."))
            return redirect(url_for(".organisations_page"))
    return organisations_page(form), 400


# --- users -----------------------------------------------------------------------

def _user_form(admin) -> UserForm:
    form = UserForm()
    form.role.choices = choice_list((role, ROLE_LABELS[role]) for role in organisations.roles_for(admin))
    form.organisation_id.choices = choice_list((org.id, org.name)
                                               for org in organisations.manageable_organisations(admin))
    if request.method == "GET":
        form.organisation_id.data = admin.organisation_id
    return form


def _users_page(form=None, link=None, invited=None, status=200):
    admin = current_user()
    found = organisations.users_for(admin)  # 403 for a facilitator
    page = render_template("network/users.html", users=found, form=form or _user_form(admin), link=link,
                           invited=invited, managed=organisations.manageable_organisations(admin))
    return _no_store(make_response((page, status))) if link else (page, status)


@bp.get("/users")
@login_required
def users():
    """The users an admin manages: add, invite, deactivate."""
    return _users_page()


@bp.post("/users")
@login_required
def create_user():
    """Create a user and show the one-time link to pass on."""
    admin = current_user()
    organisations.users_for(admin)  # 403 for a facilitator
    form = _user_form(admin)
    if not form.validate_on_submit():
        return _users_page(form, status=400)
    org = db.session.get(Organisation, form.organisation_id.data)
    try:
        made = organisations.create_user(admin, form.email.data, form.name.data, org, form.role.data)
    except organisations.Refused:
        form.email.errors.append(_("A user with this e-mail address exists already."))
        return _users_page(form, status=400)
    link = url_for(".welcome", token=organisations.invite(made, by=admin), _external=True)
    return _users_page(link=link, invited=made)


@bp.post("/users/<int:user_id>/invite")
@login_required
def invite(user_id):
    """A new one-time link to set the password (earlier links stop working)."""
    admin = current_user()
    found = organisations.user_for(admin, user_id)
    if not found.active:
        abort(400)
    link = url_for(".welcome", token=organisations.invite(found, by=admin), _external=True)
    return _users_page(link=link, invited=found)


@bp.post("/users/<int:user_id>/active")
@login_required
def set_active(user_id):
    """Deactivate (every session ends at once) or reactivate a user."""
    admin = current_user()
    found = organisations.user_for(admin, user_id)
    wanted = request.form.get("active")
    if wanted not in ("0", "1"):
        abort(400)
    try:
        organisations.set_active(admin, found, wanted == "1")
    except organisations.Refused:
        abort(403)
    flash(_("%(name)s can log in again.", name=found.name) if wanted == "1"
          else _("%(name)s is deactivated and logged out everywhere.", name=found.name))
    return redirect(url_for(".users"))


@bp.post("/users/<int:user_id>/role")
@login_required
def set_role(user_id):
    """Give a person another role, never one above one's own."""
    admin = current_user()
    found = organisations.user_for(admin, user_id)
    try:
        organisations.set_role(admin, found, request.form.get("role", ""))
    except organisations.Refused:
        abort(400)
    flash(_("%(name)s is now: %(role)s.", name=found.name, role=ROLE_LABELS[found.role]))
    return redirect(url_for(".users"))


@bp.route("/welcome/<token>", methods=["GET", "POST"])
def welcome(token):
    """Set a password with a one-time link from an admin."""
    found = organisations.invitation(token)
    if found is None:
        return _no_store(make_response((render_template("network/welcome.html", form=None), 404)))
    form = PasswordForm()
    if form.validate_on_submit():
        organisations.use_invitation(found, form.password.data)
        flash(_("Your password is set. Log in with your e-mail address."))
        return redirect(url_for("auth.login"))
    page = render_template("network/welcome.html", form=form, invited=db.session.get(User, found.user_id))
    return _no_store(make_response((page, 400 if form.errors else 200)))


# --- a meeting's hosts and series ---------------------------------------------------

@bp.post("/meetings/<int:meeting_id>/hosts")
@login_required
def add_meeting_host(meeting_id):
    """Invite another organisation to co-host the meeting: its facilitators see and run it."""
    user = current_user()
    meeting = meetings.meeting_for(user, meeting_id)
    if not organisations.can_manage_hosts(user, meeting):
        abort(403)
    org_id = request.form.get("organisation_id", "")
    org = db.session.get(Organisation, int(org_id)) if org_id.isdigit() else None
    if org is None:
        abort(400)
    organisations.add_host(meeting, org)
    audit.record(user, "add_co_host", meeting, f"organisation {org.id}")
    flash(_("%(name)s co-hosts this meeting now.", name=org.name))
    return redirect(url_for("meetings.meeting", meeting_id=meeting.id, _anchor="hosts"))


@bp.post("/meetings/<int:meeting_id>/hosts/<int:organisation_id>/remove")
@login_required
def remove_meeting_host(meeting_id, organisation_id):
    """Stop co-hosting: that organisation no longer sees the meeting."""
    user = current_user()
    meeting = meetings.meeting_for(user, meeting_id)
    if not organisations.can_manage_hosts(user, meeting):
        abort(403)
    org = db.session.get(Organisation, organisation_id)
    if org is None:
        abort(404)
    try:
        organisations.remove_host(meeting, org)
    except organisations.Refused:
        abort(400)
    audit.record(user, "remove_co_host", meeting, f"organisation {org.id}")
    flash(_("%(name)s no longer co-hosts this meeting.", name=org.name))
    return redirect(url_for("meetings.meeting", meeting_id=meeting.id, _anchor="hosts"))


@bp.post("/meetings/<int:meeting_id>/series")
@login_required
def set_meeting_series(meeting_id):
    """Put the meeting in one of the organisation's series, or take it out."""
    user = current_user()
    meeting = meetings.meeting_for(user, meeting_id)
    chosen = request.form.get("series_id", "")
    if chosen and not chosen.isdigit():
        abort(400)
    series.set_series(meeting, series.series_for(user, int(chosen)) if chosen else None)
    flash(_("Series saved."))
    return redirect(url_for("meetings.meeting", meeting_id=meeting.id, _anchor="hosts"))
