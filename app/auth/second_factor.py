"""The second factor: a six-digit code from an authenticator app (TOTP, RFC 6238,
with pyotp). A user sets it up from their account page; an organisation admin can
require it for everyone of their organisation, who then set it up at their next login.

A code is accepted for its 30-second step and one step either side (a phone's clock
is rarely exact), and only once: the last accepted step is kept and a conditional
UPDATE takes it, so a code seen over someone's shoulder cannot be used again.

Between the password and the code, the session holds only the user id and when the
password was right (`start`); log_in() replaces the session after the code."""

import hmac
import re
import time

import pyotp
from flask import session
from sqlalchemy import or_, update

from app.auth import audit
from app.extensions import db
from app.models import User

ISSUER = "ALLO?! Review"
STEP = 30
PENDING_SECONDS = 5 * 60
_SECRET = re.compile(r"^[A-Z2-7]{32}$")


def required(user: User) -> bool:
    return bool(user.organisation.require_second_factor)


def needed(user: User) -> bool:
    """Does this login need a code (or setting one up) after the password?"""
    return user.totp_secret is not None or required(user)


def new_secret() -> str:
    return pyotp.random_base32()


def uri(user: User, secret: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def valid_secret(secret) -> bool:
    return isinstance(secret, str) and bool(_SECRET.match(secret))


def _step(secret: str, code: str) -> int | None:
    """The time step this code is right for (now or one step either side), or None."""
    code = (code or "").replace(" ", "")
    if not (len(code) == 6 and code.isdigit()):
        return None
    totp, now = pyotp.TOTP(secret), time.time()
    for offset in (0, -1, 1):
        at = now + offset * STEP
        if hmac.compare_digest(totp.at(at), code):
            return int(at // STEP)
    return None


def check(user: User, code: str) -> bool:
    """A right code, not used before."""
    step = _step(user.totp_secret, code) if user.totp_secret else None
    if step is None:
        return False
    taken = db.session.execute(update(User).where(
        User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False))
    db.session.commit()
    db.session.refresh(user)
    return taken.rowcount == 1


def enrol(user: User, secret: str, code: str) -> bool:
    """Turn the second factor on with a secret the app was given, once a code proves it."""
    step = _step(secret, code) if valid_secret(secret) else None
    if step is None:
        return False
    user.totp_secret, user.totp_last_step = secret, step
    audit.record(user, "second_factor_on")
    return True


def turn_off(user: User, code: str) -> bool:
    """Turn it off with a right code; never while the organisation requires it."""
    if required(user) or not check(user, code):
        return False
    user.totp_secret, user.totp_last_step = None, None
    audit.record(user, "second_factor_off")
    return True


# --- between the password and the code -------------------------------------------

def start(user: User) -> None:
    session["pending_login"] = [user.id, int(time.time())]


def pending() -> User | None:
    """The user whose password was right a moment ago, waiting for their code."""
    found = session.get("pending_login")
    if not (isinstance(found, list) and len(found) == 2):
        return None
    user_id, since = found
    if time.time() - since > PENDING_SECONDS:
        session.pop("pending_login", None)
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.active else None
