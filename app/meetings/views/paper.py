"""Views: paper answer sheets (app/meetings/paper.py): the page to print them and enter
them, the printable A4 sheets (in the meeting's language), and entering one sheet."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from app import meetings
from app.auth.session import current_user, login_required
from app.meetings import defaults, paper
from app.meetings.prompt_kinds import localize
from app.meetings.views import bp
from app.models.people import GROUPS

MAX_PRINTED = 200
# What the entry form says of a refused field.
ERRORS = {
    "sheet": lambda: _("Type the number printed on the sheet."),
    "twice": lambda: _("This sheet was already entered."),
    "group": lambda: _("Type 1, 2 or 3 for the group ticked on the sheet."),
    "box": lambda: _("Type the numbers of the ticked boxes, or leave it empty."),
}


def _int(name: str, default: int) -> int:
    value = request.values.get(name, "").strip()
    return int(value) if value.isdigit() else default


def _page(meeting, typed=None, errors=None, status=200):
    errors = {key: ERRORS[why]() for key, why in (errors or {}).items()}
    return render_template(
        "facilitator/paper.html", meeting=meeting, prompts=paper.prompts_on_paper(meeting),
        boxes=lambda p: paper.boxes(p, meeting.language), text=lambda p: localize(p.text, meeting.language),
        next_sheet=paper.next_sheet(meeting), entered=paper.entered(meeting), groups=GROUPS,
        typed=typed or {}, errors=errors), status


@bp.get("/meetings/<int:meeting_id>/paper")
@login_required
def paper_page(meeting_id):
    """Print the sheets; enter them, one at a time, fast by keyboard."""
    return _page(meetings.meeting_for(current_user(), meeting_id))


@bp.get("/meetings/<int:meeting_id>/paper/sheets")
@login_required
def paper_sheets(meeting_id):
    """The sheets to print, numbered from `start`, `count` of them, each on its own A4 page."""
    meeting = meetings.meeting_for(current_user(), meeting_id)
    start = max(1, min(_int("start", paper.next_sheet(meeting)), paper.MAX_SHEET))
    count = max(1, min(_int("count", 20), MAX_PRINTED, paper.MAX_SHEET - start + 1))
    group = request.args.get("group") if request.args.get("group") in GROUPS else None
    language = meeting.language
    with force_locale(language):
        return render_template(
            "facilitator/paper_sheets.html", meeting=meeting, numbers=range(start, start + count),
            group=group, prompts=paper.prompts_on_paper(meeting, group), groups=GROUPS, faces=defaults.FACES,
            boxes=lambda p: paper.boxes(p, language), text=lambda p: localize(p.text, language),
            line_up=lambda p, side: localize((p.options or {}).get(side), language))


@bp.post("/meetings/<int:meeting_id>/paper")
@login_required
def enter_sheet(meeting_id):
    meeting = meetings.meeting_for(current_user(), meeting_id)
    typed = {key: value for key, value in request.form.items() if key != "csrf_token"}
    group_typed = typed.get("group", "").strip()
    group = GROUPS[int(group_typed) - 1] if group_typed in ("1", "2", "3") else group_typed
    sheet = typed.get("sheet", "").strip()
    try:
        paper.enter(meeting, int(sheet) if sheet.isdigit() else None, group,
                    {int(k[1:]): v for k, v in typed.items() if k.startswith("p") and k[1:].isdigit()})
    except paper.Refused as refused:
        return _page(meeting, typed, refused.errors, 400)
    flash(_("Sheet %(n)s entered.", n=sheet))
    return redirect(url_for(".paper_page", meeting_id=meeting.id))  # no #fragment: it would stop autofocus
