"""Forgot your password? Ask for a one-time link by e-mail (app/auth/reset.py)."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.auth import mail, reset
from app.auth.forms import ResetForm
from app.auth.views import bp


@bp.route("/reset", methods=["GET", "POST"])
def reset_password():
    """Ask for a password reset link; the answer never says whether the address is known."""
    form = ResetForm()
    if form.validate_on_submit():
        reset.request_reset(form.email.data)
        minutes = current_app.config["PASSWORD_RESET_MINUTES"]
        flash(_("If an account has this e-mail address, a link to choose a new password is on its way. "
                "It works once, for %(minutes)s minutes.", minutes=minutes))
        return redirect(url_for(".login"))
    return render_template("auth/reset.html", form=form, by_mail=mail.enabled()), 400 if form.errors else 200
