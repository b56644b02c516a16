"""Views: a meeting's data as a CSV (answers, for a spreadsheet) or a JSON (everything, to archive)."""

import json

from flask import Response

from app import audit, exports, meetings
from app.auth.session import current_user, login_required
from app.facilitator import bp


def _download(body: str, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.cache_control.no_store = True
    return response


@bp.get("/meetings/<int:meeting_id>/export.csv")
@login_required
def export_csv(meeting_id):
    """One row per answer, for a spreadsheet; groups below the anonymity threshold left out."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    audit.record(current_user(), "export_csv", meeting)
    return _download(exports.to_csv(meeting), "text/csv", exports.filename(meeting, "csv"))


@bp.get("/meetings/<int:meeting_id>/export.json")
@login_required
def export_json(meeting_id):
    """The whole meeting to archive: settings, prompts, results and answers."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    audit.record(current_user(), "export_json", meeting)
    body = json.dumps(exports.to_json(meeting), ensure_ascii=False, indent=2)
    return _download(body, "application/json", exports.filename(meeting, "json"))
