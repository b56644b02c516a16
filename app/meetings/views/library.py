"""Views: the template library (/f/library): built-in and saved templates, a meeting
from a template in one step, saving a meeting as a template, sharing with the
network, export and import as JSON files; and the trust barometer for a meeting."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from app import meetings
from app.auth.session import current_user, login_required
from app.downloads import attachment
from app.extensions import db
from app.meetings import library, library_files
from app.meetings.forms import LANGUAGE_NAMES
from app.meetings.views import bp
from app.models.library import VISIBILITIES
from app.network import barometer


def _page(error: str | None = None, status: int = 200):
    user = current_user()
    language = str(get_locale())
    page = render_template(
        "library/index.html",
        builtins=library.builtins(),
        saved=library.visible(user),
        language=language,
        error=error,
        visibilities=VISIBILITIES,
        barometer_items=len(barometer.ITEMS),
        own_meetings=meetings.meetings_of(user),
    )
    return page, status


@bp.get("/library")
@login_required
def library_index():
    """The library: built-in templates, the organisation's and the network's."""
    return _page()


@bp.post("/library/use")
@login_required
def library_use():
    """A new meeting from a template, in one step; then its page."""
    user = current_user()
    document = library.document_for(user, request.form.get("source", ""))
    if document is None:
        abort(404)
    title = (request.form.get("title") or "").strip()[:120] or library.title(document, str(get_locale()))
    language = request.form.get("language")
    meeting = library.create_meeting(
        user,
        document,
        title,
        language if language in LANGUAGE_NAMES else None,
        with_barometer=request.form.get("barometer") == "1",
    )
    flash(_("Meeting created from the template. Check its prompts, then open it."))
    return redirect(url_for(".meeting", meeting_id=meeting.id))


@bp.get("/library/builtin/<key>.json")
@login_required
def library_export_builtin(key):
    document = library.builtins().get(key)
    if document is None:
        abort(404)
    return attachment(library_files.dumps(document), "application/json", f"allo-template-{key}.json")


@bp.get("/library/<int:template_id>.json")
@login_required
def library_export(template_id):
    found = library.saved_for(current_user(), template_id)
    if found is None:
        abort(404)
    name = f"allo-template-{template_id}.json"
    return attachment(library_files.dumps(found.document), "application/json", name)


@bp.post("/library/import")
@login_required
def library_import():
    """Import a template file: a clear error on the page, and nothing kept, when it is not usable."""
    upload = request.files.get("file")
    visibility = request.form.get("visibility", "organisation")
    if visibility not in VISIBILITIES:
        abort(400)
    if upload is None or not upload.filename:
        return _page(_("Choose a template file first."), 400)
    try:
        library.import_file(current_user(), upload.read(library_files.MAX_BYTES + 1), visibility)
    except library_files.TemplateError as error:
        db.session.rollback()
        return _page(_("The file was not imported: %(reason)s", reason=str(error)), 400)
    flash(_("Template imported."))
    return redirect(url_for(".library_index"))


@bp.post("/library/<int:template_id>/visibility")
@login_required
def library_visibility(template_id):
    """Share a saved template with the network, or keep it to the organisation."""
    found = library.saved_for(current_user(), template_id, own=True)
    visibility = request.form.get("visibility")
    if found is None:
        abort(404)
    if visibility not in VISIBILITIES:
        abort(400)
    library.set_visibility(found, visibility)
    flash(
        _("Shared with the network.") if visibility == "network" else _("Only your organisation sees it now.")
    )
    return redirect(url_for(".library_index"))


@bp.post("/library/<int:template_id>/delete")
@login_required
def library_delete(template_id):
    found = library.saved_for(current_user(), template_id, own=True)
    if found is None:
        abort(404)
    library.delete(found)
    flash(_("Template deleted."))
    return redirect(url_for(".library_index"))


@bp.post("/library/save")
@login_required
def library_save():
    """Save one of the organisation's meetings as a template."""
    user = current_user()
    meeting_id = request.form.get("meeting_id", "")
    if not meeting_id.isdigit():
        abort(400)
    meeting = meetings.meeting_for(user, int(meeting_id))
    visibility = request.form.get("visibility", "organisation")
    if visibility not in VISIBILITIES:
        abort(400)
    name = (request.form.get("title") or "").strip() or meeting.title
    try:
        library.save(
            user,
            library.from_meeting(meeting, name, (request.form.get("description") or "").strip()),
            visibility,
        )
    except library_files.TemplateError as error:
        db.session.rollback()
        return _page(_("The meeting was not saved as a template: %(reason)s", reason=str(error)), 400)
    flash(_("Saved as a template."))
    return redirect(url_for(".library_index"))


@bp.post("/meetings/<int:meeting_id>/barometer")
@login_required
def add_barometer(meeting_id):
    """Add the trust barometer's standard items to a meeting (once)."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    if barometer.add_to(meeting):
        db.session.commit()
        flash(_("The trust barometer was added."))
    else:
        flash(_("This meeting already has the trust barometer."))
    return redirect(url_for(".meeting", meeting_id=meeting.id, _anchor="prompts"))


@bp.post("/meetings/<int:meeting_id>/barometer/trust")
@login_required
def add_general_trust(meeting_id):
    """Add general trust (0–10), asked at the first and the last meeting of a series."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    if barometer.add_to(meeting, barometer.SERIES_ENDS):
        db.session.commit()
        flash(_("General trust (0–10) was added."))
    else:
        flash(_("This meeting already asks general trust."))
    return redirect(url_for(".meeting", meeting_id=meeting.id, _anchor="prompts"))
