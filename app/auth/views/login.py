from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from app.auth import audit, second_factor
from app.auth.forms import CodeForm
from app.auth.next_page import safe_next
from app.auth.session import authenticate, log_in, log_out
from app.auth.views import bp
from app.meetings import qr


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


def _next() -> str:
    return safe_next(request.args.get("next"), url_for("meetings.index"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log a facilitator in."""
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user and second_factor.needed(user):
            second_factor.start(user)
            return redirect(url_for(".login_code", next=request.args.get("next")))
        if user:
            log_in(user)
            return redirect(_next())
        form.password.errors.append(_("Wrong e-mail or password."))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    """The second step of a login: the code from the app, or setting the app up when
    the organisation requires it and this user has not yet."""
    user = second_factor.pending()
    if user is None:
        return render_template("auth/code.html", form=None)
    form = CodeForm()
    enrolling = user.totp_secret is None
    if enrolling and not second_factor.valid_secret(form.secret.data):
        form.secret.data = second_factor.new_secret()
    if form.validate_on_submit():
        if second_factor.enrol(user, form.secret.data, form.code.data) if enrolling \
                else second_factor.check(user, form.code.data):
            log_in(user)
            return redirect(_next())
        audit.record(user, "login_failed", detail="wrong code")
        form.code.errors.append(_("This code is not right. Type the code your app shows now."))
    setup = qr.svg(second_factor.uri(user, form.secret.data), _("QR code for your authenticator app")) \
        if enrolling else None
    return render_template("auth/code.html", form=form, setup=setup), 400 if form.errors else 200


@bp.post("/logout")
def logout():
    """Log out and forget the session."""
    log_out()
    flash(_("You are logged out."))
    return redirect(url_for("auth.login"))
