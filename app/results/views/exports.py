"""Views: a meeting's data as a CSV (answers, for a spreadsheet) or a JSON (everything, to archive)."""

import json

from app import meetings
from app.auth import audit
from app.auth.session import current_user, login_required
from app.downloads import attachment
from app.results import exports
from app.results.views import bp


@bp.get("/meetings/<int:meeting_id>/export.csv")
@login_required
def export_csv(meeting_id):
    """One row per answer, for a spreadsheet; groups below the anonymity threshold left out."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    audit.record(current_user(), "export_csv", meeting)
    return attachment(exports.to_csv(meeting), "text/csv", exports.filename(meeting, "csv"))


@bp.get("/meetings/<int:meeting_id>/export.json")
@login_required
def export_json(meeting_id):
    """The whole meeting to archive: settings, prompts, results and answers."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    audit.record(current_user(), "export_json", meeting)
    body = json.dumps(exports.to_json(meeting), ensure_ascii=False, indent=2)
    return attachment(body, "application/json", exports.filename(meeting, "json"))
