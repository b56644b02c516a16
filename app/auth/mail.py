"""Outgoing e-mail through an SMTP server (Python's smtplib), configured in config.py
(ALLO_MAIL_*). The only mail the app sends is a password reset link.

A mail is sent from a thread of its own, after the request: the page answers as fast
for an address that has an account as for one that has none. A failure is logged
without the address."""

import smtplib
import ssl
import threading
from email.message import EmailMessage

from flask import Flask, current_app


class NotConfigured(RuntimeError):
    """ALLO_MAIL_SERVER or ALLO_MAIL_SENDER is not set."""


def enabled() -> bool:
    config = current_app.config
    return bool(config.get("MAIL_SERVER") and config.get("MAIL_SENDER"))


def message(to: str, subject: str, body: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = current_app.config["MAIL_SENDER"], to, subject
    mail.set_content(body)
    return mail


def _send(config: dict, mail: EmailMessage) -> None:
    host, port, security = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_SECURITY"]
    context = ssl.create_default_context()
    if security == "ssl":
        smtp = smtplib.SMTP_SSL(host, port, timeout=20, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=20)
    with smtp:
        if security == "starttls":
            smtp.starttls(context=context)
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(mail)


def send_later(to: str, subject: str, body: str) -> threading.Thread:
    """Send in the background; returns the thread (tests wait for it)."""
    if not enabled():
        raise NotConfigured("Set ALLO_MAIL_SERVER and ALLO_MAIL_SENDER to send e-mail.")
    app: Flask = current_app._get_current_object()  # noqa: SLF001 - Flask's documented way for threads
    config, mail = dict(app.config), message(to, subject, body)

    def run():
        try:
            _send(config, mail)
        except (OSError, smtplib.SMTPException) as error:
            app.logger.warning("mail: sending failed (%s)", type(error).__name__)

    thread = threading.Thread(target=run, name="mail", daemon=True)
    thread.start()
    return thread
