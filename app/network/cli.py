"""Command-line tasks of the learning network: `flask --app app create-organisation`,
`invite-user` (a new one-time set-password link), `deactivate-user` and
`refresh-dashboard` (the dashboard's per-meeting summary; cron-able). `create-user` is in
app/ops/cli.py."""

import click
from flask import current_app, url_for
from flask.cli import with_appcontext
from sqlalchemy import select

from app.extensions import db
from app.models import Meeting, User
from app.models.people import ORGANISATION_KINDS
from app.network import organisations

BASE_URL = "http://127.0.0.1:5000"


def invitation_link(user: User, base_url: str) -> str:
    """The one-time link, on the server's address (the CLI has no request to take it from)."""
    token = organisations.invite(user)
    with current_app.test_request_context(base_url=base_url):
        return url_for("network.welcome", token=token, _external=True)


def _user(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No user with e-mail {email}.")
    return user


@click.command("create-organisation")
@click.option("--name", required=True)
@click.option("--kind", type=click.Choice(ORGANISATION_KINDS), default="other", show_default=True)
@click.option("--region", default=None, help='Region or zone, e.g. "Dender" (a dashboard filter).')
@with_appcontext
def create_organisation(name, kind, region):
    """Add an organisation to the learning network."""
    try:
        org = organisations.create_organisation(name, kind, region)
    except organisations.Refused as refused:
        raise click.ClickException(f"Organisation {name} not created: {refused}.") from None
    click.echo(f"Created organisation {org.name} ({org.kind}{', ' + org.region if org.region else ''}).")


@click.command("invite-user")
@click.option("--email", required=True)
@click.option("--base-url", default=BASE_URL, show_default=True)
@with_appcontext
def invite_user(email, base_url):
    """Print a new one-time link to set the password (earlier links stop working)."""
    user = _user(email)
    if not user.active:
        raise click.ClickException(f"{user.email} is deactivated.")
    click.echo(f"One-time link for {user.email}: {invitation_link(user, base_url)}")


@click.command("deactivate-user")
@click.option("--email", required=True)
@click.option("--reactivate", is_flag=True, help="Let the user log in again.")
@with_appcontext
def deactivate_user(email, reactivate):
    """Deactivate a user: login refused, every session ends at once."""
    user = _user(email)
    user.active = reactivate
    db.session.commit()
    if not reactivate:
        ended = organisations.revoke_all(user)
        click.echo(f"Deactivated {user.email}; {ended} session(s) ended.")
    else:
        click.echo(f"Reactivated {user.email}.")


@click.command("refresh-dashboard")
@click.option("--all", "everything", is_flag=True, help="Recompute every meeting, not only the changed ones.")
@with_appcontext
def refresh_dashboard(everything):
    """Recompute the dashboard's summary of the meetings whose barometer answers changed."""
    from app.network import dashboard

    if everything:
        done = dashboard.refresh(list(db.session.scalars(select(Meeting.id))))
    else:
        done = dashboard.refresh_stale()
    click.echo(f"Dashboard summary refreshed for {done} meeting(s).")


COMMANDS = (create_organisation, invite_user, deactivate_user, refresh_dashboard)
