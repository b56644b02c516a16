"""The accessibility statement (/accessibility), in the form Flemish public bodies publish
(the decree of 2 February 2018, after the EU model statement): how far the app meets
WCAG 2.2 AA, what does not yet, how it was checked, where to report a barrier."""

from datetime import date

from flask import current_app, render_template

from app.phone.views import bp

# The day the statement was last drawn up (update it with the checks it describes).
CHECKED_ON = date(2026, 12, 5)


@bp.get("/accessibility")
def accessibility():
    """Linked from the footer of every page."""
    return render_template("join/accessibility.html", checked_on=CHECKED_ON,
                           contact=current_app.config.get("ACCESSIBILITY_CONTACT", ""))
