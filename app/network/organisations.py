"""Organisations and people of the learning network: who may manage whom, creating
users and organisations, invitations (one-time set-password links), deactivation,
and the organisations hosting a meeting (co-hosting).

Rules (tests/test_permissions.py checks them):
- a network admin manages every organisation's users and creates organisations;
- an organisation admin manages the users of their own organisation only, and gives
  no role above their own;
- an admin manages (new password link, deactivate, reactivate, change role) only
  people whose role is below their own, never themselves or an equal: an organisation
  admin cannot take over a network admin, or another organisation admin, by making a
  password link for them (`may_manage`, the one rule for every people action and for
  the buttons of the users page); the command line manages everyone;
- a facilitator manages no one;
- any member of a meeting's owner organisation adds or removes co-hosts; a co-host
  sees and runs the meeting but does not change who hosts it.
All organisations in the database form the one network."""

import hashlib
import secrets
from datetime import timedelta

from flask import abort
from sqlalchemy import func, select

from app.auth import audit
from app.auth.session import revoke_all
from app.extensions import db
from app.models import Invitation, Meeting, Organisation, User
from app.models.base import utcnow
from app.models.people import ORGANISATION_KINDS, ROLES
from app.network import hosting

INVITATION_DAYS = 7
ADMIN_ROLES = ("org_admin", "network_admin")


class Refused(ValueError):
    """An action the rules do not allow, with a reason to show."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- organisations ---------------------------------------------------------------

def all_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def regions() -> list[str]:
    return list(db.session.scalars(select(Organisation.region).where(Organisation.region.is_not(None))
                                   .distinct().order_by(Organisation.region)))


def create_organisation(name: str, kind: str = "other", region: str | None = None) -> Organisation:
    name = name.strip()
    if kind not in ORGANISATION_KINDS:
        raise Refused(f"unknown kind {kind}")
    if not name:
        raise Refused("a name is needed")
    if db.session.scalar(select(Organisation.id).where(func.lower(Organisation.name) == name.lower())):
        raise Refused("exists")
    org = Organisation(name=name, kind=kind, region=(region or "").strip() or None)
    db.session.add(org)
    db.session.commit()
    return org


def can_create_organisations(user: User) -> bool:
    return user.role == "network_admin"


# --- users -----------------------------------------------------------------------

def is_admin(user: User) -> bool:
    return user.role in ADMIN_ROLES


def manageable_organisations(admin: User) -> list[Organisation]:
    if admin.role == "network_admin":
        return all_organisations()
    if admin.role == "org_admin":
        return [admin.organisation]
    return []


def roles_for(admin: User) -> tuple[str, ...]:
    """The roles this admin may give: never one above their own."""
    return ROLES[: ROLES.index(admin.role) + 1] if is_admin(admin) else ()


def can_manage(admin: User, organisation_id: int) -> bool:
    return admin.role == "network_admin" or (admin.role == "org_admin"
                                             and admin.organisation_id == organisation_id)


def may_manage(admin: User, person: User) -> bool:
    """The one rule for every action on an existing person: their organisation is the
    admin's to manage and their role is below the admin's own."""
    return (is_admin(admin) and person.id != admin.id and can_manage(admin, person.organisation_id)
            and ROLES.index(person.role) < ROLES.index(admin.role))


def users_for(admin: User) -> list[User]:
    """The users this admin manages (403 for a facilitator)."""
    if not is_admin(admin):
        abort(403)
    query = select(User).order_by(User.name)
    if admin.role != "network_admin":
        query = query.where(User.organisation_id == admin.organisation_id)
    return list(db.session.scalars(query))


def user_for(admin: User, user_id: int) -> User:
    """A user this admin manages; 403 for a facilitator, for oneself or for a role not
    below the admin's own, 404 for another organisation's user."""
    if not is_admin(admin):
        abort(403)
    found = db.session.get(User, user_id)
    if found is None or not can_manage(admin, found.organisation_id):
        abort(404)
    if not may_manage(admin, found):
        abort(403)
    return found


def create_user(admin: User | None, email: str, name: str, organisation: Organisation,
                role: str = "facilitator", password: str | None = None) -> User:
    """A new user. Without a password it cannot log in until it uses an invitation.
    admin None: the command line, which may do anything."""
    email = email.strip().lower()
    if role not in ROLES:
        raise Refused(f"unknown role {role}")
    if admin is not None and (not can_manage(admin, organisation.id) or role not in roles_for(admin)):
        raise Refused("not allowed")
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise Refused("exists")
    user = User(email=email, name=name.strip(), role=role, organisation=organisation,
                # no password hash matches "!": no login before the invitation is used
                password_hash="!")
    if password:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record(admin, "create_user", detail=f"user {user.id}: {role} of organisation {organisation.id}")
    return user


def invite(user: User, by: User | None = None, lifetime: timedelta = timedelta(days=INVITATION_DAYS),
           action: str = "password_link") -> str:
    """A new one-time link token to set the password; earlier unused ones stop working.
    Only its hash is stored: the admin sees the link once and passes it on (or it goes
    by e-mail: a password reset, app/auth/reset.py)."""
    now = utcnow()
    for old in db.session.scalars(select(Invitation).where(Invitation.user_id == user.id,
                                                           Invitation.used_at.is_(None))):
        old.used_at = now
    token = secrets.token_urlsafe(32)
    db.session.add(Invitation(user_id=user.id, token_hash=_hash(token), created_by_id=by.id if by else None,
                              created_at=now, expires_at=now + lifetime))
    audit.record(by, action, detail=f"user {user.id}")
    return token


def invitation(token: str) -> Invitation | None:
    """A usable invitation: not used, not expired, its user active."""
    found = db.session.scalar(select(Invitation).where(Invitation.token_hash == _hash(token)))
    if found is None or found.used_at is not None or found.expires_at <= utcnow():
        return None
    user = db.session.get(User, found.user_id)
    return found if user is not None and user.active else None


def use_invitation(found: Invitation, password: str) -> User:
    """Set the password once; every session of the user ends (a reset logs everyone out)."""
    user = db.session.get(User, found.user_id)
    user.set_password(password)
    found.used_at = utcnow()
    db.session.commit()
    revoke_all(user)
    return user


def set_active(admin: User, user: User, active: bool) -> None:
    """Deactivate (every session ends at once, login refused) or reactivate a user."""
    if not may_manage(admin, user):
        raise Refused("not allowed")
    user.active = active
    audit.record(admin, "reactivate_user" if active else "deactivate_user", detail=f"user {user.id}")
    if not active:
        revoke_all(user)


def set_role(admin: User, user: User, role: str) -> None:
    """Give a person another role: never one above the admin's own."""
    if not may_manage(admin, user) or role not in roles_for(admin):
        raise Refused("not allowed")
    audit.record(admin, "change_role", detail=f"user {user.id}: {user.role} -> {role}", commit=False)
    user.role = role
    db.session.commit()


def set_second_factor_required(admin: User, organisation: Organisation, required: bool) -> None:
    """Whether every user of the organisation logs in with a code from an app too."""
    if not (is_admin(admin) and can_manage(admin, organisation.id)):
        raise Refused("not allowed")
    organisation.require_second_factor = required
    audit.record(admin, "require_second_factor" if required else "second_factor_optional",
                 detail=f"organisation {organisation.id}")


# --- co-hosting ------------------------------------------------------------------

def can_manage_hosts(user: User, meeting: Meeting) -> bool:
    return user.organisation_id == meeting.organisation_id


def add_host(meeting: Meeting, organisation: Organisation) -> None:
    hosting.add(meeting, organisation)


def remove_host(meeting: Meeting, organisation: Organisation) -> None:
    """Its facilitators may have copied the read-only presenter link: it stops working."""
    try:
        hosting.remove(meeting, organisation, then=_revoke_presenter_link)
    except hosting.OwnerStays as refused:
        raise Refused(str(refused)) from None


def _revoke_presenter_link(meeting: Meeting) -> None:
    meeting.presenter_token = None
