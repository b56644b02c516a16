"""Views: series of meetings, followed over time."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth import audit
from app.auth.session import current_user, login_required
from app.extensions import db
from app.models import Organisation
from app.network import organisations, series
from app.network.forms import SeriesForm
from app.network.views import bp
from app.results import disclosure


@bp.get("/series")
@login_required
def series_list(form=None):
    """The series the organisation hosts, and a form for a new one."""
    return render_template("network/series_list.html", series=series.series_of(current_user()),
                           form=form or SeriesForm())


@bp.post("/series")
@login_required
def create_series():
    """Start a series."""
    form = SeriesForm()
    if not form.validate_on_submit():
        return series_list(form), 400
    made = series.create_series(current_user(), form.name.data, form.description.data)
    flash(_("Series created. Add meetings to it from their pages."))
    return redirect(url_for(".series_page", series_id=made.id))


def _series_page(found, form=None, status=200):
    user = current_user()
    shown, others = series.meetings_in(user, found)
    return render_template(
        "network/series.html", found=found, meetings=shown, hidden=others, form=form or SeriesForm(obj=found),
        counts={m.id: disclosure.joined(m) for m in shown},
        candidates=[org for org in organisations.all_organisations() if org not in found.hosts],
    ), status


@bp.get("/series/<int:series_id>")
@login_required
def series_page(series_id):
    """A series: its meetings with dates and participant counts, its hosts."""
    return _series_page(series.series_for(current_user(), series_id))


@bp.post("/series/<int:series_id>")
@login_required
def edit_series(series_id):
    """Rename a series or change its description."""
    found = series.series_for(current_user(), series_id)
    form = SeriesForm()
    if not form.validate_on_submit():
        return _series_page(found, form, 400)
    series.update_series(found, form.name.data, form.description.data)
    flash(_("Series saved."))
    return redirect(url_for(".series_page", series_id=found.id))


@bp.post("/series/<int:series_id>/hosts")
@login_required
def add_series_host(series_id):
    """Host the series together with another organisation."""
    found = series.series_for(current_user(), series_id)
    org_id = request.form.get("organisation_id", "")
    org = db.session.get(Organisation, int(org_id)) if org_id.isdigit() else None
    if org is None:
        abort(400)
    series.add_host(found, org)
    audit.record(current_user(), "add_series_host", detail=f"series {found.id}: organisation {org.id}")
    flash(_("%(name)s hosts this series now.", name=org.name))
    return redirect(url_for(".series_page", series_id=found.id))


@bp.post("/series/<int:series_id>/hosts/<int:organisation_id>/remove")
@login_required
def remove_series_host(series_id, organisation_id):
    """Stop hosting a series together with an organisation."""
    found = series.series_for(current_user(), series_id)
    org = db.session.get(Organisation, organisation_id)
    if org is None:
        abort(404)
    try:
        series.remove_host(found, org)
    except series.Refused:
        abort(400)
    audit.record(current_user(), "remove_series_host", detail=f"series {found.id}: organisation {org.id}")
    flash(_("%(name)s no longer hosts this series.", name=org.name))
    return redirect(url_for(".series_page", series_id=found.id))
