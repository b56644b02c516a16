"""Forgotten passwords: a one-time link by e-mail (app/auth/mail.py).

The link is an invitation (app/network/organisations.py, the same one-time, hashed token an
admin's "new password link" is) that works for PASSWORD_RESET_MINUTES. Whoever asks
learns nothing: the answer is the same whether the address has an account or not,
and the mail leaves after the response."""

from datetime import timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.auth import mail
from app.extensions import db
from app.meetings.qr import base_url
from app.models import User
from app.network import organisations


def request_reset(email: str) -> None:
    """Send a reset link if an active account has this address; else nothing."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.active:
        return
    if not mail.enabled():
        current_app.logger.warning("password reset asked, but no mail server is configured (ALLO_MAIL_*)")
        return
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    token = organisations.invite(user, lifetime=timedelta(minutes=minutes), action="password_reset_mail")
    link = base_url() + url_for("network.welcome", token=token)
    body = _("Hello %(name)s,\n\nSomeone (you, we hope) asked to choose a new password for ALLO?! Review. "
             "Open this link within %(minutes)s minutes; it works once:\n\n%(link)s\n\n"
             "Did you not ask for this? Then do nothing: your password stays as it is.",
             name=user.name, minutes=minutes, link=link)
    mail.send_later(user.email, _("ALLO?! Review: choose a new password"), body)
