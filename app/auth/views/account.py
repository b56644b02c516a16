"""A facilitator's own account: the second factor (app/auth/second_factor.py)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.auth import second_factor
from app.auth.forms import CodeForm
from app.auth.session import current_user, login_required
from app.auth.views import bp
from app.meetings import qr


def _page(form: CodeForm | None = None, status: int = 200):
    user = current_user()
    form = form or CodeForm()
    setup = None
    if user.totp_secret is None:
        if not second_factor.valid_secret(form.secret.data):
            form.secret.data = second_factor.new_secret()
        setup = qr.svg(second_factor.uri(user, form.secret.data), _("QR code for your authenticator app"))
    return render_template("auth/account.html", user=user, form=form, setup=setup,
                           required=second_factor.required(user)), status


@bp.get("/account")
@login_required
def account():
    """One's own account: set up or turn off the second factor."""
    return _page()


@bp.post("/account/second-factor")
@login_required
def second_factor_on():
    """Turn the second factor on: the app's first code proves it has the secret."""
    form = CodeForm()
    if form.validate_on_submit() and second_factor.enrol(current_user(), form.secret.data, form.code.data):
        flash(_("The second factor is on. From now on you log in with a code from your app too."))
        return redirect(url_for(".account"))
    if not form.code.errors:
        form.code.errors.append(_("This code is not right. Type the code your app shows now."))
    return _page(form, 400)


@bp.post("/account/second-factor/off")
@login_required
def second_factor_off():
    """Turn the second factor off with a code (not while the organisation requires it)."""
    user = current_user()
    if user.totp_secret is None:
        return redirect(url_for(".account"))
    form = CodeForm()
    if form.validate_on_submit() and second_factor.turn_off(user, form.code.data):
        flash(_("The second factor is off."))
        return redirect(url_for(".account"))
    if not form.code.errors:
        form.code.errors.append(_("This code is not right. Type the code your app shows now.")
                                if not second_factor.required(user)
                                else _("Your organisation requires a second factor."))
    return _page(form, 400)
