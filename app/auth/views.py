from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from app.auth import bp
from app.auth.next_page import safe_next
from app.auth.session import authenticate, log_in, log_out


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log a facilitator in."""
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user:
            log_in(user)
            return redirect(safe_next(request.args.get("next"), url_for("facilitator.index")))
        form.password.errors.append(_("Wrong e-mail or password."))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


@bp.post("/logout")
def logout():
    """Log out and forget the session."""
    log_out()
    flash(_("You are logged out."))
    return redirect(url_for("auth.login"))
