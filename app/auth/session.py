"""Who is logged in. Participants never log in; this is for facilitators only.

A login makes a server-side session (models.UserSession) with a new random id;
Flask's signed cookie carries only that id (and the page language and CSRF
token), never the user id. Every request checks the row: not revoked, used in the
last SESSION_IDLE_MINUTES, younger than SESSION_MAX_HOURS, its user still active.
Logging out revokes the row, so a copied cookie stops working too."""

import functools
import hashlib
import secrets
from datetime import timedelta

from flask import current_app, g, redirect, request, session, url_for
from sqlalchemy import delete, or_, select, update

from app.auth import audit
from app.extensions import db
from app.models import User, UserSession
from app.models.base import utcnow

# last_seen_at is written at most this often: not one UPDATE per request.
TOUCH_EVERY = timedelta(minutes=1)


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _limits() -> tuple[timedelta, timedelta]:
    config = current_app.config
    return timedelta(minutes=config["SESSION_IDLE_MINUTES"]), timedelta(hours=config["SESSION_MAX_HOURS"])


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user and user.active and user.check_password(password):
        return user
    # The account tried, if there is one; never the address or the e-mail typed.
    audit.record(user, "login_failed", detail=None if user else "no such account")
    return None


def log_in(user: User) -> None:
    lang = session.get("lang")
    log_out()  # a fresh session at login: nothing from before carries over
    session_id = secrets.token_urlsafe(32)
    now = utcnow()
    idle, most = _limits()
    # This user's dead sessions go: the table holds live logins, not a history.
    db.session.execute(delete(UserSession).where(
        UserSession.user_id == user.id,
        or_(UserSession.revoked_at.is_not(None), UserSession.last_seen_at < now - idle,
            UserSession.created_at < now - most)))
    db.session.add(UserSession(id_hash=_hash(session_id), user_id=user.id, created_at=now, last_seen_at=now))
    audit.record(user, "login")
    session["sid"] = session_id
    if lang:
        session["lang"] = lang
    session.permanent = True
    g.pop("user", None)


def log_out() -> None:
    """Revoke the session on the server, then forget the cookie's content."""
    if session_id := session.get("sid"):
        db.session.execute(update(UserSession).where(UserSession.id_hash == _hash(session_id))
                           .values(revoked_at=utcnow()))
        db.session.commit()
    session.clear()
    g.pop("user", None)


def revoke_all(user: User) -> int:
    """End every session of a user (a lost laptop, a password change): -> how many."""
    result = db.session.execute(update(UserSession).where(
        UserSession.user_id == user.id, UserSession.revoked_at.is_(None)).values(revoked_at=utcnow()))
    db.session.commit()
    return result.rowcount


def _session_user() -> User | None:
    session_id = session.get("sid")
    if not isinstance(session_id, str):
        return None
    row = db.session.get(UserSession, _hash(session_id))
    now = utcnow()
    idle, most = _limits()
    if row is None or row.revoked_at or now - row.last_seen_at > idle or now - row.created_at > most:
        return None
    user = db.session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()
    return user


def current_user() -> User | None:
    if "user" not in g:
        g.user = _session_user()
    return g.user


def login_required(view):
    @functools.wraps(view)
    def wrapped(**kwargs):
        if current_user() is None:
            return redirect(url_for("auth.login", next=request.path))
        return view(**kwargs)

    return wrapped
