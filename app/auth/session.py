"""Who is logged in. Participants never log in; this is for facilitators only."""

import functools

from flask import g, redirect, request, session, url_for
from sqlalchemy import select

from app.extensions import db
from app.models import User


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user and user.active and user.check_password(password):
        return user
    return None


def log_in(user: User) -> None:
    lang = session.get("lang")
    session.clear()  # a fresh session at login: nothing from before carries over
    session["user_id"] = user.id
    if lang:
        session["lang"] = lang
    session.permanent = True


def log_out() -> None:
    session.clear()


def current_user() -> User | None:
    if "user" not in g:
        user_id = session.get("user_id")
        user = db.session.get(User, user_id) if user_id else None
        g.user = user if user and user.active else None
    return g.user


def login_required(view):
    @functools.wraps(view)
    def wrapped(**kwargs):
        if current_user() is None:
            return redirect(url_for("auth.login", next=request.path))
        return view(**kwargs)

    return wrapped
