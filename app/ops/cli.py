"""Command-line tasks: `flask --app app create-user`, `seed-demo`, `purge-texts`, `audit-log`;
the network's tasks are in app/network/cli.py, the follow-ups' in app/followups/cli.py."""

import click
from flask import current_app
from flask.cli import with_appcontext

from app.auth import audit
from app.extensions import db
from app.meetings import retention
from app.models import Organisation, User
from app.models.people import ROLES
from app.network import organisations
from app.network.cli import BASE_URL, invitation_link
from app.ops import demo


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--organisation", required=True, help="Created if it does not exist yet.")
@click.option("--role", type=click.Choice(ROLES), default="facilitator")
@click.option("--password", default=None, help="Asked for unless given or --invite.")
@click.option("--invite", is_flag=True, help="No password: print a one-time link to set one.")
@click.option("--base-url", default=BASE_URL, show_default=True, help="For the --invite link.")
@with_appcontext
def create_user(email, name, organisation, role, password, invite, base_url):
    """Create a facilitator (or admin) account."""
    org = db.session.query(Organisation).filter_by(name=organisation).first()
    if org is None:
        org = Organisation(name=organisation)
        db.session.add(org)
    if db.session.query(User).filter_by(email=email.lower()).first():
        raise click.ClickException(f"A user with e-mail {email} exists already.")
    if not invite and not password:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    user = organisations.create_user(None, email, name, org, role, password or None)
    click.echo(f"Created {role} {email} in {org.name}.")
    if invite:
        click.echo(f"One-time link to set the password: {invitation_link(user, base_url)}")


@click.command("seed-demo")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True)
@with_appcontext
def seed_demo(base_url):
    """Load the demo organisation, facilitator, open meeting and a year of past meetings
    (safe to run again; refuses a database that holds other organisations)."""
    try:
        meeting = demo.seed()
    except demo.RealData as error:
        raise click.ClickException(f"This database holds real organisations ({error}): "
                                   "demo data goes only into a database of its own.") from None
    click.echo("")
    click.echo("  ALLO?! Review demo")
    click.echo(f"  Facilitator login: {base_url}/login")
    click.echo(f"      e-mail {demo.EMAIL}  password {demo.PASSWORD}")
    click.echo(f"  Join the demo meeting: {base_url}/j/{meeting.token}")
    click.echo(f"      or type code {meeting.code} on {base_url}/")
    click.echo("")


@click.command("purge-texts")
@click.option("--months", type=int, default=None,
              help="Override ALLO_TEXT_RETENTION_MONTHS (0 keeps everything).")
@with_appcontext
def purge_texts(months):
    """Delete open-text and words answers of meetings that ended more than N months ago."""
    if months is None:
        months = current_app.config["TEXT_RETENTION_MONTHS"]
    purged = retention.purge_texts(months)
    total = sum(purged.values())
    click.echo(f"Deleted {total} text answers in {len(purged)} meetings older than {months} months.")


@click.command("audit-log")
@click.option("--limit", type=int, default=100, show_default=True)
@click.option("--meeting", "meeting_id", type=int, default=None, help="Only this meeting's events.")
@with_appcontext
def audit_log(limit, meeting_id):
    """List the latest audited actions (exports, deletions, people, logins...), newest first."""
    for event in audit.recent(limit, meeting_id):
        who = db.session.get(User, event.user_id) if event.user_id else None
        click.echo("\t".join([
            event.at.strftime("%Y-%m-%d %H:%M:%S"), who.email if who else "system", event.action,
            f"meeting {event.meeting_id}" if event.meeting_id else "-", event.detail or "",
        ]))


COMMANDS = (create_user, seed_demo, purge_texts, audit_log)
